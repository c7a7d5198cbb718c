import type { DimensionInput, DimensionUpdateInput } from '@constellation/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createDimension,
  createIndicator,
  deleteDimension,
  getExampleSet,
  getIndicator,
  importIndicatorSet,
  listDimensions,
  listExampleSets,
  listIndicators,
  listRevisions,
  setIndicatorStatus,
  updateDimension,
  updateIndicator,
  type IndicatorStatusFilter,
} from '../api/indicators-api';

export const indicatorKeys = {
  all: (cid: string) => ['indicators', cid] as const,
  list: (cid: string, status: IndicatorStatusFilter) => ['indicators', cid, 'list', status] as const,
  detail: (cid: string, id: string) => ['indicators', cid, 'detail', id] as const,
  revisions: (cid: string, id: string) => ['indicators', cid, 'revisions', id] as const,
  dimensions: (cid: string) => ['indicators', cid, 'dimensions'] as const,
  examples: ['indicator-set-examples'] as const,
};

export function useIndicators(cid: string, status: IndicatorStatusFilter = 'active') {
  return useQuery({ queryKey: indicatorKeys.list(cid, status), queryFn: () => listIndicators(cid, status), select: (d) => d.items });
}

export function useIndicator(cid: string, id: string) {
  return useQuery({ queryKey: indicatorKeys.detail(cid, id), queryFn: () => getIndicator(cid, id), enabled: !!id });
}

export function useIndicatorRevisions(cid: string, id: string) {
  return useQuery({ queryKey: indicatorKeys.revisions(cid, id), queryFn: () => listRevisions(cid, id), select: (d) => d.items });
}

export function useDimensions(cid: string) {
  return useQuery({ queryKey: indicatorKeys.dimensions(cid), queryFn: () => listDimensions(cid), select: (d) => d.items });
}

export function useExampleSets(enabled: boolean) {
  return useQuery({ queryKey: indicatorKeys.examples, queryFn: listExampleSets, select: (d) => d.items, enabled });
}

/** Every change refreshes everything about indicators in the collaboration (lists, details, dimensions). */
function useIndicatorMutation<TArgs, TResult>(cid: string, fn: (args: TArgs) => Promise<TResult>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: indicatorKeys.all(cid) }) });
}

export function useIndicatorMutations(cid: string) {
  return {
    create: useIndicatorMutation(cid, (body: Record<string, unknown>) => createIndicator(cid, body)),
    update: useIndicatorMutation(cid, ({ id, body }: { id: string; body: Record<string, unknown> }) => updateIndicator(cid, id, body)),
    setStatus: useIndicatorMutation(
      cid,
      ({ id, action, version }: { id: string; action: 'retire' | 'reinstate'; version: number }) =>
        setIndicatorStatus(cid, id, action, version),
    ),
    createDimension: useIndicatorMutation(cid, (body: DimensionInput) => createDimension(cid, body)),
    updateDimension: useIndicatorMutation(cid, ({ id, body }: { id: string; body: DimensionUpdateInput }) =>
      updateDimension(cid, id, body),
    ),
    deleteDimension: useIndicatorMutation(cid, (id: string) => deleteDimension(cid, id)),
    importExample: useIndicatorMutation(cid, async ({ exampleId, goalId }: { exampleId: string; goalId: string }) => {
      const set = await getExampleSet(exampleId);
      return importIndicatorSet(cid, { ...set, goalId });
    }),
  };
}
