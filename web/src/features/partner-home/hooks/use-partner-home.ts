import { useQuery } from '@tanstack/react-query';
import { getPartnerHome, listWins } from '../api/partner-home-api';

/** Live data (values, rollups and wins change with the worker): keys start with ['live', collaborationId]. */
export function usePartnerHome(cid: string, partnerId: string | null) {
  return useQuery({
    queryKey: ['live', cid, 'partner-home', partnerId],
    queryFn: () => getPartnerHome(cid, partnerId!),
    enabled: !!partnerId,
  });
}

export function useRecentWins(cid: string, enabled = true) {
  return useQuery({
    queryKey: ['live', cid, 'partner-home', 'wins'],
    queryFn: () => listWins(cid),
    select: (d) => d.items.filter((w) => w.status === 'active').slice(0, 5),
    enabled,
  });
}
