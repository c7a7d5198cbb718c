import { Injectable } from '@nestjs/common';
import type { AuditPage, AuditQuery } from '@constellation/shared';
import { badRequest } from '../../../common/errors';
import { type RequestContext, requireMember } from '../../../common/request-context';
import { translateDbError } from '../common/db-errors';
import { AuditLogRepository } from './audit-log.repository';

/** ISO year 0 and earlier are not meaningful filters (and PostgreSQL reads year 0 as an error). */
const EARLIEST = Date.parse('0001-01-01T00:00:00Z');

/** The audit-log reader: who did what in this collaboration, newest first. */
@Injectable()
export class AuditLogService {
  constructor(private readonly auditLog: AuditLogRepository) {}

  async list(ctx: RequestContext, q: AuditQuery): Promise<AuditPage> {
    for (const key of ['from', 'to'] as const) {
      const value = q[key];
      if (value !== undefined && !(Date.parse(value) >= EARLIEST)) {
        throw badRequest('The period must be within years 1 to 9999', [
          { path: `query.${key}`, message: 'must be a date and time between years 1 and 9999' },
        ]);
      }
    }
    if (q.from && q.to && Date.parse(q.to) < Date.parse(q.from)) {
      throw badRequest('The end of the period is before its start', [
        { path: 'query.to', message: 'must not be before from' },
      ]);
    }
    const { page, pageSize, ...filter } = q;
    const collaborationId = requireMember(ctx).collaborationId;
    const { rows, total } = await this.auditLog
      .page({ ...filter, collaborationId }, page, pageSize)
      .catch((err: unknown) => translateDbError(err));
    return {
      items: rows.map((r) => ({
        id: r.id,
        createdAt: r.createdAt.toISOString(),
        actor:
          r.actorId && r.actorName !== null
            ? { id: r.actorId, name: r.actorName, email: r.actorEmail ?? '' }
            : null,
        action: r.action,
        entity: r.entity,
        entityId: r.entityId,
        outcome: r.outcome,
        ip: r.ip,
        before: r.before,
        after: r.after,
      })),
      total,
      page,
      pageSize,
    };
  }
}
