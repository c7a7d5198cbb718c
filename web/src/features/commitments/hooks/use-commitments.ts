import type { ReplaceCommitmentsInput } from '@constellation/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { listCommitments, replaceCommitments } from '../api/commitments-api';

export const commitmentKeys = { all: (cid: string) => ['commitments', cid] as const };

export function useCommitments(cid: string) {
  return useQuery({ queryKey: commitmentKeys.all(cid), queryFn: () => listCommitments(cid), select: (d) => d.items });
}

export function useReplaceCommitments(cid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ partnerId, body }: { partnerId: string; body: ReplaceCommitmentsInput }) => replaceCommitments(cid, partnerId, body),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: commitmentKeys.all(cid) }), qc.invalidateQueries({ queryKey: ['values', cid] })]),
  });
}
