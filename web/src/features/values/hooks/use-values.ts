import type { ValueRowInput } from '@constellation/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { inChunks, PartlyDone, saveInChunks } from '../workflow-chunks';
import { closePeriod, getExpected, listAllValues, listPeriodLocks, reopenPeriod, reviewPrevious, reviewQueue, reviewValues, saveValues, submitValues, valueHistory, type ValuesFilter } from '../api/values-api';

export const valueKeys = {
  all: (cid: string) => ['values', cid] as const,
  expected: (cid: string, partnerId: string, from?: string, to?: string) => ['values', cid, 'expected', partnerId, from, to] as const,
  list: (cid: string, q: Record<string, unknown>) => ['values', cid, 'list', q] as const,
  queue: (cid: string) => ['values', cid, 'queue'] as const,
  previous: (cid: string, partnerId: string, period: string) => ['values', cid, 'queue', 'previous', partnerId, period] as const,
  history: (cid: string, id: string) => ['values', cid, 'history', id] as const,
  locks: (cid: string) => ['values', cid, 'locks'] as const,
};

export function useExpected(cid: string, partnerId: string | null, from?: string, to?: string) {
  return useQuery({
    queryKey: valueKeys.expected(cid, partnerId ?? '', from, to),
    queryFn: () => getExpected(cid, partnerId!, from, to),
    enabled: !!partnerId,
  });
}
/** Every value matching the filter (all pages). */
export function useValues(cid: string, q: ValuesFilter, enabled = true) {
  return useQuery({ queryKey: valueKeys.list(cid, { ...q }), queryFn: () => listAllValues(cid, q), select: (d) => d.items, enabled });
}
export function useReviewQueue(cid: string) {
  return useQuery({ queryKey: valueKeys.queue(cid), queryFn: () => reviewQueue(cid), select: (d) => d.items });
}
/** The previous values of one review-queue group (asked when the group is shown). */
export function usePreviousValues(cid: string, partnerId: string, period: string, enabled: boolean) {
  return useQuery({ queryKey: valueKeys.previous(cid, partnerId, period), queryFn: () => reviewPrevious(cid, partnerId, period), select: (d) => d.previous, enabled });
}
export function useValueHistory(cid: string, id: string | null) {
  return useQuery({ queryKey: valueKeys.history(cid, id ?? ''), queryFn: () => valueHistory(cid, id!), select: (d) => d.items, enabled: !!id });
}

export function useValueMutations(cid: string) {
  const qc = useQueryClient();
  const onSuccess = () => qc.invalidateQueries({ queryKey: valueKeys.all(cid) });
  // After a part-way failure the earlier requests are stored: refresh. After a plain failure keep what is
  // shown (a 409 must not quietly pick up the other person's version for the next save).
  const onSettled = (_: unknown, error: unknown) => (error === null || error instanceof PartlyDone ? onSuccess() : undefined);
  return {
    save: useMutation({
      mutationFn: ({ rows, submit }: { rows: ValueRowInput[]; submit: boolean }) => saveInChunks(rows, (part) => saveValues(cid, part, submit)),
      onSettled,
    }),
    // Any number of values, in requests of at most MAX_IDS_PER_REQUEST (workflow-chunks.ts).
    submit: useMutation({ mutationFn: (ids: string[]) => inChunks(ids, (part) => submitValues(cid, part)), onSettled }),
    review: useMutation({
      mutationFn: ({ ids, decision, reason }: { ids: string[]; decision: 'approve' | 'return'; reason?: string }) =>
        inChunks(ids, (part) => reviewValues(cid, part, decision, reason)),
      onSettled,
    }),
  };
}

export function usePeriodLocks(cid: string) {
  return useQuery({ queryKey: valueKeys.locks(cid), queryFn: () => listPeriodLocks(cid), select: (d) => d.items });
}

export function usePeriodLockMutations(cid: string) {
  const qc = useQueryClient();
  const onSuccess = () => qc.invalidateQueries({ queryKey: valueKeys.all(cid) });
  return {
    close: useMutation({ mutationFn: (period: string) => closePeriod(cid, period), onSuccess }),
    reopen: useMutation({ mutationFn: (period: string) => reopenPeriod(cid, period), onSuccess }),
  };
}
