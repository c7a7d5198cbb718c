import type { EditUpdateInput, UpdateReaction } from '@constellation/shared';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import {
  createUpdate,
  deleteUpdate,
  editUpdate,
  type FeedFilter,
  getFeed,
  type NewUpdate,
  setPinned,
  setReaction,
} from '../api/updates-api';

/** Under ['live', collaborationId]: the feed refreshes with the collaboration's live events too. */
export const updateKeys = {
  all: (cid: string) => ['live', cid, 'updates'] as const,
  feed: (cid: string, filter: FeedFilter) => ['live', cid, 'updates', filter] as const,
};

export function useFeed(cid: string, filter: FeedFilter = {}, pageSize = 20) {
  return useInfiniteQuery({
    queryKey: [...updateKeys.feed(cid, filter), pageSize],
    queryFn: ({ pageParam }) => getFeed(cid, filter, pageParam, pageSize),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchOnWindowFocus: true,
  });
}

export function useUpdateMutations(cid: string) {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: updateKeys.all(cid) });
  return {
    create: useMutation({
      mutationFn: ({ input, onProgress }: { input: NewUpdate; onProgress: (f: number) => void }) =>
        createUpdate(cid, input, onProgress),
      onSuccess: refresh,
    }),
    edit: useMutation({
      mutationFn: ({ id, body }: { id: string; body: EditUpdateInput }) => editUpdate(cid, id, body),
      onSuccess: refresh,
    }),
    remove: useMutation({ mutationFn: (id: string) => deleteUpdate(cid, id), onSuccess: refresh }),
    pin: useMutation({
      mutationFn: ({ id, pinned }: { id: string; pinned: boolean }) => setPinned(cid, id, pinned),
      onSuccess: refresh,
    }),
    react: useMutation({
      mutationFn: ({ id, reaction, on }: { id: string; reaction: UpdateReaction; on: boolean }) =>
        setReaction(cid, id, reaction, on),
      onSuccess: refresh,
    }),
  };
}
