import type { CommentSubject, EmailMode, NotificationKind } from '@constellation/shared';
import { api } from '../../../lib/api-client';

export interface CommentView {
  id: string;
  parentId: string | null;
  kind: 'comment' | 'return_reason';
  body: string;
  author: { id: string; name: string };
  createdAt: string;
  mentions: { userId: string; name: string }[];
  replies: CommentView[];
}
export interface ThreadView {
  subject: { on: CommentSubject; id: string; label: string; link: string };
  comments: CommentView[];
}
export interface MentionablePerson {
  userId: string;
  name: string;
  organisationName: string;
}
export interface NotificationView {
  id: string;
  kind: NotificationKind;
  collaborationId: string;
  collaborationName: string;
  actor: { id: string; name: string } | null;
  title: string;
  body: string;
  link: string;
  createdAt: string;
  readAt: string | null;
}

const base = (cid: string) => `/collaborations/${encodeURIComponent(cid)}/comments`;

export const getThread = (cid: string, on: CommentSubject, id: string) => api.get<ThreadView>(base(cid), { query: { on, id } });
export const getMentionable = (cid: string, on: CommentSubject, id: string, q: string) =>
  api.get<{ items: MentionablePerson[] }>(`${base(cid)}/mentionable`, { query: { on, id, q } });
export const postComment = (cid: string, body: { on: CommentSubject; id: string; parentId: string | null; body: string }) =>
  api.post<CommentView>(base(cid), body);

export const getNotifications = () => api.get<{ unread: number; items: NotificationView[] }>('/me/notifications');
export const markNotificationsRead = (body: { ids: string[] } | { all: true }) =>
  api.post<{ changed: number; unread: number }>('/me/notifications/read', body);

export type EmailPreferences = Record<NotificationKind, EmailMode>;
export const getPreferences = () => api.get<{ email: EmailPreferences }>('/me/notification-preferences');
export const putPreferences = (email: Partial<EmailPreferences>) => api.put<{ email: EmailPreferences }>('/me/notification-preferences', { email });
export const unsubscribe = (token: string) =>
  api.post<{ kind: NotificationKind; label: string; email: 'off' }>('/notifications/unsubscribe', undefined, { query: { token } });
