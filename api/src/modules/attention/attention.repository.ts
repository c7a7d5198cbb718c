import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { queryOne, queryRows } from '../collaborations/common/sql';
import { loadCalendar } from '../reporting/calendar.sql';

export interface IndicatorRow {
  indicatorId: string;
  code: string;
  name: string;
  unit: string;
  valueType: string;
  periodicity: 'month' | 'quarter' | 'year';
  aggregationOverTime: string;
  targets: { period: string; kind: string }[];
}

export interface ProgressWithData {
  indicatorId: string;
  granularity: 'month' | 'quarter' | 'year';
  period: string;
  actual: string;
  target: string;
  status: 'on_track' | 'at_risk' | 'off_track';
}

export interface CommitmentRow {
  partnerId: string;
  organisationName: string;
  indicatorId: string;
  code: string;
  name: string;
  periodicity: 'month' | 'quarter' | 'year';
  startPeriod: string;
  endPeriod: string | null;
}

/** The only SQL of "what needs attention". Every statement is scoped by collaboration_id. */
@Injectable()
export class AttentionRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private get m() {
    return this.ds.manager;
  }

  calendar(collaborationId: string) {
    return loadCalendar(this.m, collaborationId);
  }

  async timeZone(collaborationId: string): Promise<string> {
    const row = await queryOne<{ tz: string }>(
      this.m,
      `SELECT av.time_zone AS tz FROM collaborations c
         JOIN agenda_versions av ON av.collaboration_id = c.id AND av.version = c.current_agenda_version
        WHERE c.id = $1`,
      [collaborationId],
    );
    return row?.tz ?? 'UTC';
  }

  async fiscalYearStartMonth(collaborationId: string): Promise<number> {
    const row = await queryOne<{ fy: number }>(
      this.m,
      `SELECT av.fiscal_year_start_month AS fy
         FROM collaborations c
         JOIN agenda_versions av ON av.collaboration_id = c.id AND av.version = c.current_agenda_version
        WHERE c.id = $1`,
      [collaborationId],
    );
    return Number(row?.fy ?? 1);
  }

  /** Active indicators with what choosing their headline needs (periodicity, time aggregation, targets). */
  indicators(collaborationId: string): Promise<IndicatorRow[]> {
    return queryRows<IndicatorRow>(
      this.m,
      `SELECT i.id AS "indicatorId", i.code, i.name, i.unit, i.value_type AS "valueType", i.periodicity,
              i.aggregation_over_time AS "aggregationOverTime",
              coalesce((SELECT json_agg(json_build_object('period', t.period, 'kind', t.kind))
                          FROM indicator_targets t
                         WHERE t.collaboration_id = i.collaboration_id AND t.indicator_id = i.id), '[]'::json) AS targets
         FROM indicators i
        WHERE i.collaboration_id = $1 AND i.status = 'active'
        ORDER BY i.code`,
      [collaborationId],
    );
  }

  /** Every progress row that has data, of active indicators. */
  progressWithData(collaborationId: string): Promise<ProgressWithData[]> {
    return queryRows<ProgressWithData>(
      this.m,
      `SELECT p.indicator_id AS "indicatorId", p.granularity, p.period, p.actual::text AS actual, p.target::text AS target, p.status
         FROM progress p
         JOIN indicators i ON i.collaboration_id = p.collaboration_id AND i.id = p.indicator_id AND i.status = 'active'
        WHERE p.collaboration_id = $1 AND p.status <> 'no_data'`,
      [collaborationId],
    );
  }

  /** Active partners' commitments to active indicators (one partner's, or every partner's). */
  commitments(collaborationId: string, partnerId: string | null): Promise<CommitmentRow[]> {
    return queryRows<CommitmentRow>(
      this.m,
      `SELECT c.partner_id AS "partnerId", o.name AS "organisationName", i.id AS "indicatorId", i.code, i.name,
              i.periodicity, c.start_period AS "startPeriod", c.end_period AS "endPeriod"
         FROM commitments c
         JOIN partners p ON p.collaboration_id = c.collaboration_id AND p.id = c.partner_id AND p.status = 'active'
         JOIN organisations o ON o.id = p.organisation_id
         JOIN indicators i ON i.collaboration_id = c.collaboration_id AND i.id = c.indicator_id AND i.status = 'active'
        WHERE c.collaboration_id = $1 AND ($2::uuid IS NULL OR c.partner_id = $2::uuid)
        ORDER BY lower(o.name), c.partner_id, i.code`,
      [collaborationId, partnerId],
    );
  }

  /** (partner, indicator, period) triples that have a submitted or approved value (any cell). */
  reported(collaborationId: string, periods: string[], partnerId: string | null) {
    return queryRows<{ partnerId: string; indicatorId: string; period: string }>(
      this.m,
      `SELECT DISTINCT partner_id AS "partnerId", indicator_id AS "indicatorId", period
         FROM indicator_values
        WHERE collaboration_id = $1 AND period = ANY($2::text[]) AND status IN ('submitted', 'approved')
          AND ($3::uuid IS NULL OR partner_id = $3::uuid)`,
      [collaborationId, periods, partnerId],
    );
  }

  /** Values waiting for review: submitted, not yet approved or returned (one partner's, or all). */
  async awaitingReview(
    collaborationId: string,
    partnerId: string | null,
  ): Promise<{ values: number; partners: number }> {
    const row = await queryOne<{ values: number; partners: number }>(
      this.m,
      `SELECT count(*)::int AS values, count(DISTINCT partner_id)::int AS partners
         FROM indicator_values
        WHERE collaboration_id = $1 AND status = 'submitted' AND ($2::uuid IS NULL OR partner_id = $2::uuid)`,
      [collaborationId, partnerId],
    );
    return { values: row?.values ?? 0, partners: row?.partners ?? 0 };
  }
}
