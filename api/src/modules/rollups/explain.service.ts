import { Injectable } from '@nestjs/common';
import { coarserOrEqual, parsePeriodKey, periodsBetween } from '@constellation/shared';
import { badRequest, forbidden } from '../../common/errors';
import { type RequestContext, requireMember } from '../../common/request-context';
import { audienceOf, countingStatuses, RollupsService, seesContributions } from './rollups.service';
import { RollupsRepository } from './rollups.repository';
import type { ExplainQuery } from './rollups.schemas';

export const FUNDER_EXPLAIN =
  'Funders see results across all partners only: the values behind a result are shown to the backbone and to each partner for its own data (this collaboration does not show partners’ contributions to funders).';

const ACROSS_TEXT: Record<string, string> = {
  sum: 'partners’ values are added up',
  average: 'the mean of the partners’ values',
  min: 'the lowest partner value',
  max: 'the highest partner value',
  ratio: 'numerators and denominators are each added up, then divided',
};
const OVER_TIME_TEXT: Record<string, string> = {
  sum: 'each partner’s values over the periods inside are added up',
  last: 'each partner’s latest period inside counts',
  average: 'each partner’s values over the periods inside are averaged',
};

/** "Show the math": the values and partners one rollup cell came from, and the rules applied. */
@Injectable()
export class ExplainService {
  constructor(
    private readonly repo: RollupsRepository,
    private readonly rollups: RollupsService,
  ) {}

  async explain(ctx: RequestContext, query: ExplainQuery) {
    const member = requireMember(ctx);
    const cid = member.collaborationId;
    const audience = audienceOf(member);
    const settings = await this.rollups.settingsOf(cid);
    if (!seesContributions(audience, settings)) throw forbidden(FUNDER_EXPLAIN);
    const fy = settings.fiscalYearStartMonth;
    const indicator = await this.rollups.indicatorOf(cid, query.indicatorId);
    const parsed = parsePeriodKey(query.period, fy);
    if (!parsed.ok) throw badRequest('The period is not valid', [{ path: 'query.period', message: parsed.error }]);
    if (parsed.period.granularity !== query.granularity) {
      throw badRequest('The period does not match the granularity', [{ path: 'query.period', message: `must be a ${query.granularity}` }]);
    }
    if (!coarserOrEqual(query.granularity, indicator.periodicity)) {
      throw badRequest('The granularity is finer than the indicator is reported', [
        { path: 'query.granularity', message: `must be ${indicator.periodicity} or coarser for this indicator` },
      ]);
    }
    const period = parsed.period.key;
    const natives = periodsBetween(period, period, indicator.periodicity, fy);
    const statuses = countingStatuses(settings.requiresApproval);
    const [rows, cell] = await Promise.all([
      this.repo.explainValues(cid, indicator.id, natives, query.cell, statuses),
      this.repo.rollupCell(cid, indicator.id, query.granularity, period, query.cell),
    ]);
    const visible = audience.kind === 'partner' ? rows.filter((r) => r.partnerId === audience.partnerId) : rows;
    const otherPartners = new Set(rows.filter((r) => !visible.includes(r)).map((r) => r.partnerId)).size;
    const partners = new Map<string, string>();
    for (const r of visible) partners.set(r.partnerId, r.organisationName);
    return {
      indicator: { id: indicator.id, code: indicator.code, name: indicator.name },
      granularity: query.granularity,
      period,
      cell: query.cell,
      rollup: cell
        ? {
            value: cell.value,
            numerator: cell.numerator,
            denominator: cell.denominator,
            partnerCount: cell.partnerCount,
            valueCount: cell.valueCount,
            computedAt: new Date(cell.computedAt).toISOString(),
          }
        : null,
      rules: {
        valueType: indicator.valueType,
        periodicity: indicator.periodicity,
        aggregationAcrossPartners: indicator.aggregationAcross,
        aggregationOverTime: indicator.aggregationOverTime,
        countingStatuses: statuses,
        nativePeriods: natives,
        steps: [
          `Only ${statuses.join(' and ')} values count${settings.requiresApproval ? ' (this collaboration requires approval)' : ''}.`,
          'A partner’s values for several activities in the same period and cell are combined first.',
          query.cell === 'total'
            ? 'A partner’s total is the total it reported, or else the combination of its breakdown cells.'
            : `Only values reported for the cell ${query.cell} count.`,
          `Over time: ${OVER_TIME_TEXT[indicator.aggregationOverTime] ?? indicator.aggregationOverTime}.`,
          `Across partners: ${ACROSS_TEXT[indicator.aggregationAcross] ?? indicator.aggregationAcross}.`,
          ...(indicator.valueType === 'percentage' ? ['The result is 100 × numerator ÷ denominator.'] : []),
        ],
      },
      partners: [...partners].map(([id, organisationName]) => ({ id, organisationName })),
      values: visible.map((r) => ({
        id: r.id,
        partnerId: r.partnerId,
        organisationName: r.organisationName,
        period: r.period,
        cell: r.cell,
        activity: r.activityId ? { id: r.activityId, name: r.activityName } : null,
        value: r.value,
        numerator: r.numerator,
        denominator: r.denominator,
        status: r.status,
        updatedAt: new Date(r.updatedAt).toISOString(),
      })),
      /** Partners whose values are in the result but not shown to this caller. */
      otherPartners,
    };
  }
}
