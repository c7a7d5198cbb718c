import { type EmailJob, NOTIFICATION_KIND_LABELS, type NotificationKind } from '@constellation/shared';
import { unsubscribeToken } from '@constellation/shared/node';

export interface NotificationForEmail {
  id: string;
  userId: string;
  email: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string;
}

export interface ComposeOptions {
  /** PUBLIC_URL without a trailing slash. */
  publicUrl: string;
  unsubscribeSecret: string;
}

/**
 * The email of one notification: its title, body and link, why the person gets it, and a
 * one-click unsubscribe for its kind (an HMAC-signed token the api verifies; RFC 8058 headers).
 */
export function composeNotificationEmail(n: NotificationForEmail, o: ComposeOptions): EmailJob {
  const base = o.publicUrl;
  const token = unsubscribeToken(o.unsubscribeSecret, n.userId, n.kind);
  const text = [
    n.title,
    ...(n.body ? ['', n.body] : []),
    '',
    `Open it: ${base}${n.link}`,
    '',
    '—',
    `You get this email because "${NOTIFICATION_KIND_LABELS[n.kind]}" is on in your email settings.`,
    `Stop these emails: ${base}/unsubscribe?token=${token}`,
    `All email settings: ${base}/settings/notifications`,
  ].join('\n');
  return {
    to: n.email,
    subject: n.title.slice(0, 300),
    text,
    kind: `notification.${n.kind}`,
    headers: {
      'List-Unsubscribe': `<${base}/api/notifications/unsubscribe?token=${token}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
    notificationIds: [n.id],
  };
}
