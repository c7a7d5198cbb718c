import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ErrorDetail, ReviewValuesInput, SubmitValuesInput, ValueView } from '@constellation/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { AppError, notFound } from '../../../common/errors';
import type { RequestContext } from '../../../common/request-context';
import { LiveEventsPublisher } from '../../mail/redis.provider';
import { AuditService } from '../../audit/audit.service';
import { CommentsService } from '../../comments/comments.service';
import type { NotificationWrite } from '../../comments/notifications.repository';
import { CollaborationWriteLock } from '../../collaborations/common/collaboration-write-lock';
import { translateDbError } from '../../collaborations/common/db-errors';
import type { ValuesActor } from '../common/actor';
import { PeriodLockCheck } from '../common/period-lock-check';
import { type MeasurementSettings, MeasurementSettingsRepository } from '../common/settings.repository';
import { changesRollups, OutboxCollector, snapshot, toValueView } from '../common/value-changes';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { tokenLabel } from '../values/values-batch.service';
import { type RevisionWrite, type ValueRow, ValuesRepository } from '../values/values.repository';

export interface WorkflowResult {
  changed: number;
  unchanged: number;
  values: ValueView[];
}

/**
 * The workflow: draft/returned → submitted (partners, own organisation), submitted → approved or
 * returned with a reason (backbone reviewers), and deleting a draft or returned value. Each change
 * keeps a revision, writes an outbox row when it moves a rollup, and is audited, in one transaction.
 */
