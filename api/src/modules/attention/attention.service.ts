import { Injectable } from '@nestjs/common';
import {
  type AttentionView,
  dueDateOf,
  expectedReports,
  type FiscalYearStartMonth,
  headlineGranularity,
  headlineRow,
  periodAtIndex,
  toMonthIndex,
} from '@constellation/shared';
import { type RequestContext, requireMember } from '../../common/request-context';
import { todayIn } from '../reporting/report-status';
import { audienceOf } from '../rollups/rollups.service';
import { AttentionRepository } from './attention.repository';

export type { AttentionView };

/** How far back overdue reports are looked for: the twelve months before the current one. */
export const OVERDUE_WINDOW_MONTHS = 12;

/**
 * "What needs attention" on the overview, computed on read from the worker's progress rows,
 * the commitments (shared `expectedReports`) against the values, and the review queue. It is
 * role-aware: partner-level facts go to the backbone (all partners) and to a partner (its own);
 * funders get the all-partner indicator statuses only.
 */
@Injectable()
export class AttentionService {
  constructor(private readonly repo: AttentionRepository) {}

  async attention(ctx: RequestContext, now = new Date()): Promise<AttentionView> {
    const member = requireMember(ctx);
    const cid = member.collaborationId;
    const audience = audienceOf(member);
    const fy = (await this.repo.fiscalYearStartMonth(cid)) as FiscalYearStartMonth;
    const calendar = await this.repo.calendar(cid);
    // Overdue = past its due date (the reporting calendar) in the collaboration's time zone.
    const today = todayIn(await this.repo.timeZone(cid), now);
    const current = toMonthIndex(now.getUTCFullYear(), now.getUTCMonth() + 1);
    // A period is due once it has ended: the window ends with last month.
    const from = periodAtIndex(current - OVERDUE_WINDOW_MONTHS, 'month', fy).key;
    const to = periodAtIndex(current - 1, 'month', fy).key;

    // Each indicator's headline, as the overview's cards show it: at its headline granularity, the
    // latest period with data that has ended.
    const [indicatorRows, progressRows] = await Promise.all([
      this.repo.indicators(cid),
      this.repo.progressWithData(cid),
    ]);
    const order = { off_track: 0, at_risk: 1 } as const;
    const indicators: AttentionView['indicators'] = [];
    for (const i of indicatorRows) {
      const g = headlineGranularity(i, fy);
      const row = headlineRow(
        progressRows.filter((r) => r.indicatorId === i.indicatorId && r.granularity === g),
        current,
        fy,
      );
      if (row && (row.status === 'off_track' || row.status === 'at_risk')) {
        indicators.push({
          indicatorId: i.indicatorId,
          code: i.code,
          name: i.name,
          unit: i.unit,
          valueType: i.valueType,
          granularity: g,
          period: row.period,
          actual: row.actual,
          target: row.target,
          status: row.status,
        });
      }
    }
    indicators.sort((a, b) => order[a.status] - order[b.status] || a.code.localeCompare(b.code));

    if (audience.kind === 'funder') {
      return {
        audience: 'funder',
        indicators,
        overdueReports: null,
        awaitingReview: null,
        window: { from, to },
      };
    }
    const partnerId = audience.kind === 'partner' ? audience.partnerId : null;
    const commitments = await this.repo.commitments(cid, partnerId);
    const expected = commitments.flatMap((c) =>
      expectedReports(
        [
          {
            indicatorId: c.indicatorId,
            periodicity: c.periodicity,
            startPeriod: c.startPeriod,
            endPeriod: c.endPeriod,
          },
        ],
        from,
        to,
        fy,
      ).map((e) => ({ ...c, period: e.period })),
    );
    const periods = [...new Set(expected.map((e) => e.period))];
    const reported = new Set(
      (periods.length ? await this.repo.reported(cid, periods, partnerId) : []).map(
        (r) => `${r.partnerId}|${r.indicatorId}|${r.period}`,
      ),
    );
    const overdueReports = expected
      .filter((e) => !reported.has(`${e.partnerId}|${e.indicatorId}|${e.period}`) && today > dueDateOf(e.period, fy, calendar))
      .map(({ partnerId: p, organisationName, indicatorId, code, name, period }) => ({
        partnerId: p,
        organisationName,
        indicatorId,
        code,
        name,
        period,
      }));
    const awaitingReview = await this.repo.awaitingReview(cid, partnerId);
    return { audience: audience.kind, indicators, overdueReports, awaitingReview, window: { from, to } };
  }
}
