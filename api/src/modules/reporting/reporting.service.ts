import { Injectable } from '@nestjs/common';
import {
  coarserOrEqual,
  describeCalendar,
  dueDateOf,
  type ErrorDetail,
  expectedReports,
  type FiscalYearStartMonth,
  type Granularity,
  parsePeriodKey,
  periodAtIndex,
  periodLabel,
  periodsBetween,
  requirePeriod,
  type ReportingCalendar,
  shiftPeriod,
} from '@constellation/shared';
import { badRequest, notFound } from '../../common/errors';
import { type RequestContext, requireMember } from '../../common/request-context';
import { audienceOf } from '../rollups/rollups.service';
import { PeriodLockCheck } from '../values/common/period-lock-check';
import {
  addCounts,
  addReport,
  cellState,
  emptyCounts,
  monthIndexOfDate,
  reportState,
  type ReportFlags,
  type StateCounts,
  todayIn,
} from './report-status';
import { type CommittedRow, ReportingRepository } from './reporting.repository';
import type { CompletenessMatrixQuery, CompletenessMatrixView, MatrixCell, PartnerHomeView, ReportView } from './reporting.schemas';

/** Columns of the heatmap when no range is given, by granularity. */
const DEFAULT_COLUMNS: Record<Granularity, number> = { month: 12, quarter: 6, year: 3 };
/** The widest heatmap. */
export const MAX_MATRIX_COLUMNS = 60;
/** The partner home lists reports whose period ended in the last 12 months. */
const HOME_MONTHS = 12;

const key = (partnerId: string, indicatorId: string, period: string) => `${partnerId}|${indicatorId}|${period}`;

/** The one period of each urgency order: returned first (fix it), then overdue oldest first, then due. */
const URGENCY: Record<string, number> = { returned: 0, missing: 1, due: 2 };

/**
 * Reporting status for people: what each partner owes and where each report stands (the partner
 * home), and who reported what across partners and periods (the completeness heatmap). Reads
 * commitments, the status of values and the precomputed rollups; computes no aggregate.
 */
@Injectable()
export class ReportingService {
  constructor(private readonly repo: ReportingRepository) {}

  private async settingsOf(collaborationId: string) {
    const s = await this.repo.settings(collaborationId);
    if (!s) throw notFound('Collaboration not found');
    const calendar = await this.repo.calendar(collaborationId);
    return { ...s, fiscalYearStartMonth: s.fiscalYearStartMonth as FiscalYearStartMonth, calendar };
  }

  /** Expected reports of these commitments whose period ends in [from, to], each with its state. */
  async reports(cid: string, commitments: CommittedRow[], from: string, to: string, today: string, fy: FiscalYearStartMonth, calendar: ReportingCalendar, partnerId?: string) {
    const expected = commitments.flatMap((c) =>
      expectedReports([{ indicatorId: c.indicatorId, periodicity: c.periodicity, startPeriod: c.startPeriod, endPeriod: c.endPeriod }], from, to, fy).map(
        (e) => ({ commitment: c, period: e.period }),
      ),
    );
    const indicatorIds = [...new Set(expected.map((e) => e.commitment.indicatorId))];
    const periods = [...new Set(expected.map((e) => e.period))];
    const flagRows = await this.repo.flags(cid, indicatorIds, periods, partnerId);
    const flags = new Map<string, ReportFlags>(flagRows.map((f) => [key(f.partnerId, f.indicatorId, f.period), f]));
    const locks = new PeriodLockCheck(await this.repo.lockedPeriods(cid), fy);
    return expected.map(({ commitment: c, period }) => {
      const f = flags.get(key(c.partnerId, c.indicatorId, period)) ?? null;
      const state = reportState(period, f, today, fy, calendar);
      return {
        commitment: c,
        view: {
          indicatorId: c.indicatorId,
          code: c.code,
          name: c.name,
          period,
          periodLabel: periodLabel(period, fy),
          state,
          dueDate: dueDateOf(period, fy, calendar),
          draft: !!f?.draft && !f.returned,
          closed: locks.closed(period) !== null,
        } satisfies ReportView,
      };
    });
  }

