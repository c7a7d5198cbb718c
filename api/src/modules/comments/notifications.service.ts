import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { MarkNotificationsReadInput, NotificationsQuery } from '@constellation/shared';
import type { DataSource } from 'typeorm';
import { type RequestContext, requireUser } from '../../common/request-context';
import { AuditService } from '../audit/audit.service';
import { type NotificationView, NotificationsRepository } from './notifications.repository';

/** A person's own in-app notifications, across their collaborations. */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: NotificationsRepository,
    private readonly audit: AuditService,
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
}
