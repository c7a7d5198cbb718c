import type { CommentSubject } from '@constellation/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getMentionable, getNotifications, getPreferences, getThread, markNotificationsRead, postComment, type PreferencesChange, putPreferences, unsubscribe } from '../api/comments-api';

export const commentKeys = {
  thread: (cid: string, on: CommentSubject, id: string) => ['comments', cid, on, id] as const,
  mentionable: (cid: string, on: CommentSubject, id: string, q: string) => ['comments', cid, on, id, 'mentionable', q] as const,
};
export const notificationKeys = { all: ['notifications'] as const, preferences: ['notification-preferences'] as const };

/**
 * The bell's fallback poll while the tab is open (news arrives live over /api/me/events; it also
 * asks whenever the tab regains focus).
 */
export const NOTIFICATIONS_POLL_MS = 5 * 60_000;

export function useThread(cid: string, on: CommentSubject, id: string) {
  return useQuery({ queryKey: commentKeys.thread(cid, on, id), queryFn: () => getThread(cid, on, id), refetchOnWindowFocus: true });
}

export function useMentionable(cid: string, on: CommentSubject, id: string, q: string | null, enabled: boolean) {
  return useQuery({
    queryKey: commentKeys.mentionable(cid, on, id, q ?? ''),
    queryFn: () => getMentionable(cid, on, id, q ?? ''),
    enabled: enabled && q !== null,
    select: (d) => d.items,
    staleTime: 30_000,
  });
}

export function usePostComment(cid: string, on: CommentSubject, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { parentId: string | null; body: string }) => postComment(cid, { on, id, ...body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: commentKeys.thread(cid, on, id) }),
  });
}

export function useNotifications(enabled: boolean) {
  return useQuery({
    queryKey: notificationKeys.all,
    queryFn: getNotifications,
    enabled,
    refetchInterval: NOTIFICATIONS_POLL_MS,
    refetchOnWindowFocus: 'always',
  });
}

export function useMarkNotificationsRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: markNotificationsRead,
    onSuccess: () => qc.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function usePreferences() {
  return useQuery({ queryKey: notificationKeys.preferences, queryFn: getPreferences });
}

export function useSetPreferences() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (change: PreferencesChange) => putPreferences(change),
    onSuccess: (d) => qc.setQueryData(notificationKeys.preferences, d),
  });
}

export function useUnsubscribe() {
  return useMutation({ mutationFn: unsubscribe });
}
