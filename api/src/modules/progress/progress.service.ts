import { Injectable } from '@nestjs/common';
import { parsePeriodKey } from '@constellation/shared';
import { ValidationFailed } from '../../common/errors';
import { type RequestContext, requireMember } from '../../common/request-context';
import { audienceOf } from '../rollups/rollups.service';
import { ProgressRepository } from './progress.repository';
import type { ProgressQuery, ProgressView, TrajectoryView, WinsQuery, WinView } from './progress.schemas';

/**
 * Progress against targets, wins and the trajectory, as the worker last computed them. Every
 * member (funders included) may read them: they are all-partner aggregates, never one partner's
 * numbers.
 */
@Injectable()
export class ProgressService {
  constructor(private readonly repo: ProgressRepository) {}

  async progress(
    ctx: RequestContext,
    query: ProgressQuery,
  ): Promise<{ items: ProgressView[]; trajectories: TrajectoryView[]; computedAt: string | null }> {
    const { collaborationId } = requireMember(ctx);
    const fy = await this.repo.fiscalYearStartMonth(collaborationId);
    const bound = (field: 'from' | 'to') => {
      const key = query[field];
      if (key === undefined) return null;
      const parsed = parsePeriodKey(key, fy);
      if (!parsed.ok) throw new ValidationFailed([{ path: field, message: parsed.error }]);
      return parsed.period;
    };
    const from = bound('from');
    const to = bound('to');
    if (from && to && from.startIndex > to.endIndex) {
      throw new ValidationFailed([{ path: 'to', message: 'must not come before from' }]);
    }
    const rows = await this.repo.progress(collaborationId, query.indicatorId, query.granularity);
    // A period is in the range when its last month is (periods are placed at their last month).
    const items = rows
      .map((r) => ({ r, p: parsePeriodKey(r.period, fy) }))
      .filter(({ p }) => p.ok && (!from || p.period.endIndex >= from.startIndex) && (!to || p.period.endIndex <= to.endIndex))
      .sort((a, b) => (a.p.ok && b.p.ok ? a.p.period.endIndex - b.p.period.endIndex : 0))
      .sort((a, b) => (a.r.indicatorId < b.r.indicatorId ? -1 : a.r.indicatorId > b.r.indicatorId ? 1 : 0))
      .map(({ r }) => r);
    const trajectories = await this.repo.trajectories(collaborationId, query.indicatorId);
    const computedAt = items.reduce<string | null>((m, r) => (m === null || r.computedAt > m ? r.computedAt : m), null);
    return { items, trajectories, computedAt };
  }

  async wins(ctx: RequestContext, query: WinsQuery): Promise<{ items: WinView[] }> {
    const member = requireMember(ctx);
    const audience = audienceOf(member);
    const rows = await this.repo.wins(member.collaborationId, query.indicatorId);
    const items = rows.map(({ contributorIds, contributorNames, ...w }) => {
      const names =
        audience.kind === 'backbone'
          ? contributorNames
          : audience.kind === 'partner'
            ? contributorNames.filter((_, k) => contributorIds[k] === audience.partnerId)
            : [];
      return { ...w, contributors: { count: contributorIds.length, names } };
    });
    return { items };
  }
}
