import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type EmailMode,
  type MarkNotificationsReadInput,
  NOTIFICATION_KIND_LABELS,
  NOTIFICATION_KINDS,
  type NotificationKind,
  type NotificationPreferencesInput,
  type NotificationPreferencesView,
  type NotificationsQuery,
} from '@constellation/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../../common/errors';
import { type RequestContext, requireUser } from '../../common/request-context';
import { AuditService } from '../audit/audit.service';
import { verifyUnsubscribeToken } from '@constellation/shared/node';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { type NotificationView, NotificationsRepository } from './notifications.repository';

const canonicalZone = (tz: string) => new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone;

export type EmailPreferences = Record<NotificationKind, EmailMode>;

/** A person's own in-app notifications, across their collaborations, and their email settings. */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: NotificationsRepository,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(ctx: RequestContext, q: NotificationsQuery): Promise<{ unread: number; items: NotificationView[] }> {
    const user = requireUser(ctx);
    const m = this.repo.manager;
    return { unread: await this.repo.unreadCount(m, user.id), items: await this.repo.list(m, user.id, q.unread === 'true', q.limit) };
  }

  async markRead(ctx: RequestContext, body: MarkNotificationsReadInput): Promise<{ changed: number; unread: number }> {
    const user = requireUser(ctx);
    return this.ds.transaction(async (m) => {
      const ids = 'all' in body ? 'all' : body.ids;
      const changed = await this.repo.markRead(m, user.id, ids);
      await this.audit.record(ctx, { action: 'notifications.read', entity: 'notification', before: null, after: { ids, changed } }, m);
      return { changed, unread: await this.repo.unreadCount(m, user.id) };
    });
  }

  async preferences(ctx: RequestContext): Promise<NotificationPreferencesView> {
    return this.preferencesView(this.repo.manager, requireUser(ctx).id);
  }

  async setPreferences(ctx: RequestContext, body: NotificationPreferencesInput): Promise<NotificationPreferencesView> {
    const user = requireUser(ctx);
    return this.ds.transaction(async (m) => {
      const before = await this.preferencesView(m, user.id);
      for (const kind of NOTIFICATION_KINDS) {
        const mode = body.email?.[kind];
        if (mode) await this.repo.setPreference(m, user.id, kind, mode);
      }
      if (body.timeZone !== undefined || body.digestHour !== undefined) {
        await this.repo.setDigestSettings(m, user.id, {
          // The runtime's canonical spelling (e.g. 'utc' → 'UTC'), as agendas store theirs.
          timeZone: body.timeZone === undefined ? undefined : body.timeZone === null ? null : canonicalZone(body.timeZone),
          digestHour: body.digestHour,
        });
      }
      const after = await this.preferencesView(m, user.id);
      await this.audit.record(ctx, { action: 'notifications.preferences', entity: 'user', entityId: user.id, before, after }, m);
      return after;
    });
  }

  /**
   * One-click unsubscribe (no session: the signed token names the person and the kind). The daily
   * digest's token ('digest') turns off every kind the person has on "Daily digest".
   */
  async unsubscribe(ctx: RequestContext, token: string): Promise<{ kind: NotificationKind | 'digest'; label: string; email: 'off' }> {
    const who = verifyUnsubscribeToken(this.config.unsubscribeSecret, token);
    if (!who) {
      throw new AppError(HttpStatus.BAD_REQUEST, 'This unsubscribe link is not valid any more; change your email settings instead', [
        { path: 'query.token', message: 'is not a valid unsubscribe link' },
      ]);
    }
    await this.ds.transaction(async (m) => {
      const exists = await m.query(`SELECT 1 FROM users WHERE id = $1`, [who.userId]);
      if (exists.length === 0) return;
      const before = await this.emailPreferences(m, who.userId);
      const kinds = who.kind === 'digest' ? NOTIFICATION_KINDS.filter((k) => before[k] === 'digest') : [who.kind];
      for (const kind of kinds) await this.repo.setPreference(m, who.userId, kind, 'off');
      await this.audit.record(
        ctx,
        {
          action: 'notifications.unsubscribe',
          entity: 'user',
          entityId: who.userId,
          actorId: who.userId,
          before: Object.fromEntries(kinds.map((k) => [k, before[k]])),
          after: Object.fromEntries(kinds.map((k) => [k, 'off'])),
        },
        m,
      );
    });
    return { kind: who.kind, label: who.kind === 'digest' ? 'Daily digest' : NOTIFICATION_KIND_LABELS[who.kind], email: 'off' };
  }

  private async preferencesView(m: EntityManager, userId: string): Promise<NotificationPreferencesView> {
    const digest = await this.repo.digestSettings(m, userId);
    return { email: await this.emailPreferences(m, userId), ...digest };
  }

  private async emailPreferences(m: EntityManager, userId: string): Promise<EmailPreferences> {
    const set = new Map((await this.repo.preferences(m, userId)).map((p) => [p.kind, p.email]));
    return Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, set.get(k) ?? 'immediate'])) as EmailPreferences;
  }
}
