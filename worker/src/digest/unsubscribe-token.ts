import type { NotificationKind } from '@constellation/shared';
import { createHmac } from 'node:crypto';

/**
 * The one-click unsubscribe token, written by the worker. The SAME format and key as the api's
 * NotificationMailer.token() (api/src/modules/comments/notification-mailer.ts), which verifies it:
 * `base64url(userId:kind).base64url(HMAC-SHA256(UNSUBSCRIBE_SECRET, "unsubscribe:" + payload))`.
 * Kept here until the token moves to a module both can import; a unit test pins the format.
 *
 * `kind` 'digest' is the digest's List-Unsubscribe: it turns off every kind the person has on
 * "Daily digest".
 */
export function workerUnsubscribeToken(secret: string, userId: string, kind: NotificationKind | 'digest'): string {
  const payload = Buffer.from(`${userId}:${kind}`).toString('base64url');
  const signature = createHmac('sha256', secret).update(`unsubscribe:${payload}`).digest('base64url');
  return `${payload}.${signature}`;
}
