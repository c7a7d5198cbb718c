import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { parsePeriodKey, periodLabel, type ReviewPreviousQuery, type ValuesQuery, type ValueView } from '@constellation/shared';
import type { DataSource } from 'typeorm';
import { notFound, ValidationFailed } from '../../../common/errors';
import type { ValuesActor } from '../common/actor';
import { periodsWithin } from '../common/periods-within';
import { MeasurementSettingsRepository } from '../common/settings.repository';
import { canon, toValueView } from '../common/value-changes';
import { ValuesRepository } from './values.repository';

/** Reads: partners see only their own organisation's values; backbone reviewers see everyone's. */
@Injectable()
export class ValuesReadService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly values: ValuesRepository,
    private readonly settings: MeasurementSettingsRepository,
  ) {}

  async list(actor: ValuesActor, query: ValuesQuery): Promise<{ items: ValueView[] }> {
    const cid = actor.collaborationId;
    let partnerId = query.partnerId;
    if (!actor.canReview) {
      if (partnerId && partnerId !== actor.partnerId) throw notFound('Partner not found');
      partnerId = actor.partnerId;
    }
    let periods: string[] | undefined;
    if (query.from || query.to || query.period) {
      const fy = (await this.settings.settings(this.ds.manager, cid))?.fiscalYearStartMonth ?? 1;
      if (query.from || query.to) periods = periodsWithin(query.from, query.to, fy);
      if (query.period) {
        const p = parsePeriodKey(query.period, fy);
        if (!p.ok) throw new ValidationFailed([{ path: 'query.period', message: p.error }]);
        periods = periods ? periods.filter((k) => k === p.period.key) : [p.period.key];
      }
    }
    const rows = await this.values.list(this.ds.manager, cid, { ...query, partnerId, periods });
    return { items: rows.map(toValueView) };
  }

  async history(actor: ValuesActor, valueId: string) {
    const cid = actor.collaborationId;
    const owner = await this.values.ownerOf(this.ds.manager, cid, valueId);
    if (!owner || (!actor.canReview && owner !== actor.partnerId)) throw notFound('Value not found');
    const items = await this.values.revisions(this.ds.manager, cid, valueId);
    return {
      items: items.map((r) => {
        const by = (r.after as { by?: string } | null)?.by;
        return {
          version: r.version,
          action: r.action,
          before: r.before,
          after: r.after,
          reason: r.reason,
          via: r.via,
          at: new Date(r.createdAt).toISOString(),
          actor: r.actor ? { kind: 'user' as const, ...r.actor } : by ? { kind: 'token' as const, id: by.replace(/^token:/, ''), name: 'API token' } : null,
        };
      }),
    };
  }

  async reviewQueue(actor: ValuesActor) {
    const cid = actor.collaborationId;
    const fy = (await this.settings.settings(this.ds.manager, cid))?.fiscalYearStartMonth ?? 1;
    const rows = await this.values.reviewQueue(this.ds.manager, cid);
    return {
      items: rows.map((r) => ({
        partner: { id: r.partnerId, organisationName: r.organisationName },
        period: r.period,
        periodLabel: safeLabel(r.period, fy),
        count: r.count,
        flagged: r.flagged,
        valueIds: r.valueIds,
      })),
    };
  }

  /**
   * For one group of the queue (a partner × period): by value id, the partner's value in the latest
   * earlier period it reported, for the reviewer to read beside it (absent for a first report).
   */
  async reviewPrevious(actor: ValuesActor, query: ReviewPreviousQuery) {
    const cid = actor.collaborationId;
    const fy = (await this.settings.settings(this.ds.manager, cid))?.fiscalYearStartMonth ?? 1;
    const p = parsePeriodKey(query.period, fy);
    if (!p.ok) throw new ValidationFailed([{ path: 'query.period', message: p.error }]);
    const rows = await this.values.previousOfSubmitted(this.ds.manager, cid, query.partnerId, p.period.key);
    return {
      previous: Object.fromEntries(
        rows.map((r) => [
          r.valueId,
          { period: r.period, periodLabel: safeLabel(r.period, fy), value: canon(r.value), numerator: canon(r.numerator), denominator: canon(r.denominator), status: r.status },
        ]),
      ),
    };
  }
}

function safeLabel(key: string, fy: number): string {
  try {
    return periodLabel(key, fy);
  } catch {
    return key;
  }
}
