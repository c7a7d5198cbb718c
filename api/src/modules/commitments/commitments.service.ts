import { Injectable } from '@nestjs/common';
import {
  type CommitmentsQuery,
  type CommitmentView,
  commitmentPeriodIssue,
  type ErrorDetail,
  type ExpectedQuery,
  type ExpectedReportsView,
  expectedReports,
  MAX_EXPECTED_RANGE_MONTHS,
  parsePeriodKey,
  periodAtIndex,
  type ReplaceCommitmentsInput,
  toMonthIndex,
} from '@constellation/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { conflict, notFound, ValidationFailed } from '../../common/errors';
import { type CollaborationMember, type RequestContext, requireMember, requireUser } from '../../common/request-context';
import { AuditService } from '../audit/audit.service';
import { CollaborationWriteLock } from '../collaborations/common/collaboration-write-lock';
import { translateDbError } from '../collaborations/common/db-errors';
import { type CommitmentRow, CommitmentsRepository, type PartnerRow } from './commitments.repository';

const BACKBONE_ROLES = new Set(['backbone_admin', 'backbone_staff']);
export const isBackbone = (member: CollaborationMember) => BACKBONE_ROLES.has(member.role);

const snapshot = (rows: CommitmentRow[]) =>
  rows.map((r) => ({ indicatorId: r.indicatorId, startPeriod: r.startPeriod, endPeriod: r.endPeriod }));

/**
 * Partner commitments: which indicators each partner reports, from when until when. They decide
 * what is expected of whom (completeness) and what each partner's data-entry grid shows.
 *
 * Every member of the collaboration can read every partner's commitments: a commitment is a
 * promise made to the whole collaboration (shared accountability), not private data. Values stay
 * private to their partner and the backbone; only the list of promised indicators is shared.
 */
