import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type EmailJob, NOTIFICATION_KIND_LABELS, NOTIFICATION_KINDS, type NotificationKind } from '@constellation/shared';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { queryRows } from '../collaborations/common/sql';
import { MailQueue } from '../mail/redis.provider';
import type { NotificationWrite } from './notifications.repository';

/**
 * Notification emails. After the transaction that wrote the notifications commits, each one goes
 * by email to its person unless they turned that kind off; every email carries a one-click
 * unsubscribe link for its kind (an HMAC-signed token, RFC 8058 List-Unsubscribe headers).
 */
@Injectable()
export class NotificationMailer {
  private readonly log = new Logger('NotificationMailer');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly mail: MailQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The signed token that turns off emails of one kind for one person. */
  token(userId: string, kind: NotificationKind): string {
    const payload = Buffer.from(`${userId}:${kind}`).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /**
   * Who and which kind a token names, or null when it was not signed here. 'digest' is the daily
   * digest's List-Unsubscribe (written by the worker, worker/src/digest): every kind on digest.
   */
  verify(token: string): { userId: string; kind: NotificationKind | 'digest' } | null {
    const [payload, signature] = token.split('.');
    if (!payload || !signature) return null;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    const [userId, kind] = Buffer.from(payload, 'base64url').toString('utf8').split(':');
    if (!userId || !([...NOTIFICATION_KINDS, 'digest'] as readonly string[]).includes(kind ?? '')) return null;
    return { userId, kind: kind as NotificationKind | 'digest' };
  }

  /** The emails for these notifications (people who turned the kind off get none). */
  async emailsFor(rows: NotificationWrite[]): Promise<EmailJob[]> {
    if (rows.length === 0) return [];
    const people = await queryRows<{ id: string; email: string; off: NotificationKind[] }>(
      this.ds.manager,
      `SELECT u.id, u.email, COALESCE(array_agg(p.kind) FILTER (WHERE p.email = 'off'), '{}') AS off
         FROM users u LEFT JOIN notification_preferences p ON p.user_id = u.id
        WHERE u.id = ANY($1::uuid[]) GROUP BY u.id, u.email`,
      [[...new Set(rows.map((r) => r.userId))]],
    );
    const byId = new Map(people.map((p) => [p.id, p]));
    const base = this.config.publicUrl;
    return rows.flatMap((r) => {
      const person = byId.get(r.userId);
      if (!person || person.off.includes(r.kind)) return [];
      const token = this.token(r.userId, r.kind);
      const text = [
        r.title,
        ...(r.body ? ['', r.body] : []),
        '',
        `Open it: ${base}${r.link}`,
        '',
        '—',
        `You get this email because "${NOTIFICATION_KIND_LABELS[r.kind]}" is on in your email settings.`,
        `Stop these emails: ${base}/unsubscribe?token=${token}`,
        `All email settings: ${base}/settings/notifications`,
      ].join('\n');
      return [
        {
          to: person.email,
          subject: r.title.slice(0, 300),
          text,
          kind: `notification.${r.kind}`,
          headers: {
            'List-Unsubscribe': `<${base}/api/notifications/unsubscribe?token=${token}>`,
            'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' as const,
          },
        },
      ];
    });
  }

  /**
   * Queue the emails (after the writing transaction committed). A failure to reach the queue is
   * logged, not thrown: the change itself is done and the in-app notification is there.
   */
  async deliver(rows: NotificationWrite[]): Promise<void> {
    try {
      for (const job of await this.emailsFor(rows)) await this.mail.send(job);
    } catch (err) {
      this.log.error({ err: (err as Error).message, notifications: rows.length }, 'notification emails not queued');
    }
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.config.unsubscribeSecret).update(`unsubscribe:${payload}`).digest('base64url');
  }
}
