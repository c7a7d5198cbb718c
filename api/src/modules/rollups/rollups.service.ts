import { Injectable } from '@nestjs/common';
import {
  coarserOrEqual,
  type ErrorDetail,
  expectedReports,
  type FiscalYearStartMonth,
  GRANULARITIES,
  type Granularity,
  MAX_EXPECTED_RANGE_MONTHS,
  parsePeriodKey,
  periodAtIndex,
  periodsBetween,
  roleHas,
  toMonthIndex,
} from '@constellation/shared';
import { badRequest, forbidden, notFound } from '../../common/errors';
import { ReadCache } from '../mail/read-cache';
import { PreparedJson } from '../../common/prepared-json';
import { type CollaborationMember, type RequestContext, requireMember } from '../../common/request-context';
import { type IndicatorInfo, ROLLUP_READ_MAX, type RollupRow, RollupsRepository } from './rollups.repository';
import type { CompletenessPeriod, CompletenessQuery, RollupsQuery, RollupsResponse, RollupView } from './rollups.schemas';

/** Who the caller is for the rule "contribution, not attribution" (PRODUCT.md). */
export type Audience = { kind: 'backbone' } | { kind: 'partner'; partnerId: string } | { kind: 'funder' };

export function audienceOf(member: CollaborationMember): Audience {
  if (roleHas(member.role, 'values.review')) return { kind: 'backbone' };
  if (member.role === 'funder') return { kind: 'funder' };
  return { kind: 'partner', partnerId: member.partnerId };
}

/**
 * Whether this audience may see partners' contributions to a result (per-partner rows, the values
 * behind a cell): the backbone and partners always (a partner only its own), funders only when
 * the collaboration opts in (collaborations.show_contributions_to_funders, set by the backbone).
 */
export function seesContributions(audience: Audience, settings: { showContributionsToFunders: boolean }): boolean {
  return audience.kind !== 'funder' || settings.showContributionsToFunders;
}

export const FUNDER_PARTNER_ROWS =
  'Funders see results across all partners only: this collaboration does not show individual partners’ contributions to funders.';

const toView = (r: RollupRow): RollupView => ({
  indicatorId: r.indicatorId,
  granularity: r.granularity,
  period: r.period,
  cell: r.cell,
  scope: r.scope,
  organisationName: r.organisationName,
  value: r.value,
  numerator: r.numerator,
  denominator: r.denominator,
  partnerCount: r.partnerCount,
  valueCount: r.valueCount,
  computedAt: new Date(r.computedAt).toISOString(),
});

export interface PeriodRange {
  from: string;
  to: string;
}

/**
 * Dashboard reads of the precomputed rollups (the api never aggregates on a request path; answers
 * are kept in the ReadCache until the worker or a write changes them) and reporting completeness (partners that reported counting values vs partners expected by their
 * commitments).
 */
@Injectable()
export class RollupsService {
  constructor(
    private readonly repo: RollupsRepository,
    private readonly readCache: ReadCache,
  ) {}

  async settingsOf(collaborationId: string) {
    const s = await this.repo.settings(collaborationId);
    if (!s) throw notFound('Collaboration not found');
    return { ...s, fiscalYearStartMonth: s.fiscalYearStartMonth as FiscalYearStartMonth };
  }

  async indicatorOf(collaborationId: string, indicatorId: string): Promise<IndicatorInfo> {
    const indicator = await this.repo.indicator(collaborationId, indicatorId);
    if (!indicator) throw notFound('Indicator not found');
    return indicator;
  }

  /** from/to as valid period keys of the collaboration, `to` not before `from`, at most 20 years apart. */
  range(query: { from?: string; to?: string }, fy: FiscalYearStartMonth, defaults?: PeriodRange): PeriodRange | null {
    if (!query.from && !query.to && !defaults) return null;
    const issues: ErrorDetail[] = [];
    const parse = (name: 'from' | 'to', key: string | undefined) => {
      if (key === undefined) return null;
      const r = parsePeriodKey(key, fy);
      if (!r.ok) issues.push({ path: `query.${name}`, message: r.error });
      return r.ok ? r.period : null;
    };
    const from = parse('from', query.from ?? defaults?.from ?? query.to);
    const to = parse('to', query.to ?? defaults?.to ?? query.from);
    if (from && to) {
      if (to.endIndex < from.startIndex) issues.push({ path: 'query.to', message: 'must not be before from' });
      else if (to.endIndex - from.startIndex + 1 > MAX_EXPECTED_RANGE_MONTHS) {
        issues.push({ path: 'query.to', message: 'must be at most 20 years after from' });
      }
    }
    if (issues.length || !from || !to) throw badRequest('The period range is not valid', issues);
    return { from: from.key, to: to.key };
  }

