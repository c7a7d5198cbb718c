import type { AcceptInvitationInput } from '@constellation/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { meQueryKey } from '../../auth/hooks/use-me';
import { collaborationKeys } from '../../collaborations/hooks/use-collaborations';
import { acceptInvitation, getInvitation } from '../api/invitations-api';

export function useInvitationPreview(token: string) {
  return useQuery({ queryKey: ['invitation', token], queryFn: () => getInvitation(token), enabled: !!token });
}

export function useAcceptInvitation(token: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: AcceptInvitationInput) => acceptInvitation(token, body),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: meQueryKey }),
        qc.invalidateQueries({ queryKey: collaborationKeys.list }),
        // Marked stale but not refetched now: refetching answers 410 ("no longer usable"), which would
        // replace the page before the caller's onSuccess navigates into the collaboration.
        qc.invalidateQueries({ queryKey: ['invitation', token], refetchType: 'none' }),
      ]),
  });
}
