import { z } from 'zod';
import { timeZone } from './collaboration';
import { nonEmptyText, uuid } from './common';

/** What a comment thread hangs on. */
export const COMMENT_SUBJECTS = ['indicator', 'value', 'activity', 'decision'] as const;
export type CommentSubject = (typeof COMMENT_SUBJECTS)[number];
export const MAX_COMMENT_LENGTH = 5000;
/** Mentions in one comment that are looked up; more are ignored. */
export const MAX_MENTIONS = 20;

const subjectField = z.enum(COMMENT_SUBJECTS, { message: `must be one of ${COMMENT_SUBJECTS.join(', ')}` });

/** GET …/comments?on=value&id=… */
export const commentThreadQuerySchema = z.strictObject({ on: subjectField, id: uuid });
export type CommentThreadQuery = z.infer<typeof commentThreadQuerySchema>;

/** GET …/comments/mentionable?on=…&id=…&q=… */
export const mentionableQuerySchema = z.strictObject({
  on: subjectField,
  id: uuid,
  q: z.string().trim().max(120, { message: 'must be at most 120 characters' }).default(''),
});
export type MentionableQuery = z.infer<typeof mentionableQuerySchema>;

/**
 * A new comment. `body` is a small markdown subset (emphasis, code, lists, links, quotes);
 * a mention is written as the link `[@Name](mention:<user id>)`. `parentId` answers a comment
 * (threads are one level deep: answering an answer answers its parent).
 */
export const createCommentSchema = z.strictObject({
  on: subjectField,
  id: uuid,
  parentId: uuid.nullable().default(null),
  body: nonEmptyText(MAX_COMMENT_LENGTH),
});
export type CreateCommentInput = z.infer<typeof createCommentSchema>;

/** `[@Name](mention:<uuid>)`: the user ids a body mentions, in order, without repeats. */
export function mentionedUserIds(body: string): string[] {
  const ids: string[] = [];
  for (const m of body.matchAll(/\]\(mention:([0-9a-fA-F-]{36})\)/g)) {
    const id = m[1]!.toLowerCase();
    if (!ids.includes(id)) ids.push(id);
  }
  return ids.slice(0, MAX_MENTIONS);
}

/** The link text a mention token is written with. */
export function mentionToken(name: string, userId: string): string {
  return `[@${name.replace(/[[\]()\\]/g, '')}](mention:${userId})`;
}

export const NOTIFICATION_KINDS = ['mention', 'value_returned', 'value_approved', 'milestone_met', 'reminder', 'decision'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** GET /me/notifications */
export const notificationsQuerySchema = z.strictObject({
  unread: z.enum(['true', 'false'], { message: 'must be true or false' }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export type NotificationsQuery = z.infer<typeof notificationsQuerySchema>;

/** POST /me/notifications/read: some, or all. */
export const markNotificationsReadSchema = z.union(
  [
    z.strictObject({
      ids: z
        .array(uuid, { message: 'must be a list of notification ids' })
        .min(1, { message: 'name at least one' })
        .max(200),
    }),
    z.strictObject({ all: z.literal(true, { message: 'must be true' }) }),
  ],
  { message: 'give ids (a list) or all: true' },
);
export type MarkNotificationsReadInput = z.infer<typeof markNotificationsReadSchema>;

export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  mention: 'Mentions of you',
  value_returned: 'Your values returned by the backbone',
  value_approved: 'Your values approved',
  milestone_met: 'Milestones met',
  reminder: 'Reporting reminders',
  decision: 'Shared decisions',
};

/**
 * Where a notification's email is (notifications.email_state, an outbox the worker relays):
 * pending → skipped (kind off) | digest (waits for the daily digest) | queued → sent | failed.
 */
export const NOTIFICATION_EMAIL_STATES = ['pending', 'queued', 'sent', 'failed', 'skipped', 'digest'] as const;
export type NotificationEmailState = (typeof NOTIFICATION_EMAIL_STATES)[number];

/** How a person wants to hear about one kind of notification by email (in-app is always on). */
export const EMAIL_MODES = ['immediate', 'digest', 'off'] as const;
export type EmailMode = (typeof EMAIL_MODES)[number];
const emailMode = z.enum(EMAIL_MODES, { message: `must be one of ${EMAIL_MODES.join(', ')}` });

/** The hour of the day (person's local time) the daily digest is sent from when none is chosen. */
export const DEFAULT_DIGEST_HOUR = 8;

/**
 * PUT /me/notification-preferences: any of the kinds (the others keep their setting), and the
 * daily digest's time zone (null: the time zone of the person's first collaboration, else UTC)
 * and hour (0–23, local time).
 */
export const notificationPreferencesSchema = z.strictObject({
  email: z
    .strictObject(
      Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, emailMode.optional()])) as Record<NotificationKind, z.ZodOptional<typeof emailMode>>,
    )
    .optional(),
  timeZone: timeZone.nullable().optional(),
  digestHour: z
    .number({ message: 'must be a whole hour from 0 to 23' })
    .int({ message: 'must be a whole hour from 0 to 23' })
    .min(0, { message: 'must be a whole hour from 0 to 23' })
    .max(23, { message: 'must be a whole hour from 0 to 23' })
    .optional(),
});
export type NotificationPreferencesInput = z.infer<typeof notificationPreferencesSchema>;

/** POST /notifications/unsubscribe?token=… (the one-click link of every notification email). */
export const unsubscribeQuerySchema = z.strictObject({
  token: z
    .string()
    .regex(/^[A-Za-z0-9_-]{20,400}\.[A-Za-z0-9_-]{43}$/, { message: 'is not a valid unsubscribe link' }),
});
export type UnsubscribeQuery = z.infer<typeof unsubscribeQuerySchema>;

/** The answers of the comments and notifications routes: one definition for the api and the web app. */
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

/** GET/PUT /me/notification-preferences answer. */
export interface NotificationPreferencesView {
  email: Record<NotificationKind, EmailMode>;
  /** The person's own choice (null: not chosen). */
  timeZone: string | null;
  /** The zone digests are timed in: their choice, else their first collaboration's, else UTC. */
  effectiveTimeZone: string;
  digestHour: number;
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
  /** Where its email is: 'failed' means it could not be delivered after the retries. */
  email: NotificationEmailState;
}