@Injectable()
export class WorkflowService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly values: ValuesRepository,
    private readonly settings: MeasurementSettingsRepository,
    private readonly writeLock: CollaborationWriteLock,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
    private readonly comments: CommentsService,
    private readonly live: LiveEventsPublisher,
  ) {}

  submit(ctx: RequestContext, actor: ValuesActor, body: SubmitValuesInput, key: string | undefined): Promise<WorkflowResult> {
    return this.run(actor, 'submit', body, key, async (m, settings, rows) => {
      const own = rows.filter((r) => r.partnerId === actor.partnerId);
      this.requireAll(body.ids, own, 'You can submit only your own organisation\'s values');
      const todo = own.filter((r) => r.status === 'draft' || r.status === 'returned');
      return this.apply(m, ctx, actor, settings, rows, todo, { status: 'submitted', reason: null, action: 'submit' });
    });
  }

  async review(ctx: RequestContext, actor: ValuesActor, body: ReviewValuesInput, key: string | undefined): Promise<WorkflowResult> {
    const sink: NotificationWrite[] = [];
    const result = await this.run(actor, 'review', body, key, async (m, settings, rows) => {
      this.requireAll(body.ids, rows, 'Value not found');
      const target = body.decision === 'approve' ? 'approved' : 'returned';
      const wrong: ErrorDetail[] = [];
      body.ids.forEach((id, i) => {
        const row = rows.find((r) => r.id === id)!;
        if (row.status !== 'submitted' && row.status !== target) {
          wrong.push({ path: `ids.${i}`, message: `is ${row.status}: only submitted values can be ${target}` });
        }
      });
      if (wrong.length > 0) throw new AppError(HttpStatus.CONFLICT, `${wrong.length} of the values are not waiting for review; nothing was changed`, wrong);
      const todo = rows.filter((r) => r.status === 'submitted');
      return this.apply(m, ctx, actor, settings, rows, todo, {
        status: target,
        reason: body.decision === 'return' ? (body.reason ?? null) : null,
        action: body.decision,
      }, sink);
    });
    // The notifications were written as 'pending' in the review's transaction; the worker emails them.
    return result;
  }

  async remove(ctx: RequestContext, actor: ValuesActor, valueId: string): Promise<void> {
    const cid = actor.collaborationId;
    try {
      await this.ds.transaction(async (m) => {
        await this.writeLock.lockForPartner(m, cid, actor.partnerId);
        const settings = (await this.settings.settings(m, cid))!;
        const [row] = await this.values.byIdsForUpdate(m, cid, [valueId], actor.partnerId);
        if (!row || row.partnerId !== actor.partnerId) throw notFound('Value not found');
        if (row.status !== 'draft' && row.status !== 'returned') {
          throw new AppError(HttpStatus.CONFLICT, `Only draft or returned values can be deleted; this one is ${row.status}`);
        }
        this.refuseClosed(settings, await this.lockedPeriods(m, cid), [row], [valueId]);
        await this.values.delete(m, cid, row.id);
        await this.values.insertRevisions(
          m,
          cid,
          [{ valueId: row.id, version: row.version + 1, action: 'delete', before: snapshot(row), after: tokenLabel(actor) ? { by: tokenLabel(actor) } : null, reason: null }],
          actor.userId,
          actor.via,
        );
        const outbox = new OutboxCollector();
        if (changesRollups(row, null, settings.requiresApproval)) outbox.add(row.indicatorId, row.period, row.partnerId);
        await this.values.insertOutbox(m, cid, outbox.rows());
        await this.audit.record(ctx, { action: 'values.delete', entity: 'indicator_value', entityId: row.id, collaborationId: cid, before: snapshot(row), after: actor.tokenId ? { apiToken: actor.tokenId } : null }, m);
      });
      this.live.valuesChanged(cid);
    } catch (err) {
      translateDbError(err);
    }
  }

  private async run(
    actor: ValuesActor,
    kind: 'submit' | 'review',
    body: { ids: string[] },
    key: string | undefined,
    work: (m: EntityManager, settings: MeasurementSettings, rows: ValueRow[]) => Promise<WorkflowResult>,
  ): Promise<WorkflowResult> {
    const cid = actor.collaborationId;
    try {
      const result = await this.ds.transaction((m) =>
        this.idempotency.run(m, { key, actor: actor.key, method: 'POST', path: `/collaborations/${cid}/values/${kind}`, body }, async () => {
          // A submission touches only the partner's own values; a review may span partners.
          if (kind === 'submit') await this.writeLock.lockForPartner(m, cid, actor.partnerId);
          else await this.writeLock.lock(m, cid);
          const settings = await this.settings.settings(m, cid);
          if (!settings) throw notFound('Collaboration not found');
          // A submission reads (and locks) only the partner's own values: other ids answer 404 below.
          const rows = await this.values.byIdsForUpdate(m, cid, [...new Set(body.ids)], kind === 'submit' ? actor.partnerId : undefined);
          return work(m, settings, rows);
        }),
      );
      // After the commit: open pages refresh the review counts and statuses at once.
      if (result.changed > 0) this.live.valuesChanged(cid);
      return result;
    } catch (err) {
      translateDbError(err);
    }
  }

  /** 404 naming every id that is not a value here (or not one the caller may act on). */
  private requireAll(ids: string[], rows: ValueRow[], message: string): void {
    const found = new Set(rows.map((r) => r.id));
    const missing = ids.flatMap((id, i) => (found.has(id) ? [] : [{ path: `ids.${i}`, message: 'is not a value you can act on here' }]));
    if (missing.length > 0) throw new AppError(HttpStatus.NOT_FOUND, `${message}; nothing was changed`, missing);
  }

  private async lockedPeriods(m: EntityManager, cid: string): Promise<string[]> {
    return (await this.settings.locks(m, cid)).map((l) => l.period);
  }

  private refuseClosed(settings: MeasurementSettings, locked: string[], rows: ValueRow[], ids: string[]): void {
    const check = new PeriodLockCheck(locked, settings.fiscalYearStartMonth);
    const closed = rows.flatMap((r) => {
      const sentence = check.closed(r.period);
      return sentence ? [{ path: `ids.${ids.indexOf(r.id)}`, message: sentence }] : [];
    });
    if (closed.length > 0) throw new AppError(HttpStatus.CONFLICT, closed[0]!.message, closed);
  }

  private async apply(
    m: EntityManager,
    ctx: RequestContext,
    actor: ValuesActor,
    settings: MeasurementSettings,
    all: ValueRow[],
    todo: ValueRow[],
    change: { status: 'submitted' | 'approved' | 'returned'; reason: string | null; action: RevisionWrite['action'] },
    sink: NotificationWrite[] = [],
  ): Promise<WorkflowResult> {
    const cid = actor.collaborationId;
    this.refuseClosed(settings, await this.lockedPeriods(m, cid), todo, all.map((r) => r.id));
    const updated = todo.length
      ? await this.values.setStatus(m, cid, todo.map((r) => r.id), { status: change.status, returnReason: change.reason, userId: actor.userId, via: actor.via })
      : [];
    const before = new Map(todo.map((r) => [r.id, r]));
    const outbox = new OutboxCollector();
    const revisions: RevisionWrite[] = updated.map((u) => {
      const b = before.get(u.id)!;
      if (changesRollups(b, u, settings.requiresApproval)) outbox.add(u.indicatorId, u.period, u.partnerId);
      return { valueId: u.id, version: u.version, action: change.action, before: snapshot(b), after: snapshot(u, tokenLabel(actor)), reason: change.reason };
    });
    await this.values.insertRevisions(m, cid, revisions, actor.userId, actor.via);
    await this.values.insertOutbox(m, cid, outbox.rows());
    await this.audit.record(
      ctx,
      {
        action: `values.${change.action}`,
        entity: 'indicator_values',
        collaborationId: cid,
        after: { valueIds: updated.map((u) => u.id), reason: change.reason, via: actor.via, ...(actor.tokenId ? { apiToken: actor.tokenId } : {}) },
      },
      m,
    );
    if ((change.action === 'approve' || change.action === 'return') && actor.userId) {
      // The reason opens the value's conversation; its organisation's people are notified.
      await this.comments.valuesReviewed(m, ctx, cid, change.action, change.reason, updated.map((u) => ({ id: u.id, partnerId: u.partnerId })), sink);
    }
    const byId = new Map([...all, ...updated].map((r) => [r.id, r]));
    return { changed: updated.length, unchanged: all.length - updated.length, values: [...byId.values()].map(toValueView) };
  }
}
