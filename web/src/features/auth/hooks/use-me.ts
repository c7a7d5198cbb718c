import type { Permission } from '@constellation/shared';
import { useQuery } from '@tanstack/react-query';
import { getMe, type Membership } from '../api/auth-api';

export const meQueryKey = ['me'] as const;

export function useMe() {
  return useQuery({ queryKey: meQueryKey, queryFn: getMe, staleTime: 30_000 });
}

/** My membership in one collaboration, from GET /api/me. */
export function useMembership(collaborationId: string | undefined): Membership | undefined {
  const me = useMe();
  return me.data?.memberships.find((m) => m.collaborationId === collaborationId);
}

/** Whether I hold a permission in a collaboration (what to show; the api decides what is allowed). */
export function useCan(collaborationId: string | undefined) {
  const membership = useMembership(collaborationId);
  return (permission: Permission) => membership?.permissions.includes(permission) ?? false;
}
