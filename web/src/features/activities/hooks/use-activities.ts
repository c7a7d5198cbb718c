import type { ActivitiesQuery, CreateActivityInput, UpdateActivityInput } from '@constellation/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createActivity, deleteActivity, getActivity, getMatrix, listActivities, postUpdate, updateActivity } from '../api/activities-api';

export const activityKeys = {
  all: (cid: string) => ['activities', cid] as const,
  list: (cid: string, q: Partial<ActivitiesQuery>) => ['activities', cid, 'list', q] as const,
  detail: (cid: string, id: string) => ['activities', cid, 'detail', id] as const,
  matrix: (cid: string) => ['activities', cid, 'matrix'] as const,
};

export function useActivities(cid: string, q: Partial<ActivitiesQuery>, enabled = true) {
  return useQuery({ queryKey: activityKeys.list(cid, q), queryFn: () => listActivities(cid, q), select: (d) => d.items, enabled });
}
export function useActivity(cid: string, id: string) {
  return useQuery({ queryKey: activityKeys.detail(cid, id), queryFn: () => getActivity(cid, id) });
}
export function useActivityMatrix(cid: string, enabled = true) {
  return useQuery({ queryKey: activityKeys.matrix(cid), queryFn: () => getMatrix(cid), enabled });
}

function useActivityMutation<TArgs, TResult>(cid: string, fn: (args: TArgs) => Promise<TResult>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: activityKeys.all(cid) }) });
}

export function useActivityMutations(cid: string) {
  return {
    create: useActivityMutation(cid, (body: Partial<CreateActivityInput>) => createActivity(cid, body)),
    update: useActivityMutation(cid, ({ id, body }: { id: string; body: UpdateActivityInput }) => updateActivity(cid, id, body)),
    remove: useActivityMutation(cid, (id: string) => deleteActivity(cid, id)),
    postUpdate: useActivityMutation(cid, ({ id, body }: { id: string; body: string }) => postUpdate(cid, id, body)),
  };
}
