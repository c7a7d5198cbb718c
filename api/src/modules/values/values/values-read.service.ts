import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { normalizeDecimal, parsePeriodKey, periodLabel, type ValuesQuery, type ValueView } from '@constellation/shared';
import type { DataSource } from 'typeorm';
import { notFound, ValidationFailed } from '../../../common/errors';
import type { ValuesActor } from '../common/actor';
import { periodsWithin } from '../common/periods-within';
import { MeasurementSettingsRepository } from '../common/settings.repository';
import { toValueView } from '../common/value-changes';
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
    const [rows, previous] = await Promise.all([this.values.reviewQueue(this.ds.manager, cid), this.values.previousOfSubmitted(this.ds.manager, cid)]);
    const before = new Map(
      previous.map((p) => [
        p.valueId,
        { period: p.period, periodLabel: safeLabel(p.period, fy), value: dec(p.value), numerator: dec(p.numerator), denominator: dec(p.denominator), status: p.status },
      ]),
    );
    return {
      items: rows.map((r) => ({
        partner: { id: r.partnerId, organisationName: r.organisationName },
        period: r.period,
        periodLabel: safeLabel(r.period, fy),
        count: r.count,
        flagged: r.flagged,
        valueIds: r.valueIds,
        previous: Object.fromEntries(r.valueIds.flatMap((id) => (before.has(id) ? [[id, before.get(id)!]] : []))),
      })),
    };
  }
}

const dec = (x: string | null) => (x === null ? null : normalizeDecimal(x));

function safeLabel(key: string, fy: number): string {
  try {
    return periodLabel(key, fy);
  } catch {
    return key;
  }
}
