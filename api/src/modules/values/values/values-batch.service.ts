import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { countsInRollups, type ValuesBatchInput, type ValuesBatchResult, type ValueStatus, VALUE_STATUSES } from '@constellation/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { AppError, notFound } from '../../../common/errors';
import type { RequestContext } from '../../../common/request-context';
import { AuditService } from '../../audit/audit.service';
import { LiveEventsPublisher } from '../../mail/redis.provider';
import { CollaborationWriteLock } from '../../collaborations/common/collaboration-write-lock';
import { translateDbError } from '../../collaborations/common/db-errors';
import type { ValuesActor } from '../common/actor';
import { PeriodLockCheck } from '../common/period-lock-check';
import { MeasurementSettingsRepository } from '../common/settings.repository';
import { changesRollups, OutboxCollector, sameNumbers, snapshot, toValueView } from '../common/value-changes';
import { IdempotencyService } from '../idempotency/idempotency.service';
import {
  type BatchContext,
  type BatchIssue,
  canonicalPeriod,
  commitmentKey,
  identityKey,
  type PreparedRow,
  reportedNumber,
  validateBatch,
} from './batch-validation';
import { outlierReason } from './outliers';
import { type RevisionWrite, type ValueRow, ValuesRepository, type ValueWrite } from './values.repository';

const unique = <T>(xs: T[]) => [...new Set(xs)];

/** Throw the batch's issues: 422 when any row is invalid, else 409 (stale versions, closed periods). */
export function throwIssues(issues: BatchIssue[], total: number): never {
  const details = issues.map(({ path, message }) => ({ path, message }));
  const rows = new Set(issues.map((i) => i.path.split('.').slice(0, 2).join('.'))).size;
  if (issues.some((i) => i.kind === 'invalid')) {
    throw new AppError(HttpStatus.UNPROCESSABLE_ENTITY, `${rows} of the ${total} values cannot be saved; nothing was saved`, details);
  }
  throw new AppError(HttpStatus.CONFLICT, `${rows} of the ${total} values conflict with a change made meanwhile or a closed period; nothing was saved`, details);
}

/** The actor as the revision and audit trail name it when it is an API token. */
export const tokenLabel = (actor: ValuesActor) => (actor.tokenId ? `token:${actor.tokenId}` : null);

/**
 * The batch upsert: validate every row first (nothing is written when one fails), then in ONE
 * transaction: upsert the changed rows set-based, a revision per change, one outbox row per
 * (indicator, period) whose rollups move, and one audit event.
 */
