/// <reference types="node" />
/**
 * `@constellation/shared/node`: code that needs Node's crypto, for the api and the worker only
 * (the web app bundles `@constellation/shared` and must not pull node:crypto in, so none of this is
 * exported from index.ts).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { NOTIFICATION_KINDS, type NotificationKind } from './schemas/comments';

/**
 * The HMAC key of unsubscribe links when UNSUBSCRIBE_SECRET is unset outside production. The api
 * (which verifies) and the worker (which signs) must use the same key, so it is fixed and public:
 * production refuses to start without UNSUBSCRIBE_SECRET.
 */
export const DEVELOPMENT_UNSUBSCRIBE_SECRET = 'constellation-development-unsubscribe-key-not-secret';

function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(`unsubscribe:${payload}`).digest('base64url');
}

/**
 * What an unsubscribe link turns off: one kind, or 'digest' (the daily digest's List-Unsubscribe:
 * every kind the person has on "Daily digest").
 */
export type UnsubscribeKind = NotificationKind | 'digest';

/** The signed token that turns off emails of one kind (or the digest) for one person. */
export function unsubscribeToken(secret: string, userId: string, kind: UnsubscribeKind): string {
  const payload = Buffer.from(`${userId}:${kind}`).toString('base64url');
  return `${payload}.${sign(secret, payload)}`;
}

/** Who and which kind a token names, or null when it was not signed with this secret. */
export function verifyUnsubscribeToken(secret: string, token: string): { userId: string; kind: UnsubscribeKind } | null {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const [userId, kind] = Buffer.from(payload, 'base64url').toString('utf8').split(':');
  if (!userId || !([...NOTIFICATION_KINDS, 'digest'] as readonly string[]).includes(kind ?? '')) return null;
  return { userId, kind: kind as UnsubscribeKind };
}
