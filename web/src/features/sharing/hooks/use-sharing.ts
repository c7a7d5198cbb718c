import type { CreateSharedDashboardInput } from '@constellation/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createSharedDashboard,
  getPublicDashboard,
  listSharedDashboards,
  revokeSharedDashboard,
} from '../api/sharing-api';

export const sharingKeys = {
  list: (cid: string) => ['shared-dashboards', cid] as const,
  /**
   * The public dashboard is worker output, so its key starts with 'live' (the dashboards'
   * convention); the page is outside any collaboration and has no live stream, so the link's
   * token stands where the collaboration id would, and the page refetches once a minute instead.
   */
  public: (token: string) => ['live', `share:${token}`, 'public-dashboard'] as const,
};

export function useSharedDashboards(cid: string) {
  return useQuery({
    queryKey: sharingKeys.list(cid),
    queryFn: () => listSharedDashboards(cid),
    select: (d) => d.items,
  });
}

export function useSharingMutations(cid: string) {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: sharingKeys.list(cid) });
  return {
    create: useMutation({
      mutationFn: (body: CreateSharedDashboardInput) => createSharedDashboard(cid, body),
      onSuccess: refresh,
    }),
    revoke: useMutation({ mutationFn: (id: string) => revokeSharedDashboard(cid, id), onSuccess: refresh }),
  };
}

export function usePublicDashboard(token: string) {
  return useQuery({
    queryKey: sharingKeys.public(token),
    queryFn: () => getPublicDashboard(token),
    refetchInterval: 60_000,
    enabled: token !== '',
  });
}
