import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { execute, queryOne, queryRows } from '../collaborations/common/sql';

const ISO = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export interface SharedDashboardRow {
  collaborationId: string;
  id: string;
  token: string;
  title: string;
  granularity: 'month' | 'quarter' | 'year' | null;
  from: string | null;
  to: string | null;
  indicatorIds: string[];
  createdAt: string;
  createdBy: { id: string; name: string } | null;
  revokedAt: string | null;
  revokedBy: { id: string; name: string } | null;
}

const COLUMNS = `d.collaboration_id AS "collaborationId", d.id, d.token, d.title, d.granularity,
  d.period_from AS "from", d.period_to AS "to",
  coalesce((SELECT array_agg(si.indicator_id::text ORDER BY si.position) FROM shared_dashboard_indicators si
             WHERE si.collaboration_id = d.collaboration_id AND si.dashboard_id = d.id), '{}') AS "indicatorIds",
  ${ISO('d.created_at')} AS "createdAt",
  CASE WHEN cu.id IS NULL THEN NULL ELSE json_build_object('id', cu.id, 'name', cu.name) END AS "createdBy",
  ${ISO('d.revoked_at')} AS "revokedAt",
  CASE WHEN ru.id IS NULL THEN NULL ELSE json_build_object('id', ru.id, 'name', ru.name) END AS "revokedBy"`;
const FROM = `shared_dashboards d LEFT JOIN users cu ON cu.id = d.created_by LEFT JOIN users ru ON ru.id = d.revoked_by`;

export interface PublicIndicatorRow {
  id: string;
  code: string;
  name: string;
  definition: string;
  unit: string;
  valueType: string;
  direction: 'increase' | 'decrease';
  periodicity: 'month' | 'quarter' | 'year';
  aggregationOverTime: 'sum' | 'last' | 'average';
  baselineValue: string;
  baselinePeriod: string;
  targets: { period: string; value: string; kind: 'milestone' | 'long_term' }[];
}

export interface PublicProgressRow {
  indicatorId: string;
  granularity: 'month' | 'quarter' | 'year';
  period: string;
  actual: string | null;
  target: string;
  longTermTarget: string;
  percentToLongTerm: number | null;
  status: 'on_track' | 'at_risk' | 'off_track' | 'no_data';
  computedAt: string;
}

/** Shared dashboards and the all-partner aggregates a public one shows. Every statement is scoped by collaboration_id. */
@Injectable()
export class SharingRepository {
  list(m: EntityManager, collaborationId: string): Promise<SharedDashboardRow[]> {
    return queryRows<SharedDashboardRow>(
      m,
      `SELECT ${COLUMNS} FROM ${FROM} WHERE d.collaboration_id = $1 ORDER BY (d.revoked_at IS NULL) DESC, d.created_at DESC, d.id`,
      [collaborationId],
    );
  }

  one(m: EntityManager, collaborationId: string, id: string): Promise<SharedDashboardRow | null> {
    return queryOne<SharedDashboardRow>(
      m,
      `SELECT ${COLUMNS} FROM ${FROM} WHERE d.collaboration_id = $1 AND d.id = $2`,
      [collaborationId, id],
    );
  }

  byToken(m: EntityManager, token: string): Promise<SharedDashboardRow | null> {
    return queryOne<SharedDashboardRow>(m, `SELECT ${COLUMNS} FROM ${FROM} WHERE d.token = $1`, [token]);
  }

