import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { isApiError } from '../../../lib/api-client';
import {
  getAttention,
  getCompleteness,
  getExplain,
  getProgress,
  getRollups,
  getWins,
  type Granularity,
} from '../api/dashboards-api';

/**
 * Every query of data the worker computes starts with ['live', collaborationId]: the live-updates
 * hook invalidates that prefix when the worker publishes `rollup-updated`.
 */
export const liveKeys = {
  all: (cid: string) => ['live', cid] as const,
  progress: (cid: string, indicatorId?: string, granularity?: Granularity) =>
    ['live', cid, 'progress', indicatorId ?? 'all', granularity ?? 'all'] as const,
  wins: (cid: string, indicatorId?: string) => ['live', cid, 'wins', indicatorId ?? 'all'] as const,
  rollups: (cid: string, indicatorId: string, granularity: Granularity, scope: 'all' | 'partners', cell?: string) =>
    ['live', cid, 'rollups', indicatorId, granularity, scope, cell ?? 'every cell'] as const,
  completeness: (cid: string, indicatorId: string) => ['live', cid, 'completeness', indicatorId] as const,
  explain: (cid: string, indicatorId: string, granularity: Granularity, period: string, cell: string) =>
    ['live', cid, 'explain', indicatorId, granularity, period, cell] as const,
  attention: (cid: string) => ['live', cid, 'attention'] as const,
};

export function useProgress(cid: string, indicatorId?: string, granularity?: Granularity) {
  return useQuery({
    queryKey: liveKeys.progress(cid, indicatorId, granularity),
    queryFn: () => getProgress(cid, { indicatorId, granularity }),
    placeholderData: keepPreviousData,
  });
}

export function useWins(cid: string, indicatorId?: string) {
  return useQuery({
    queryKey: liveKeys.wins(cid, indicatorId),
    queryFn: () => getWins(cid, indicatorId),
    select: (d) => d.items,
  });
}

export function useRollups(
  cid: string,
  indicatorId: string,
  granularity: Granularity,
  scope: 'all' | 'partners' = 'all',
  enabled = true,
  /** One cell only ('total', or `dim=cat;…`); every cell when absent. */
  cell?: string,
) {
  return useQuery({
    queryKey: liveKeys.rollups(cid, indicatorId, granularity, scope, cell),
    queryFn: () => getRollups(cid, { indicatorId, granularity, scope, ...(cell ? { cell } : {}) }),
    placeholderData: keepPreviousData,
    enabled,
    // A 403 (a funder, where the collaboration does not show contributions) will not change by retrying.
    retry: (count, e) => !isApiError(e) && count < 2,
  });
}

/**
 * Reporting completeness of several indicators at once (one request each, run in parallel), over
 * the last year and this one (so the latest period with data is in the window).
 */
export function useCompletenessMany(
  cid: string,
  indicators: { id: string; granularity: Granularity }[],
  range?: { from: string; to: string },
) {
  return useQueries({
    queries: indicators.map(({ id, granularity }) => ({
      queryKey: [...liveKeys.completeness(cid, id), granularity, range?.from ?? '', range?.to ?? ''],
      queryFn: () => getCompleteness(cid, id, granularity, range),
      staleTime: 60_000,
    })),
  });
}

export function useExplain(
  cid: string,
  q: { indicatorId: string; granularity: Granularity; period: string; cell: string } | null,
) {
  return useQuery({
    queryKey: q
      ? liveKeys.explain(cid, q.indicatorId, q.granularity, q.period, q.cell)
      : ['live', cid, 'explain', 'none'],
    queryFn: () => getExplain(cid, q!),
    enabled: q !== null,
    retry: (count, e) => !isApiError(e) && count < 2,
  });
}

export function useAttention(cid: string) {
  return useQuery({ queryKey: liveKeys.attention(cid), queryFn: () => getAttention(cid) });
}
