import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { queryOne, queryRows } from '../collaborations/common/sql';
import { loadCalendar } from './calendar.sql';

export interface ReportingSettings {
  fiscalYearStartMonth: number;
  requiresApproval: boolean;
  timeZone: string;
}

export interface CommittedRow {
  partnerId: string;
  organisationName: string;
  indicatorId: string;
  code: string;
  name: string;
  unit: string;
  periodicity: 'month' | 'quarter' | 'year';
  valueType: string;
  aggregationAcross: string;
  startPeriod: string;
  endPeriod: string | null;
}

export interface FlagsRow {
  partnerId: string;
  indicatorId: string;
  period: string;
  approved: boolean;
  submitted: boolean;
  returned: boolean;
  draft: boolean;
}

export interface RollupNumbers {
  indicatorId: string;
  period: string;
  value: string;
  numerator: string | null;
  denominator: string | null;
  partnerCount: number;
  computedAt: Date;
}

/** The only place with SQL for the partner home and the completeness heatmap. Every query is scoped by collaboration. */
@Injectable()
export class ReportingRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private get m() {
    return this.ds.manager;
  }

  /** The collaboration's reporting calendar (reporting-calendar routes; the default when never set). */
  calendar(collaborationId: string) {
    return loadCalendar(this.m, collaborationId);
  }

  settings(collaborationId: string): Promise<ReportingSettings | null> {
    return queryOne<ReportingSettings>(
      this.m,
      `SELECT av.fiscal_year_start_month AS "fiscalYearStartMonth", av.requires_approval AS "requiresApproval", av.time_zone AS "timeZone"
         FROM collaborations c
         JOIN agenda_versions av ON av.collaboration_id = c.id AND av.version = c.current_agenda_version
        WHERE c.id = $1`,
      [collaborationId],
    );
  }

  partner(collaborationId: string, partnerId: string) {
    return queryOne<{ id: string; kind: string; status: string; organisationName: string }>(
      this.m,
      `SELECT p.id, p.kind, p.status, o.name AS "organisationName"
         FROM partners p JOIN organisations o ON o.id = p.organisation_id
        WHERE p.collaboration_id = $1 AND p.id = $2`,
      [collaborationId, partnerId],
    );
  }

  indicatorExists(collaborationId: string, indicatorId: string) {
    return queryOne<{ id: string; periodicity: 'month' | 'quarter' | 'year' }>(
      this.m,
      `SELECT id, periodicity FROM indicators WHERE collaboration_id = $1 AND id = $2`,
      [collaborationId, indicatorId],
    );
  }

  /** Commitments of active partner organisations to active indicators (optionally one partner, one indicator). */
  commitments(collaborationId: string, f: { partnerId?: string; indicatorId?: string }): Promise<CommittedRow[]> {
    return queryRows<CommittedRow>(
      this.m,
      `SELECT c.partner_id AS "partnerId", o.name AS "organisationName", c.indicator_id AS "indicatorId",
              i.code, i.name, i.unit, i.periodicity, i.value_type AS "valueType", i.aggregation_across AS "aggregationAcross",
              c.start_period AS "startPeriod", c.end_period AS "endPeriod"
         FROM commitments c
         JOIN partners p ON p.collaboration_id = c.collaboration_id AND p.id = c.partner_id
         JOIN organisations o ON o.id = p.organisation_id
         JOIN indicators i ON i.collaboration_id = c.collaboration_id AND i.id = c.indicator_id
        WHERE c.collaboration_id = $1 AND p.status = 'active' AND p.kind = 'partner' AND i.status = 'active'
          AND ($2::uuid IS NULL OR c.partner_id = $2) AND ($3::uuid IS NULL OR c.indicator_id = $3)
        ORDER BY o.name, p.id, i.code`,
      [collaborationId, f.partnerId ?? null, f.indicatorId ?? null],
    );
  }

  /** Per partner, indicator and native period: which statuses its values (total, cells, activities) have. */
  flags(collaborationId: string, indicatorIds: string[], periods: string[], partnerId?: string): Promise<FlagsRow[]> {
    if (indicatorIds.length === 0 || periods.length === 0) return Promise.resolve([]);
    return queryRows<FlagsRow>(
      this.m,
      `SELECT partner_id AS "partnerId", indicator_id AS "indicatorId", period,
              bool_or(status = 'approved') AS approved, bool_or(status = 'submitted') AS submitted,
              bool_or(status = 'returned') AS returned, bool_or(status = 'draft') AS draft
         FROM indicator_values
        WHERE collaboration_id = $1 AND indicator_id = ANY($2::uuid[]) AND period = ANY($3::text[])
          AND ($4::uuid IS NULL OR partner_id = $4)
        GROUP BY partner_id, indicator_id, period`,
      [collaborationId, indicatorIds, periods, partnerId ?? null],
    );
  }

  async lockedPeriods(collaborationId: string): Promise<string[]> {
    const rows = await queryRows<{ period: string }>(this.m, `SELECT period FROM period_locks WHERE collaboration_id = $1`, [collaborationId]);
    return rows.map((r) => r.period);
  }

  /** The latest all-partner total of each indicator at its own periodicity, among periods with at least one partner. */
  latestTotals(collaborationId: string, indicatorIds: string[]): Promise<RollupNumbers[]> {
    if (indicatorIds.length === 0) return Promise.resolve([]);
    return queryRows<RollupNumbers>(
      this.m,
      `SELECT DISTINCT ON (r.indicator_id) r.indicator_id AS "indicatorId", r.period, r.value::text AS value,
              r.numerator::text AS numerator, r.denominator::text AS denominator, r.partner_count AS "partnerCount",
              r.computed_at AS "computedAt"
         FROM rollups r
         JOIN indicators i ON i.collaboration_id = r.collaboration_id AND i.id = r.indicator_id AND r.granularity = i.periodicity
        WHERE r.collaboration_id = $1 AND r.indicator_id = ANY($2::uuid[]) AND r.scope = 'all' AND r.cell = 'total'
          AND r.partner_count > 0
        ORDER BY r.indicator_id, r.period DESC`,
      [collaborationId, indicatorIds],
    );
  }

  /** One partner's own rows (scope = its id) for these indicator × period pairs at the indicators' periodicity. */
  partnerTotals(collaborationId: string, partnerId: string, pairs: { indicatorId: string; period: string }[]): Promise<RollupNumbers[]> {
    if (pairs.length === 0) return Promise.resolve([]);
    return queryRows<RollupNumbers>(
      this.m,
      `SELECT r.indicator_id AS "indicatorId", r.period, r.value::text AS value, r.numerator::text AS numerator,
              r.denominator::text AS denominator, r.partner_count AS "partnerCount", r.computed_at AS "computedAt"
         FROM rollups r
         JOIN indicators i ON i.collaboration_id = r.collaboration_id AND i.id = r.indicator_id AND r.granularity = i.periodicity
         JOIN unnest($3::uuid[], $4::text[]) AS want(indicator_id, period) ON want.indicator_id = r.indicator_id AND want.period = r.period
        WHERE r.collaboration_id = $1 AND r.scope = $2 AND r.cell = 'total'`,
      [collaborationId, partnerId, pairs.map((p) => p.indicatorId), pairs.map((p) => p.period)],
    );
  }
}
