import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditEventEntity } from '../../database/entities';
import type { RequestContext } from '../../common/request-context';

export interface AuditInput {
  action: string;
  entity: string;
  entityId?: string | null;
  collaborationId?: string | null;
  outcome?: 'success' | 'denied';
  before?: unknown;
  after?: unknown;
  /** Actor when there is no signed-in user on the context (e.g. sign-up). */
  actorId?: string | null;
}

/** Never store secrets in the audit log. */
const SECRET_KEYS = new Set(['password', 'passwordHash', 'token', 'tokenHash', 'csrfToken']);
function scrub(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(scrub);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (!SECRET_KEYS.has(k)) out[k] = scrub(v);
    }
    return out;
  }
  return value;
}

/**
 * Records who did what, when, from where, before and after. Pass the transaction's
 * EntityManager so the event commits (or rolls back) with the write it describes.
 */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async record(ctx: RequestContext, input: AuditInput, manager?: EntityManager): Promise<void> {
    const m = manager ?? this.ds.manager;
    await m.insert(AuditEventEntity, {
      collaborationId: input.collaborationId ?? ctx.member?.collaborationId ?? null,
      actorId: input.actorId ?? ctx.user?.id ?? null,
      action: input.action,
      entity: input.entity,
      entityId: input.entityId ?? null,
      outcome: input.outcome ?? 'success',
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      requestId: ctx.requestId,
      before: scrub(input.before) as object | null,
      after: scrub(input.after) as object | null,
    });
  }
}