@Injectable()
export class CommitmentsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: CommitmentsRepository,
    private readonly writeLock: CollaborationWriteLock,
    private readonly audit: AuditService,
  ) {}

  async list(ctx: RequestContext, query: CommitmentsQuery): Promise<{ items: CommitmentView[] }> {
    const { collaborationId } = requireMember(ctx);
    return { items: await this.repo.list(this.repo.manager, collaborationId, query) };
  }

  /**
   * Replace a partner's complete set in one transaction. Partner admins only for their own
   * organisation (another partner answers 404), the backbone for any. Commitments left out are
   * removed; the values already entered for them are kept.
   */
  async replace(ctx: RequestContext, partnerId: string, input: ReplaceCommitmentsInput): Promise<{ items: CommitmentView[] }> {
    const member = requireMember(ctx);
    const user = requireUser(ctx);
    const cid = member.collaborationId;
    return this.write(async (m) => {
      await this.writeLock.lock(m, cid);
      const partner = await this.repo.findPartner(m, cid, partnerId, true);
      if (!partner || (!isBackbone(member) && partner.id !== member.partnerId)) throw notFound('Partner not found');
      this.assertCanCommit(partner);
      const fiscalYearStartMonth = (await this.repo.fiscalYearStartMonth(m, cid)) ?? 1;
      const before = await this.repo.spans(m, cid, partnerId);
      const rows = await this.validate(m, cid, input, before, fiscalYearStartMonth);

      await this.repo.deleteExcept(m, cid, partnerId, rows.map((r) => r.indicatorId));
      await this.repo.upsert(m, cid, partnerId, rows, user.id);
      const after = await this.repo.spans(m, cid, partnerId);
      if (JSON.stringify(snapshot(before)) !== JSON.stringify(snapshot(after))) {
        await this.audit.record(
          ctx,
          {
            action: 'commitments.replace',
            entity: 'partner',
            entityId: partnerId,
            before: { commitments: snapshot(before) },
            after: { commitments: snapshot(after) },
          },
          m,
        );
      }
      return { items: await this.repo.list(m, cid, { partnerId }) };
    });
  }

  /**
   * The (indicator, period) pairs a partner is expected to report between `from` and `to`
   * (default: the current year, fiscal where the collaboration's year is). Anyone who can read the
   * collaboration can ask, as commitments are shared.
   */
  async expected(ctx: RequestContext, partnerId: string, query: ExpectedQuery): Promise<ExpectedReportsView> {
    const { collaborationId: cid } = requireMember(ctx);
    const m = this.repo.manager;
    const partner = await this.repo.findPartner(m, cid, partnerId);
    if (!partner) throw notFound('Partner not found');
    const fiscalYearStartMonth = (await this.repo.fiscalYearStartMonth(m, cid)) ?? 1;
    const now = new Date();
    const thisYear = periodAtIndex(toMonthIndex(now.getUTCFullYear(), now.getUTCMonth() + 1), 'year', fiscalYearStartMonth).key;

    const issues: ErrorDetail[] = [];
    const read = (field: 'from' | 'to', key: string) => {
      const result = parsePeriodKey(key, fiscalYearStartMonth);
      if (result.ok) return result.period;
      issues.push({ path: `query.${field}`, message: result.error });
      return null;
    };
    const from = read('from', query.from ?? thisYear);
    const to = read('to', query.to ?? query.from ?? thisYear);
    if (from && to) {
      if (to.endIndex < from.startIndex) issues.push({ path: 'query.to', message: `must not end before from (${from.key})` });
      else if (to.endIndex - from.startIndex + 1 > MAX_EXPECTED_RANGE_MONTHS)
        issues.push({ path: 'query.to', message: `must be at most ${MAX_EXPECTED_RANGE_MONTHS / 12} years after from` });
    }
    if (issues.length > 0 || !from || !to) throw new ValidationFailed(issues);

    const spans = await this.repo.spans(m, cid, partnerId);
    return {
      partnerId,
      from: from.key,
      to: to.key,
      items: expectedReports(spans, from.key, to.key, fiscalYearStartMonth),
    };
  }

  private assertCanCommit(partner: PartnerRow): void {
    if (partner.kind !== 'partner') {
      const what = partner.kind === 'funder' ? 'a funder' : 'the backbone organisation';
      throw conflict(`${partner.organisationName} is ${what}: only partner organisations commit to report indicators`);
    }
    if (partner.status !== 'active') {
      throw conflict(`${partner.organisationName} has not joined the collaboration (status ${partner.status}), so it cannot commit yet`);
    }
  }

  /**
   * Every problem with the set at once, as field paths (`commitments.2.indicatorId`). Indicators
   * must belong to the collaboration and be active; an existing commitment to an indicator
   * retired since may be kept unchanged. Periods are the indicator's periodicity or coarser, in
   * the collaboration's fiscal year, and the end does not come before the start.
   */
  private async validate(
    m: EntityManager,
    cid: string,
    input: ReplaceCommitmentsInput,
    existing: CommitmentRow[],
    fiscalYearStartMonth: number,
  ): Promise<CommitmentRow[]> {
    const indicators = new Map(
      (await this.repo.indicators(m, cid, input.commitments.map((c) => c.indicatorId))).map((i) => [i.id, i]),
    );
    const issues: ErrorDetail[] = [];
    const rows: CommitmentRow[] = [];
    input.commitments.forEach((c, i) => {
      const path = (field: string) => `commitments.${i}.${field}`;
      const indicator = indicators.get(c.indicatorId);
      if (!indicator) {
        issues.push({ path: path('indicatorId'), message: 'is not an indicator of this collaboration' });
        return;
      }
      const start = parsePeriodKey(c.startPeriod, fiscalYearStartMonth);
      const end = c.endPeriod ? parsePeriodKey(c.endPeriod, fiscalYearStartMonth) : null;
      const row: CommitmentRow = {
        indicatorId: c.indicatorId,
        startPeriod: start.ok ? start.period.key : c.startPeriod,
        endPeriod: end ? (end.ok ? end.period.key : c.endPeriod!) : null,
      };
      if (indicator.status !== 'active') {
        const kept = existing.find(
          (e) => e.indicatorId === row.indicatorId && e.startPeriod === row.startPeriod && e.endPeriod === row.endPeriod,
        );
        if (!kept) {
          issues.push({
            path: path('indicatorId'),
            message: `is retired (${indicator.code}): new commitments need an active indicator`,
          });
          return;
        }
      }
      const startIssue = commitmentPeriodIssue(c.startPeriod, indicator.periodicity, fiscalYearStartMonth);
      if (startIssue) issues.push({ path: path('startPeriod'), message: startIssue });
      const endIssue = c.endPeriod ? commitmentPeriodIssue(c.endPeriod, indicator.periodicity, fiscalYearStartMonth) : null;
      if (endIssue) issues.push({ path: path('endPeriod'), message: endIssue });
      if (!startIssue && !endIssue && start.ok && end?.ok && end.period.endIndex < start.period.startIndex) {
        issues.push({ path: path('endPeriod'), message: `must not end before startPeriod (${start.period.key})` });
      }
      rows.push(row);
    });
    if (issues.length > 0) throw new ValidationFailed(issues);
    return rows;
  }

  /** One transaction; database errors caused by the input become 4xx answers. */
  private async write<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.ds.transaction(fn);
    } catch (err) {
      translateDbError(err);
    }
  }
}
