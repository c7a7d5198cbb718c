import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { escapeLike, queryOne, queryRows } from '../common/sql';

export interface AuditFilter {
  collaborationId: string;
  entity?: string;
  /** Exact action, or a prefix when it ends with "*" (e.g. "goal.*"). */
  action?: string;
  actorId?: string;
  outcome?: 'success' | 'denied';
  from?: string;
  to?: string;
}

export interface AuditEventRow {
  id: string;
  createdAt: Date;
  actorId: string | null;
  actorName: string | null;
  actorEmail: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  outcome: 'success' | 'denied';
  ip: string | null;
  before: unknown;
  after: unknown;
}

function where(f: AuditFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [f.collaborationId];
  const conditions = ['e.collaboration_id = $1'];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    conditions.push(sql(`$${params.length}`));
  };
  if (f.entity) add((p) => `e.entity = ${p}`, f.entity);
  if (f.action?.endsWith('*')) add((p) => `e.action LIKE ${p}`, escapeLike(f.action.slice(0, -1)) + '%');
  else if (f.action) add((p) => `e.action = ${p}`, f.action);
  if (f.actorId) add((p) => `e.actor_id = ${p}`, f.actorId);
  if (f.outcome) add((p) => `e.outcome = ${p}`, f.outcome);
  if (f.from) add((p) => `e.created_at >= ${p}::timestamptz`, f.from);
  if (f.to) add((p) => `e.created_at <= ${p}::timestamptz`, f.to);
  return { sql: conditions.join(' AND '), params };
}

/** Reads a collaboration's audit events (the audit module writes them). */
@Injectable()
export class AuditLogRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** One page, newest first (id breaks ties between events of one transaction). */
  async page(
    f: AuditFilter,
    page: number,
    pageSize: number,
  ): Promise<{ rows: AuditEventRow[]; total: number }> {
    const w = where(f);
    const [rows, count] = await Promise.all([
      queryRows<AuditEventRow>(
        this.ds.manager,
        `SELECT e.id::text AS id, e.created_at AS "createdAt", e.actor_id AS "actorId", u.name AS "actorName",
                u.email AS "actorEmail", e.action, e.entity, e.entity_id AS "entityId", e.outcome, e.ip,
                e.before, e.after
           FROM audit_events e
           LEFT JOIN users u ON u.id = e.actor_id
          WHERE ${w.sql}
          ORDER BY e.created_at DESC, e.id DESC
          LIMIT $${w.params.length + 1} OFFSET $${w.params.length + 2}`,
        [...w.params, pageSize, (page - 1) * pageSize],
      ),
      queryOne<{ n: number }>(
        this.ds.manager,
        `SELECT count(*)::int AS n FROM audit_events e WHERE ${w.sql}`,
        w.params,
      ),
    ]);
    return { rows, total: count?.n ?? 0 };
  }
}
