import type {
  CommentSubject,
  CommentView,
  EmailMode,
  NotificationKind,
  NotificationView,
  ThreadView,
} from '@constellation/shared';
import { api } from '../../../lib/api-client';

export type { CommentView, ThreadView, NotificationView } from '@constellation/shared';
export interface MentionablePerson {
  userId: string;
  name: string;
  organisationName: string;
}

const base = (cid: string) => `/collaborations/${encodeURIComponent(cid)}/comments`;

export const getThread = (cid: string, on: CommentSubject, id: string) =>
  api.get<ThreadView>(base(cid), { query: { on, id } });
export const getMentionable = (cid: string, on: CommentSubject, id: string, q: string) =>
  api.get<{ items: MentionablePerson[] }>(`${base(cid)}/mentionable`, { query: { on, id, q } });
export const postComment = (
  cid: string,
  body: { on: CommentSubject; id: string; parentId: string | null; body: string },
) => api.post<CommentView>(base(cid), body);

export const getNotifications = () =>
  api.get<{ unread: number; items: NotificationView[] }>('/me/notifications');
export const markNotificationsRead = (body: { ids: string[] } | { all: true }) =>
  api.post<{ changed: number; unread: number }>('/me/notifications/read', body);

export type EmailPreferences = Record<NotificationKind, EmailMode>;
export const getPreferences = () => api.get<{ email: EmailPreferences }>('/me/notification-preferences');
export const putPreferences = (email: Partial<EmailPreferences>) =>
  api.put<{ email: EmailPreferences }>('/me/notification-preferences', { email });
export const unsubscribe = (token: string) =>
  api.post<{ kind: NotificationKind | 'digest'; label: string; email: 'off' }>('/notifications/unsubscribe', undefined, {
    query: { token },
  });