  /**
   * A partner's home: what is due and overdue, each commitment's reports of the last 12 months,
   * and its contribution to each shared result. The partner's own members and the backbone;
   * another partner's id answers 404 (as every partner-scoped route does).
   */
  async partnerHome(ctx: RequestContext, partnerId: string): Promise<PartnerHomeView> {
    const member = requireMember(ctx);
    const cid = member.collaborationId;
    const audience = audienceOf(member);
    if (audience.kind !== 'backbone' && !(audience.kind === 'partner' && audience.partnerId === partnerId)) throw notFound('Partner not found');
    const partner = await this.repo.partner(cid, partnerId);
    if (!partner || partner.kind !== 'partner') throw notFound('Partner not found');
    const settings = await this.settingsOf(cid);
    const fy = settings.fiscalYearStartMonth;
    const today = todayIn(settings.timeZone);
    const thisMonth = monthIndexOfDate(today);
    const from = periodAtIndex(thisMonth - HOME_MONTHS, 'month', fy).key;
    const lastEnded = periodAtIndex(thisMonth - 1, 'month', fy).key;
    // Far enough ahead to hold the next period of a yearly indicator.
    const ahead = periodAtIndex(thisMonth + 12, 'month', fy).key;

    const commitments = partner.status === 'active' ? await this.repo.commitments(cid, { partnerId }) : [];
    const all = await this.reports(cid, commitments, from, ahead, today, fy, settings.calendar, partnerId);
    const lastEndedIndex = thisMonth - 1;
    const past = all.filter((r) => requirePeriod(r.view.period, fy).endIndex <= lastEndedIndex);
    const nextOf = new Map<string, ReportView>();
    for (const r of all) if (r.view.state === 'upcoming' && !nextOf.has(r.commitment.indicatorId)) nextOf.set(r.commitment.indicatorId, r.view);

    const todo = past
      .map((r) => r.view)
      .filter((v) => v.state in URGENCY)
      .sort((a, b) => URGENCY[a.state]! - URGENCY[b.state]! || a.dueDate.localeCompare(b.dueDate) || a.code.localeCompare(b.code));
    const count = (s: string) => past.filter((r) => r.view.state === s).length;

    // Contribution: my own rollup row beside the all-partner row of the latest period with results.
    const indicatorIds = commitments.map((c) => c.indicatorId);
    const totals = await this.repo.latestTotals(cid, indicatorIds);
    const mine = await this.repo.partnerTotals(cid, partnerId, totals.map((t) => ({ indicatorId: t.indicatorId, period: t.period })));
    const mineOf = new Map(mine.map((m) => [`${m.indicatorId}|${m.period}`, m]));
    const contributions = commitments.flatMap((c) => {
      const total = totals.find((t) => t.indicatorId === c.indicatorId);
      if (!total) return [];
      const own = mineOf.get(`${c.indicatorId}|${total.period}`) ?? null;
      const additive = c.aggregationAcross === 'sum' && c.valueType !== 'percentage' && c.valueType !== 'ratio';
      const share =
        additive && own && Number(total.value) > 0 && Number(own.value) >= 0 ? Math.round((Number(own.value) / Number(total.value)) * 10000) / 10000 : null;
      return [
        {
          indicator: { id: c.indicatorId, code: c.code, name: c.name, unit: c.unit, valueType: c.valueType, aggregationAcross: c.aggregationAcross, periodicity: c.periodicity },
          period: total.period,
          periodLabel: periodLabel(total.period, fy),
          mine: own ? { value: own.value, numerator: own.numerator, denominator: own.denominator } : null,
          all: { value: total.value, numerator: total.numerator, denominator: total.denominator, partnerCount: total.partnerCount },
          share,
          computedAt: new Date(own && own.computedAt > total.computedAt ? own.computedAt : total.computedAt).toISOString(),
        },
      ];
    });

    return {
      partner: { id: partner.id, organisationName: partner.organisationName },
      today,
      dueRule: describeCalendar(settings.calendar),
      requiresApproval: settings.requiresApproval,
      window: { from, to: lastEnded },
      summary: {
        overdue: count('missing'),
        due: count('due'),
        returned: count('returned'),
        awaitingReview: count('submitted'),
        approved: count('approved'),
        upcoming: nextOf.size,
      },
      todo,
      upcoming: [...nextOf.values()],
      commitments: commitments.map((c) => ({
        indicator: { id: c.indicatorId, code: c.code, name: c.name, unit: c.unit, periodicity: c.periodicity },
        startPeriod: c.startPeriod,
        endPeriod: c.endPeriod,
        reports: [...past.filter((r) => r.commitment.indicatorId === c.indicatorId).map((r) => r.view), ...(nextOf.has(c.indicatorId) ? [nextOf.get(c.indicatorId)!] : [])],
      })),
      contributions,
    };
  }

