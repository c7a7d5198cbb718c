import type { LearningEntryCreateInput, LearningEntryUpdateInput } from '@constellation/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createLearning, deleteLearning, listLearning, updateLearning } from '../api/learning-api';

export const learningKeys = {
  all: (cid: string) => ['learning', cid] as const,
  list: (cid: string, indicatorId?: string) => ['learning', cid, 'list', indicatorId ?? 'all'] as const,
};

export function useLearningEntries(cid: string, indicatorId?: string) {
  return useQuery({ queryKey: learningKeys.list(cid, indicatorId), queryFn: () => listLearning(cid, indicatorId), select: (d) => d.items });
}

export function useLearningMutations(cid: string) {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: learningKeys.all(cid) });
  return {
    create: useMutation({ mutationFn: (body: Partial<LearningEntryCreateInput>) => createLearning(cid, body), onSuccess: done }),
    update: useMutation({
      mutationFn: ({ id, body }: { id: string; body: LearningEntryUpdateInput }) => updateLearning(cid, id, body),
      onSuccess: done,
    }),
    remove: useMutation({ mutationFn: (id: string) => deleteLearning(cid, id), onSuccess: done }),
  };
}