  /** Which of these ids are active indicators of the collaboration. */
  async activeIndicatorIds(m: EntityManager, collaborationId: string, ids: string[]): Promise<Set<string>> {
    const rows = await queryRows<{ id: string }>(
      m,
      `SELECT id FROM indicators WHERE collaboration_id = $1 AND id = ANY($2::uuid[]) AND status = 'active'`,
      [collaborationId, ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  async insert(
    m: EntityManager,
    row: {
      collaborationId: string;
      token: string;
      title: string;
      granularity: string | null;
      from: string | null;
      to: string | null;
      indicatorIds: string[];
      userId: string;
    },
  ): Promise<string> {
    const [inserted] = await queryRows<{ id: string }>(
      m,
      `INSERT INTO shared_dashboards (collaboration_id, token, title, granularity, period_from, period_to, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [row.collaborationId, row.token, row.title, row.granularity, row.from, row.to, row.userId],
    );
    const id = inserted!.id;
    await execute(
      m,
      `INSERT INTO shared_dashboard_indicators (collaboration_id, dashboard_id, indicator_id, position)
       SELECT $1, $2, t.id, t.position::int - 1 FROM unnest($3::uuid[]) WITH ORDINALITY AS t(id, position)`,
      [row.collaborationId, id, row.indicatorIds],
    );
    return id;
  }

  revoke(m: EntityManager, collaborationId: string, id: string, userId: string): Promise<number> {
    return execute(
      m,
      `UPDATE shared_dashboards SET revoked_at = now(), revoked_by = $3 WHERE collaboration_id = $1 AND id = $2 AND revoked_at IS NULL`,
      [collaborationId, id, userId],
    );
  }

  collaboration(
    m: EntityManager,
    collaborationId: string,
  ): Promise<{ name: string; fiscalYearStartMonth: number } | null> {
    return queryOne<{ name: string; fiscalYearStartMonth: number }>(
      m,
      `SELECT c.name, av.fiscal_year_start_month::int AS "fiscalYearStartMonth"
         FROM collaborations c
         JOIN agenda_versions av ON av.collaboration_id = c.id AND av.version = c.current_agenda_version
        WHERE c.id = $1`,
      [collaborationId],
    );
  }

  /** The chosen indicators that are still active, in the chosen order, with their targets. */
  indicators(m: EntityManager, collaborationId: string, dashboardId: string): Promise<PublicIndicatorRow[]> {
    return queryRows<PublicIndicatorRow>(
      m,
      `SELECT i.id, i.code, i.name, i.definition, i.unit, i.value_type AS "valueType", i.direction, i.periodicity,
              i.aggregation_over_time AS "aggregationOverTime", i.baseline_value::text AS "baselineValue", i.baseline_period AS "baselinePeriod",
              coalesce((SELECT json_agg(json_build_object('period', t.period, 'value', t.value::text, 'kind', t.kind) ORDER BY t.period)
                          FROM indicator_targets t WHERE t.collaboration_id = i.collaboration_id AND t.indicator_id = i.id), '[]') AS targets
         FROM shared_dashboard_indicators si
         JOIN indicators i ON i.collaboration_id = si.collaboration_id AND i.id = si.indicator_id
        WHERE si.collaboration_id = $1 AND si.dashboard_id = $2 AND i.status = 'active'
        ORDER BY si.position`,
      [collaborationId, dashboardId],
    );
  }

  /** All-partner progress rows (the worker's `progress` table holds only all-partner totals). */
  progress(m: EntityManager, collaborationId: string, indicatorIds: string[]): Promise<PublicProgressRow[]> {
    return queryRows<PublicProgressRow>(
      m,
      `SELECT indicator_id AS "indicatorId", granularity, period, actual::text AS actual, target::text AS target,
              long_term_target::text AS "longTermTarget", percent_to_long_term AS "percentToLongTerm", status,
              ${ISO('computed_at')} AS "computedAt"
         FROM progress
        WHERE collaboration_id = $1 AND indicator_id = ANY($2::uuid[])`,
      [collaborationId, indicatorIds],
    );
  }

  trajectories(m: EntityManager, collaborationId: string, indicatorIds: string[]) {
    return queryRows<{ indicatorId: string; projectedPeriod: string | null; reached: boolean }>(
      m,
      `SELECT indicator_id AS "indicatorId", projected_period AS "projectedPeriod", reached
         FROM indicator_trajectory WHERE collaboration_id = $1 AND indicator_id = ANY($2::uuid[])`,
      [collaborationId, indicatorIds],
    );
  }

  /** Active wins of these indicators, newest first (wins carry no partner: they are met by the all-partner total). */
  activeWins(m: EntityManager, collaborationId: string, indicatorIds: string[]) {
    return queryRows<{
      id: string;
      indicatorId: string;
      indicatorName: string;
      kind: 'milestone' | 'long_term';
      milestonePeriod: string;
      milestoneValue: string;
      metPeriod: string;
      metValue: string;
      firstMetAt: string;
    }>(
      m,
      `SELECT w.id, w.indicator_id AS "indicatorId", i.name AS "indicatorName", w.kind, w.milestone_period AS "milestonePeriod",
              w.milestone_value::text AS "milestoneValue", w.met_period AS "metPeriod", w.met_value::text AS "metValue",
              ${ISO('w.first_met_at')} AS "firstMetAt"
         FROM wins w
         JOIN indicators i ON i.collaboration_id = w.collaboration_id AND i.id = w.indicator_id
        WHERE w.collaboration_id = $1 AND w.indicator_id = ANY($2::uuid[]) AND w.status = 'active'
        ORDER BY w.first_met_at DESC, w.id
        LIMIT 50`,
      [collaborationId, indicatorIds],
    );
  }
}