  /**
   * Partners × periods: how many of each cell's expected reports are approved, submitted,
   * returned, missing (overdue) or not due yet. The backbone sees every committed partner; a
   * partner only its own row (the others are not listed, not even anonymised: their count is
   * given, their reports are in the totals); a funder the totals only.
   */
  async matrix(ctx: RequestContext, query: CompletenessMatrixQuery): Promise<CompletenessMatrixView> {
    const member = requireMember(ctx);
    const cid = member.collaborationId;
    const audience = audienceOf(member);
    const settings = await this.settingsOf(cid);
    const fy = settings.fiscalYearStartMonth;
    const today = todayIn(settings.timeZone);

    let granularity: Granularity = query.granularity ?? 'quarter';
    if (query.indicatorId) {
      const indicator = await this.repo.indicatorExists(cid, query.indicatorId);
      if (!indicator) throw notFound('Indicator not found');
      granularity = query.granularity ?? indicator.periodicity;
      if (!coarserOrEqual(granularity, indicator.periodicity)) {
        throw badRequest('The granularity is finer than the indicator is reported', [
          { path: 'query.granularity', message: `must be ${indicator.periodicity} or coarser for this indicator` },
        ]);
      }
    }

    // The range: default the last few periods up to the one holding today.
    const issues: ErrorDetail[] = [];
    const parse = (name: 'from' | 'to', k: string | undefined) => {
      if (k === undefined) return null;
      const r = parsePeriodKey(k, fy);
      if (!r.ok) issues.push({ path: `query.${name}`, message: r.error });
      return r.ok ? r.period : null;
    };
    const qFrom = parse('from', query.from);
    const qTo = parse('to', query.to);
    if (issues.length) throw badRequest('The period range is not valid', issues);
    const current = periodAtIndex(monthIndexOfDate(today), granularity, fy).key;
    const toKey = qTo ? periodAtIndex(qTo.endIndex, granularity, fy).key : qFrom ? shiftPeriod(periodAtIndex(qFrom.startIndex, granularity, fy).key, DEFAULT_COLUMNS[granularity] - 1, fy) : current;
    const fromKey = qFrom ? periodAtIndex(qFrom.startIndex, granularity, fy).key : shiftPeriod(toKey, -(DEFAULT_COLUMNS[granularity] - 1), fy);
    const periods = periodsBetween(fromKey, toKey, granularity, fy);
    if (periods.length === 0) throw badRequest('The period range is not valid', [{ path: 'query.to', message: 'must not be before from' }]);
    if (periods.length > MAX_MATRIX_COLUMNS) {
      throw badRequest('The period range is too wide', [{ path: 'query.to', message: `must be at most ${MAX_MATRIX_COLUMNS} ${granularity}s after from` }]);
    }

    const commitments = await this.repo.commitments(cid, { indicatorId: query.indicatorId });
    const reports = await this.reports(cid, commitments, fromKey, toKey, today, fy, settings.calendar);
    // A report belongs to the column holding its period's last month (as expectedReports places it).
    const columnOf = (period: string) => periodAtIndex(requirePeriod(period, fy).endIndex, granularity, fy).key;

    // Every committed partner, in name order, with a count per column.
    const rows = new Map<string, { partnerId: string; organisationName: string; counts: Map<string, StateCounts> }>();
    for (const c of commitments) {
      if (!rows.has(c.partnerId))
        rows.set(c.partnerId, { partnerId: c.partnerId, organisationName: c.organisationName, counts: new Map(periods.map((p) => [p, emptyCounts()])) });
    }
    for (const r of reports) {
      const counts = rows.get(r.commitment.partnerId)?.counts.get(columnOf(r.view.period));
      if (counts) addReport(counts, r.view.state, r.view.draft);
    }
    const cellOf = (period: string, c: StateCounts): MatrixCell => ({ period, state: cellState(c), ...c });
    const totals = periods.map((period) => {
      const sum = emptyCounts();
      let partnersExpected = 0;
      let partnersComplete = 0;
      for (const row of rows.values()) {
        const c = row.counts.get(period)!;
        addCounts(sum, c);
        if (c.expected > 0) {
          partnersExpected += 1;
          if (c.approved + c.submitted === c.expected) partnersComplete += 1;
        }
      }
      return { ...cellOf(period, sum), partnersExpected, partnersComplete };
    });
    const visible = [...rows.values()].filter((r) => audience.kind === 'backbone' || (audience.kind === 'partner' && r.partnerId === audience.partnerId));

    return {
      indicatorId: query.indicatorId ?? null,
      granularity,
      from: fromKey,
      to: toKey,
      today,
      dueRule: describeCalendar(settings.calendar),
      audience: audience.kind,
      periods: periods.map((p) => ({ period: p, label: periodLabel(p, fy) })),
      partners: visible.map((r) => ({ partnerId: r.partnerId, organisationName: r.organisationName, cells: periods.map((p) => cellOf(p, r.counts.get(p)!)) })),
      totals,
      partnersNotListed: rows.size - visible.length,
    };
  }
}
