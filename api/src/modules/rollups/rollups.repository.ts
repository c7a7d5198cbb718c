import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { RollupView } from '@constellation/shared';
import type { DataSource } from 'typeorm';
import { queryOne, queryRows } from '../collaborations/common/sql';

/** Outbox kinds that lead to a rollup recompute (as worker/src/rollups/relay.ts relays them). */
export const ROLLUP_OUTBOX_KINDS = ['values_changed', 'indicator_definition_changed'];
/** The most rollup rows one read answers; a query matching more is refused (rollups() reads one more to tell). */
export const ROLLUP_READ_MAX = 20_000;

/** A rollup row as read (the answer's RollupView, with computedAt still a Date). */
export type RollupRow = Omit<RollupView, 'computedAt'> & { computedAt: Date };

export interface IndicatorInfo {
  id: string;
  code: string;
  name: string;
  valueType: 'count' | 'amount' | 'percentage' | 'ratio';
  periodicity: 'month' | 'quarter' | 'year';
  aggregationAcross: string;
  aggregationOverTime: string;
}

export interface RollupFilter {
  indicatorId?: string;
  granularity?: string;
  /** Period keys allowed (already expanded from a from/to range), or undefined for any. */
  periods?: string[];
  cell?: string;
  /** 'all', 'partners' (every partner row) or one partner id. */
  scope: 'all' | 'partners' | { partnerId: string };
}

export interface ExplainValueRow {
  id: string;
  partnerId: string;
  organisationName: string;
  period: string;
  cell: string;
  activityId: string | null;
  activityName: string | null;
  value: string | null;
  numerator: string | null;
  denominator: string | null;
  status: string;
  updatedAt: Date;
}