@Injectable()
export class ValuesBatchService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly values: ValuesRepository,
    private readonly settings: MeasurementSettingsRepository,
    private readonly writeLock: CollaborationWriteLock,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
    private readonly live: LiveEventsPublisher,
  ) {}

  async upsert(ctx: RequestContext, actor: ValuesActor, body: ValuesBatchInput, idempotencyKey: string | undefined): Promise<ValuesBatchResult> {
    const foreign = body.values.flatMap((r, i) => (r.partnerId === actor.partnerId ? [] : [i]));
    if (foreign.length > 0) {
      throw new AppError(
        HttpStatus.NOT_FOUND,
        'Partner not found: you can enter values only for your own organisation; nothing was saved',
        foreign.map((i) => ({ path: `values.${i}.partnerId`, message: 'is not your organisation in this collaboration' })),
      );
    }
    const cid = actor.collaborationId;
    try {
      const result = await this.ds.transaction((m) =>
        this.idempotency.run(
          m,
          { key: idempotencyKey, actor: actor.key, method: 'POST', path: `/collaborations/${cid}/values/batch`, body },
          () => this.writeInTransaction(m, ctx, actor, body),
        ),
      );
      // After the commit: open pages refresh what does not wait for the worker.
      if (result.created + result.updated > 0) this.live.valuesChanged(cid);
      return result;
    } catch (err) {
      translateDbError(err);
    }
  }

  private async load(m: EntityManager, cid: string, body: ValuesBatchInput, fy: number): Promise<BatchContext> {
    const indicatorIds = unique(body.values.map((r) => r.indicatorId));
    const partnerIds = unique(body.values.map((r) => r.partnerId));
    const indicators = new Map((await this.values.indicators(m, cid, indicatorIds)).map((i) => [i.id, i]));
    const dimensions = new Map<string, Awaited<ReturnType<ValuesRepository['dimensions']>>>();
    for (const d of await this.values.dimensions(m, cid, indicatorIds)) {
      dimensions.set(d.indicatorId, [...(dimensions.get(d.indicatorId) ?? []), d]);
    }
    const commitments = new Map(
      (await this.values.commitments(m, cid, partnerIds, indicatorIds)).map((c) => [commitmentKey(c.partnerId, c.indicatorId), c]),
    );
    const activityIds = unique(body.values.flatMap((r) => (r.activityId ? [r.activityId] : [])));
    const activities = new Map((await this.values.activities(m, cid, activityIds)).map((a) => [a.id, a]));
    const locks = new PeriodLockCheck((await this.settings.locks(m, cid)).map((l) => l.period), fy);
    const groups = body.values.flatMap((r) => {
      const period = canonicalPeriod(r.period, indicators.get(r.indicatorId), fy);
      return period ? [{ indicatorId: r.indicatorId, partnerId: r.partnerId, period, activityId: r.activityId ?? null }] : [];
    });
    const stored = new Map((await this.values.groupsForUpdate(m, cid, groups)).map((v) => [identityKey(v), v]));
    return { fiscalYearStartMonth: fy, indicators, dimensions, commitments, activities, locks, stored };
  }

  /**
   * Validate, plan and write one batch inside the caller's transaction (set-based upsert, revisions,
   * outbox, audit). Imports call it once per chunk inside their single all-or-nothing transaction.
   */
  async writeInTransaction(m: EntityManager, ctx: RequestContext, actor: ValuesActor, body: ValuesBatchInput): Promise<ValuesBatchResult> {
    const cid = actor.collaborationId;
    // Every row is the actor's own organisation's (upsert refuses others): other partners' writes run alongside.
    await this.writeLock.lockForPartner(m, cid, actor.partnerId);
    const settings = await this.settings.settings(m, cid);
    if (!settings) throw notFound('Collaboration not found');
    const context = await this.load(m, cid, body, settings.fiscalYearStartMonth);
    const { issues, prepared } = validateBatch(body.values, context);
    if (issues.length > 0) throwIssues(issues, body.values.length);

    const submit = body.submit === true;
    type Planned = { row: PreparedRow; existing: ValueRow | undefined; write: ValueWrite; action: RevisionWrite['action']; numbersChanged: boolean };
    const planned: Planned[] = [];
    const unchanged = new Map<number, ValueRow>();
    for (const row of prepared) {
      const existing = context.stored.get(identityKey({ ...row, indicatorId: row.indicator.id }));
      const comment = row.comment ?? existing?.comment ?? '';
      let status: ValueStatus;
      let action: RevisionWrite['action'];
      const numbersChanged = !existing || !sameNumbers(existing, row);
      if (!existing) {
        [status, action] = [submit ? 'submitted' : 'draft', 'create'];
      } else if (numbersChanged || comment !== existing.comment) {
        // A revision goes back to draft (or straight to submitted): it must be reviewed again.
        [status, action] = [submit ? 'submitted' : 'draft', 'update'];
      } else if (submit && (existing.status === 'draft' || existing.status === 'returned')) {
        [status, action] = ['submitted', 'submit'];
      } else {
        unchanged.set(row.index, existing);
        continue;
      }
      planned.push({
        row,
        existing,
        action,
        numbersChanged,
        write: {
          indicatorId: row.indicator.id,
          partnerId: row.partnerId,
          period: row.period,
          cell: row.cell,
          activityId: row.activityId,
          value: row.value,
          numerator: row.numerator,
          denominator: row.denominator,
          status,
          comment,
          // The reason stays in view on the revised draft; a submission clears it.
          returnReason: status === 'submitted' ? null : (existing?.returnReason ?? null),
          flagged: existing?.flagged ?? false,
          flagReason: existing?.flagReason ?? null,
        },
      });
    }

    await this.flagOutliers(m, cid, settings.requiresApproval, planned.filter((p) => p.numbersChanged));
    const written = await this.values.upsert(m, cid, planned.map((p) => p.write), actor.userId, actor.via);
    const byKey = new Map(written.map((w) => [identityKey(w), w]));
    const revisions: RevisionWrite[] = [];
    const outbox = new OutboxCollector();
    for (const p of planned) {
      const saved = byKey.get(identityKey(p.write))!;
      revisions.push({
        valueId: saved.id,
        version: saved.version,
        action: p.action,
        before: p.existing ? snapshot(p.existing) : null,
        after: snapshot(saved, tokenLabel(actor)),
        reason: null,
      });
      if (changesRollups(p.existing ?? null, saved, settings.requiresApproval)) outbox.add(saved.indicatorId, saved.period, saved.partnerId);
    }
    await this.values.insertRevisions(m, cid, revisions, actor.userId, actor.via);
    await this.values.insertOutbox(m, cid, outbox.rows());
    const created = written.filter((w) => w.inserted).length;
    const result: ValuesBatchResult = {
      created,
      updated: written.length - created,
      unchanged: unchanged.size,
      values: prepared.map((r) => toValueView(unchanged.get(r.index) ?? byKey.get(identityKey({ ...r, indicatorId: r.indicator.id }))!)),
    };
    await this.audit.record(
      ctx,
      {
        action: 'values.batch',
        entity: 'indicator_values',
        collaborationId: cid,
        after: {
          created: result.created,
          updated: result.updated,
          unchanged: result.unchanged,
          submit,
          via: actor.via,
          valueIds: written.map((w) => w.id),
          ...(actor.tokenId ? { apiToken: { id: actor.tokenId, name: actor.tokenName } } : {}),
        },
      },
      m,
    );
    return result;
  }

  /** Flag values far outside the partner's own recent counting history (see outliers.ts). */
  private async flagOutliers(
    m: EntityManager,
    cid: string,
    requiresApproval: boolean,
    rows: Array<{ row: PreparedRow; write: ValueWrite }>,
  ): Promise<void> {
    if (rows.length === 0) return;
    const counting = VALUE_STATUSES.filter((s) => countsInRollups(s, requiresApproval));
    const history = await this.values.history(
      m,
      cid,
      rows.map(({ write }) => ({ indicatorId: write.indicatorId, partnerId: write.partnerId, cell: write.cell, period: write.period })),
      counting,
    );
    const indicators = new Map(rows.map((r) => [r.row.indicator.id, r.row.indicator]));
    const byKey = new Map<string, number[]>();
    for (const h of history) {
      const indicator = indicators.get(h.indicatorId)!;
      const n = reportedNumber(indicator.valueType, h);
      if (!n) continue;
      const key = `${h.indicatorId}|${h.partnerId}|${h.cell}`;
      byKey.set(key, [...(byKey.get(key) ?? []), n.toNumber()]);
    }
    for (const { row, write } of rows) {
      const n = reportedNumber(row.indicator.valueType, write);
      const reason = n ? outlierReason(n.toNumber(), byKey.get(`${write.indicatorId}|${write.partnerId}|${write.cell}`) ?? []) : null;
      write.flagged = reason !== null;
      write.flagReason = reason;
    }
  }
}