  /**
   * The rollups asked for, as a RollupsResponse made ready to send (PreparedJson): that is what the
   * read cache keeps, so a cached answer costs no serialisation, hashing or compression either.
   */
  async list(ctx: RequestContext, query: RollupsQuery): Promise<PreparedJson> {
    const member = requireMember(ctx);
    const cid = member.collaborationId;
    const audience = audienceOf(member);
    // The settings came with the membership (the guard's query); the pending changes come with the
    // rows. Only when no row matched: one more query for them and to tell an unknown indicator (404).
    const settings = member.settings ?? (await this.settingsOf(cid));
    let scope: 'all' | 'partners' | { partnerId: string } = 'all';
    if (query.scope === 'partners') {
      if (!seesContributions(audience, settings)) throw forbidden(FUNDER_PARTNER_ROWS);
      scope = audience.kind === 'partner' ? { partnerId: audience.partnerId } : 'partners';
    }
    const fy = settings.fiscalYearStartMonth as FiscalYearStartMonth;
    const range = this.range(query, fy);
    let periods: string[] | undefined;
    if (range) {
      const granularities: readonly Granularity[] = query.granularity ? [query.granularity] : GRANULARITIES;
      periods = granularities.flatMap((g) => periodsBetween(range.from, range.to, g, fy));
    }
    const key = JSON.stringify([scope, fy, query.scope, query.indicatorId, query.granularity, query.cell, periods]);
    return this.readCache.get(cid, key, async () => new PreparedJson(JSON.stringify(await this.read(cid, query, scope, periods))));
  }

  private async read(
    cid: string,
    query: RollupsQuery,
    scope: 'all' | 'partners' | { partnerId: string },
    periods: string[] | undefined,
  ): Promise<RollupsResponse> {
    const found = await this.repo.rollups(cid, { indicatorId: query.indicatorId, granularity: query.granularity, periods, cell: query.cell, scope });
    const { rows } = found;
    if (rows.length > ROLLUP_READ_MAX) {
      const message = `matches more than ${ROLLUP_READ_MAX.toLocaleString('en')} rollup rows; narrow it with indicatorId, granularity, from and to, or cell`;
      throw badRequest(`The query ${message}`, [{ path: 'query', message }]);
    }
    let pendingChanges = found.pendingChanges;
    if (pendingChanges === null) {
      const context = await this.repo.listContext(cid, query.indicatorId);
      if (!context) throw notFound('Collaboration not found');
      if (!context.indicatorExists) throw notFound('Indicator not found');
      pendingChanges = context.pendingChanges;
    }
    const items = rows.map(toView);
    const computedAt = items.reduce<string | null>((max, r) => (max === null || r.computedAt > max ? r.computedAt : max), null);
    return { scope: query.scope, items, computedAt, pendingChanges, valuesPending: pendingChanges > 0 };
  }

  /** Per period of the window: partners expected by their commitments, and those of them with counting values. */
  async completeness(ctx: RequestContext, query: CompletenessQuery) {
    const { collaborationId: cid } = requireMember(ctx);
    const settings = await this.settingsOf(cid);
    const fy = settings.fiscalYearStartMonth;
    const indicator = await this.indicatorOf(cid, query.indicatorId);
    const granularity = query.granularity ?? indicator.periodicity;
    if (!coarserOrEqual(granularity, indicator.periodicity)) {
      throw badRequest('The granularity is finer than the indicator is reported', [
        { path: 'query.granularity', message: `must be ${indicator.periodicity} or coarser for this indicator` },
      ]);
    }
    const now = new Date();
    const thisYear = periodAtIndex(toMonthIndex(now.getUTCFullYear(), now.getUTCMonth() + 1), 'year', fy).key;
    const range = this.range(query, fy, { from: thisYear, to: thisYear });
    if (!range) throw new Error('unreachable: a default range was given');
    const spans = await this.repo.commitmentSpans(cid, indicator.id);
    const periods = periodsBetween(range.from, range.to, granularity, fy);
    const expected = periods.map((period) => ({
      period,
      pairs: spans.flatMap((s) =>
        expectedReports([{ indicatorId: indicator.id, periodicity: indicator.periodicity, startPeriod: s.startPeriod, endPeriod: s.endPeriod }], period, period, fy).map(
          (e) => ({ partnerId: s.partnerId, period: e.period }),
        ),
      ),
    }));
    const natives = [...new Set(expected.flatMap((e) => e.pairs.map((p) => p.period)))];
    const reported = new Set(
      (natives.length ? await this.repo.reported(cid, indicator.id, natives, countingStatuses(settings.requiresApproval)) : []).map(
        (r) => `${r.partnerId}|${r.period}`,
      ),
    );
    const items: CompletenessPeriod[] = expected.map(({ period, pairs }) => {
      const received = pairs.filter((p) => reported.has(`${p.partnerId}|${p.period}`));
      return {
        period,
        partnersExpected: new Set(pairs.map((p) => p.partnerId)).size,
        partnersReported: new Set(received.map((p) => p.partnerId)).size,
        reportsExpected: pairs.length,
        reportsReceived: received.length,
      };
    });
    return { indicatorId: indicator.id, granularity, from: range.from, to: range.to, items };
  }
}

/** Statuses of values that count: submitted and approved, or approved alone when approval is required. */
export function countingStatuses(requiresApproval: boolean): string[] {
  return requiresApproval ? ['approved'] : ['submitted', 'approved'];
}