/** The only place with SQL for the dashboard read routes. Every query is scoped by collaboration. */
@Injectable()
export class RollupsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private get m() {
    return this.ds.manager;
  }

  async settings(
    collaborationId: string,
  ): Promise<{ fiscalYearStartMonth: number; requiresApproval: boolean; showContributionsToFunders: boolean } | null> {
    const row = await queryOne<{ fiscalYearStartMonth: number; requiresApproval: boolean; showContributionsToFunders: boolean }>(
      this.m,
      `SELECT av.fiscal_year_start_month AS "fiscalYearStartMonth", av.requires_approval AS "requiresApproval",
              c.show_contributions_to_funders AS "showContributionsToFunders"
         FROM collaborations c
         JOIN agenda_versions av ON av.collaboration_id = c.id AND av.version = c.current_agenda_version
        WHERE c.id = $1`,
      [collaborationId],
    );
    return row
      ? {
          fiscalYearStartMonth: Number(row.fiscalYearStartMonth),
          requiresApproval: row.requiresApproval,
          showContributionsToFunders: row.showContributionsToFunders,
        }
      : null;
  }

  /**
   * Everything the rollups list needs before its main query, in one round trip: the collaboration's
   * settings, whether the indicator asked for exists, and the pending changes (unprocessed outbox rows of
   * the rollup kinds for the indicator asked, or for every indicator).
   * Null when the collaboration is gone.
   */
  async listContext(
    collaborationId: string,
    indicatorId?: string,
  ): Promise<{ fiscalYearStartMonth: number; requiresApproval: boolean; indicatorExists: boolean; pendingChanges: number } | null> {
    const row = await queryOne<{ fiscalYearStartMonth: number; requiresApproval: boolean; indicatorExists: boolean; pendingChanges: number }>(
      this.m,
      `SELECT av.fiscal_year_start_month AS "fiscalYearStartMonth", av.requires_approval AS "requiresApproval",
              ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM indicators i WHERE i.collaboration_id = $1 AND i.id = $2)) AS "indicatorExists",
              (SELECT count(*)::int FROM outbox o
                WHERE o.collaboration_id = $1 AND o.processed_at IS NULL AND o.kind = ANY($3::text[])
                  AND ($2::uuid IS NULL OR o.indicator_id = $2)) AS "pendingChanges"
         FROM collaborations c
         JOIN agenda_versions av ON av.collaboration_id = c.id AND av.version = c.current_agenda_version
        WHERE c.id = $1`,
      [collaborationId, indicatorId ?? null, ROLLUP_OUTBOX_KINDS],
    );
    return row ? { ...row, fiscalYearStartMonth: Number(row.fiscalYearStartMonth) } : null;
  }

  indicator(collaborationId: string, indicatorId: string): Promise<IndicatorInfo | null> {
    return queryOne<IndicatorInfo>(
      this.m,
      `SELECT id, code, name, value_type AS "valueType", periodicity, aggregation_across AS "aggregationAcross",
              aggregation_over_time AS "aggregationOverTime"
         FROM indicators WHERE collaboration_id = $1 AND id = $2`,
      [collaborationId, indicatorId],
    );
  }

  /**
   * The rollup rows, and in the same statement (evaluated once) the pending changes of the indicator
   * asked or of all: `pendingChanges` is null when no row matched (ask listContext() then).
   */
  async rollups(collaborationId: string, f: RollupFilter): Promise<{ rows: RollupRow[]; pendingChanges: number | null }> {
    const scopeSql =
      f.scope === 'all' ? `r.scope = 'all'` : f.scope === 'partners' ? `r.scope <> 'all'` : `r.scope = $7`;
    const params: unknown[] = [collaborationId, f.indicatorId ?? null, f.granularity ?? null, f.periods ?? null, f.cell ?? null, ROLLUP_OUTBOX_KINDS];
    if (typeof f.scope === 'object') params.push(f.scope.partnerId);
    const rows = await queryRows<RollupRow & { pendingChanges: number }>(
      this.m,
      `SELECT r.indicator_id AS "indicatorId", r.granularity, r.period, r.cell, r.scope,
              o.name AS "organisationName",
              r.value::text AS value, r.numerator::text AS numerator, r.denominator::text AS denominator,
              r.partner_count AS "partnerCount", r.value_count AS "valueCount", r.computed_at AS "computedAt",
              (SELECT count(*)::int FROM outbox ob
                WHERE ob.collaboration_id = $1 AND ob.processed_at IS NULL AND ob.kind = ANY($6::text[])
                  AND ($2::uuid IS NULL OR ob.indicator_id = $2)) AS "pendingChanges"
         FROM rollups r
         LEFT JOIN partners p ON r.scope <> 'all' AND p.collaboration_id = r.collaboration_id AND p.id::text = r.scope
         LEFT JOIN organisations o ON o.id = p.organisation_id
        WHERE r.collaboration_id = $1
          AND ($2::uuid IS NULL OR r.indicator_id = $2)
          AND ($3::text IS NULL OR r.granularity = $3)
          AND ($4::text[] IS NULL OR r.period = ANY($4))
          AND ($5::text IS NULL OR r.cell = $5)
          AND ${scopeSql}
        ORDER BY r.indicator_id, r.granularity, r.period, r.cell <> 'total', r.cell, r.scope <> 'all', o.name, r.scope
        LIMIT ${ROLLUP_READ_MAX + 1}`,
      params,
    );
    return { rows, pendingChanges: rows.length > 0 ? rows[0]!.pendingChanges : null };
  }

  /** Every partner's commitment spans for one indicator. */
  commitmentSpans(collaborationId: string, indicatorId: string) {
    return queryRows<{ partnerId: string; startPeriod: string; endPeriod: string | null }>(
      this.m,
      `SELECT c.partner_id AS "partnerId", c.start_period AS "startPeriod", c.end_period AS "endPeriod"
         FROM commitments c JOIN partners p ON p.collaboration_id = c.collaboration_id AND p.id = c.partner_id
        WHERE c.collaboration_id = $1 AND c.indicator_id = $2 AND p.status = 'active'`,
      [collaborationId, indicatorId],
    );
  }

  /** (partner, native period) pairs with at least one counting value. */
  reported(collaborationId: string, indicatorId: string, periods: string[], statuses: string[]) {
    return queryRows<{ partnerId: string; period: string }>(
      this.m,
      `SELECT DISTINCT partner_id AS "partnerId", period FROM indicator_values
        WHERE collaboration_id = $1 AND indicator_id = $2 AND period = ANY($3::text[]) AND status = ANY($4::text[])`,
      [collaborationId, indicatorId, periods, statuses],
    );
  }

  /**
   * The counting values a rollup cell is computed from: for a breakdown cell, the values of that
   * cell; for 'total', each partner's own total where it sent one, else its breakdown cells.
   */
  explainValues(collaborationId: string, indicatorId: string, natives: string[], cell: string, statuses: string[]) {
    return queryRows<ExplainValueRow>(
      this.m,
      `WITH v AS (
         SELECT * FROM indicator_values
          WHERE collaboration_id = $1 AND indicator_id = $2 AND period = ANY($3::text[]) AND status = ANY($5::text[])
       )
       SELECT v.id, v.partner_id AS "partnerId", o.name AS "organisationName", v.period, v.cell,
              v.activity_id AS "activityId", a.name AS "activityName",
              v.value::text AS value, v.numerator::text AS numerator, v.denominator::text AS denominator,
              v.status, v.updated_at AS "updatedAt"
         FROM v
         JOIN partners p ON p.collaboration_id = v.collaboration_id AND p.id = v.partner_id
         JOIN organisations o ON o.id = p.organisation_id
         LEFT JOIN activities a ON a.collaboration_id = v.collaboration_id AND a.id = v.activity_id
        WHERE ($4 <> 'total' AND v.cell = $4)
           OR ($4 = 'total' AND (v.cell = 'total' OR NOT EXISTS (
                 SELECT 1 FROM v t WHERE t.partner_id = v.partner_id AND t.period = v.period AND t.cell = 'total')))
        ORDER BY o.name, v.partner_id, v.period, v.cell, a.name NULLS FIRST`,
      [collaborationId, indicatorId, natives, cell, statuses],
    );
  }

  rollupCell(collaborationId: string, indicatorId: string, granularity: string, period: string, cell: string) {
    return queryOne<RollupRow>(
      this.m,
      `SELECT indicator_id AS "indicatorId", granularity, period, cell, scope, NULL AS "organisationName",
              value::text AS value, numerator::text AS numerator, denominator::text AS denominator,
              partner_count AS "partnerCount", value_count AS "valueCount", computed_at AS "computedAt"
         FROM rollups
        WHERE collaboration_id = $1 AND indicator_id = $2 AND granularity = $3 AND period = $4 AND cell = $5 AND scope = 'all'`,
      [collaborationId, indicatorId, granularity, period, cell],
    );
  }
}
