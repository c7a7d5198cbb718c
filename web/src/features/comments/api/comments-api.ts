import type {
  CommentSubject,
  CommentView,
  EmailMode,
  NotificationKind,
  NotificationPreferencesView,
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
export type { NotificationPreferencesView } from '@constellation/shared';
export interface PreferencesChange {
  email?: Partial<EmailPreferences>;
  /** null: back to the default (the first collaboration's time zone). */
  timeZone?: string | null;
  digestHour?: number;
}
export const getPreferences = () => api.get<NotificationPreferencesView>('/me/notification-preferences');
export const putPreferences = (change: PreferencesChange) => api.put<NotificationPreferencesView>('/me/notification-preferences', change);
export const unsubscribe = (token: string) =>
  api.post<{ kind: NotificationKind | 'digest'; label: string; email: 'off' }>('/notifications/unsubscribe', undefined, {
    query: { token },
  });
