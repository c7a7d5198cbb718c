import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  AggregationAcrossPartners,
  AggregationOverTime,
  Direction,
  Granularity,
  IndicatorStatus,
  MeasureType,
  TargetKind,
  ValueType,
} from '@constellation/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { execute, queryOne, queryRows } from '../collaborations/common/sql';

export interface IndicatorRow {
  id: string;
  code: string;
  name: string;
  definition: string;
  unit: string;
  valueType: ValueType;
  direction: Direction;
  periodicity: Granularity;
  aggregationAcrossPartners: AggregationAcrossPartners;
  aggregationOverTime: AggregationOverTime;
  goalId: string;
  strategyId: string | null;
  baselineValue: string;
  baselinePeriod: string;
  dataSource: string;
  measureType: MeasureType;
  minValue: string | null;
  maxValue: string | null;
  status: IndicatorStatus;
  version: number;
  hasValues: boolean;
  createdAt: Date;
  updatedAt: Date;
  retiredAt: Date | null;
}

/** What is stored for an indicator's definition (everything but status, version and times). */
export interface IndicatorRecord {
  code: string;
  name: string;
  definition: string;
  unit: string;
  valueType: ValueType;
  direction: Direction;
  periodicity: Granularity;
  aggregationAcrossPartners: AggregationAcrossPartners;
  aggregationOverTime: AggregationOverTime;
  goalId: string;
  strategyId: string | null;
  baseline: { value: string; period: string };
  dataSource: string;
  measureType: MeasureType;
  minValue: string | null;
  maxValue: string | null;
}

export interface TargetRow {
  indicatorId: string;
  period: string;
  value: string;
  kind: TargetKind;
}
export interface IndicatorDimensionRow {
  indicatorId: string;
  dimensionId: string;
  position: number;
}
export interface RevisionRow {
  version: number;
  definition: unknown;
  changeNote: string;
  requiresRecompute: boolean;
  authorId: string;
  authorName: string;
  createdAt: Date;
  decisionId: string | null;
  decisionNumber: number | null;
  decisionTitle: string | null;
}

const COLUMNS = `i.id, i.code, i.name, i.definition, i.unit, i.value_type AS "valueType", i.direction, i.periodicity,
  i.aggregation_across AS "aggregationAcrossPartners", i.aggregation_over_time AS "aggregationOverTime",
  i.goal_id AS "goalId", i.strategy_id AS "strategyId", i.baseline_value::text AS "baselineValue",
  i.baseline_period AS "baselinePeriod", i.data_source AS "dataSource", i.measure_type AS "measureType",
  i.min_value::text AS "minValue", i.max_value::text AS "maxValue", i.status, i.version,
  EXISTS (SELECT 1 FROM indicator_values v WHERE v.collaboration_id = i.collaboration_id AND v.indicator_id = i.id) AS "hasValues",
  i.created_at AS "createdAt", i.updated_at AS "updatedAt", i.retired_at AS "retiredAt"`;

/** SQL for indicators, their dimensions, targets and revisions. Every statement is scoped by collaboration_id. */
@Injectable()
export class IndicatorsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  get manager(): EntityManager {
    return this.ds.manager;
  }

  /** The fiscal-year start month of the collaboration's current agenda version. */
  async fiscalYearStartMonth(m: EntityManager, collaborationId: string): Promise<number> {
    const row = await queryOne<{ month: number }>(
      m,
      `SELECT a.fiscal_year_start_month AS month FROM collaborations c
         JOIN agenda_versions a ON a.collaboration_id = c.id AND a.version = c.current_agenda_version
        WHERE c.id = $1`,
      [collaborationId],
    );
    return row?.month ?? 1;
  }

  async goalExists(m: EntityManager, collaborationId: string, goalId: string): Promise<boolean> {
    return !!(await queryOne(m, `SELECT 1 FROM goals WHERE collaboration_id = $1 AND id = $2`, [
      collaborationId,
      goalId,
    ]));
  }

  findStrategy(
    m: EntityManager,
    collaborationId: string,
    strategyId: string,
  ): Promise<{ id: string; goalId: string; name: string } | null> {
    return queryOne(
      m,
      `SELECT id, goal_id AS "goalId", name FROM strategies WHERE collaboration_id = $1 AND id = $2`,
      [collaborationId, strategyId],
    );
  }

  strategiesOfGoal(
    m: EntityManager,
    collaborationId: string,
    goalId: string,
  ): Promise<{ id: string; name: string }[]> {
    return queryRows(
      m,
      `SELECT id, name FROM strategies WHERE collaboration_id = $1 AND goal_id = $2 ORDER BY position`,
      [collaborationId, goalId],
    );
  }

  strategyNames(m: EntityManager, collaborationId: string): Promise<{ id: string; name: string }[]> {
    return queryRows(m, `SELECT id, name FROM strategies WHERE collaboration_id = $1`, [collaborationId]);
  }

  list(
    m: EntityManager,
    collaborationId: string,
    filter: { goalId?: string; strategyId?: string; status?: IndicatorStatus | 'all' } = {},
  ): Promise<IndicatorRow[]> {
    const status = filter.status && filter.status !== 'all' ? filter.status : null;
    return queryRows<IndicatorRow>(
      m,
      `SELECT ${COLUMNS} FROM indicators i
        WHERE i.collaboration_id = $1 AND ($2::uuid IS NULL OR i.goal_id = $2)
          AND ($3::uuid IS NULL OR i.strategy_id = $3) AND ($4::text IS NULL OR i.status = $4)
        ORDER BY i.code`,
      [collaborationId, filter.goalId ?? null, filter.strategyId ?? null, status],
    );
  }

  find(
    m: EntityManager,
    collaborationId: string,
    id: string,
    forUpdate = false,
  ): Promise<IndicatorRow | null> {
    return queryOne<IndicatorRow>(
      m,
      `SELECT ${COLUMNS} FROM indicators i WHERE i.collaboration_id = $1 AND i.id = $2${forUpdate ? ' FOR UPDATE OF i' : ''}`,
      [collaborationId, id],
    );
  }

  existingCodes(
    m: EntityManager,
    collaborationId: string,
    codes: string[],
  ): Promise<{ id: string; code: string }[]> {
    return queryRows(
      m,
      `SELECT id, code FROM indicators WHERE collaboration_id = $1 AND lower(code) = ANY($2::text[])`,
      [collaborationId, codes.map((c) => c.toLowerCase())],
    );
  }

  dimensionLinks(m: EntityManager, collaborationId: string, ids: string[]): Promise<IndicatorDimensionRow[]> {
    return queryRows(
      m,
      `SELECT indicator_id AS "indicatorId", dimension_id AS "dimensionId", position FROM indicator_dimensions
        WHERE collaboration_id = $1 AND indicator_id = ANY($2::uuid[]) ORDER BY position`,
      [collaborationId, ids],
    );
  }

  targets(m: EntityManager, collaborationId: string, ids: string[]): Promise<TargetRow[]> {
    return queryRows(
      m,
      `SELECT indicator_id AS "indicatorId", period, value::text AS value, kind FROM indicator_targets
        WHERE collaboration_id = $1 AND indicator_id = ANY($2::uuid[])`,
      [collaborationId, ids],
    );
  }

  async insert(m: EntityManager, collaborationId: string, r: IndicatorRecord): Promise<string> {
    const row = await queryOne<{ id: string }>(
      m,
      `INSERT INTO indicators (collaboration_id, code, name, definition, unit, value_type, direction, periodicity,
              aggregation_across, aggregation_over_time, goal_id, strategy_id, baseline_value, baseline_period,
              data_source, measure_type, min_value, max_value)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::numeric, $14, $15, $16, $17::numeric, $18::numeric)
       RETURNING id`,
      [collaborationId, ...this.params(r)],
    );
    return row!.id;
  }

  async update(m: EntityManager, collaborationId: string, id: string, r: IndicatorRecord): Promise<void> {
    await execute(
      m,
      `UPDATE indicators SET code = $3, name = $4, definition = $5, unit = $6, value_type = $7, direction = $8,
              periodicity = $9, aggregation_across = $10, aggregation_over_time = $11, goal_id = $12, strategy_id = $13,
              baseline_value = $14::numeric, baseline_period = $15, data_source = $16, measure_type = $17,
              min_value = $18::numeric, max_value = $19::numeric, version = version + 1, updated_at = now()
        WHERE collaboration_id = $1 AND id = $2`,
      [collaborationId, id, ...this.params(r)],
    );
  }

  async setStatus(
    m: EntityManager,
    collaborationId: string,
    id: string,
    status: IndicatorStatus,
  ): Promise<void> {
    await execute(
      m,
      `UPDATE indicators SET status = $3, version = version + 1, updated_at = now(),
              retired_at = CASE WHEN $3 = 'retired' THEN now() END
        WHERE collaboration_id = $1 AND id = $2`,
      [collaborationId, id, status],
    );
  }

  async setDimensions(
    m: EntityManager,
    collaborationId: string,
    id: string,
    dimensionIds: string[],
  ): Promise<void> {
    await execute(m, `DELETE FROM indicator_dimensions WHERE collaboration_id = $1 AND indicator_id = $2`, [
      collaborationId,
      id,
    ]);
    if (dimensionIds.length === 0) return;
    await execute(
      m,
      `INSERT INTO indicator_dimensions (collaboration_id, indicator_id, dimension_id, position)
       SELECT $1, $2, v.id, v.pos - 1 FROM unnest($3::uuid[]) WITH ORDINALITY AS v(id, pos)`,
      [collaborationId, id, dimensionIds],
    );
  }

  async setTargets(
    m: EntityManager,
    collaborationId: string,
    id: string,
    targets: { period: string; value: string; kind: TargetKind }[],
  ): Promise<void> {
    await execute(m, `DELETE FROM indicator_targets WHERE collaboration_id = $1 AND indicator_id = $2`, [
      collaborationId,
      id,
    ]);
    await execute(
      m,
      `INSERT INTO indicator_targets (collaboration_id, indicator_id, period, value, kind)
       SELECT $1, $2, v.period, v.value::numeric, v.kind FROM unnest($3::text[], $4::text[], $5::text[]) AS v(period, value, kind)`,
      [
        collaborationId,
        id,
        targets.map((t) => t.period),
        targets.map((t) => t.value),
        targets.map((t) => t.kind),
      ],
    );
  }

  async insertRevision(
    m: EntityManager,
    collaborationId: string,
    r: {
      indicatorId: string;
      version: number;
      definition: unknown;
      changeNote: string;
      requiresRecompute: boolean;
      authorId: string;
      /** The shared decision whose accepted change this revision is. */
      decisionId?: string | null;
    },
  ): Promise<void> {
    await execute(
      m,
      `INSERT INTO indicator_revisions (collaboration_id, indicator_id, version, definition, change_note, requires_recompute, author_id, decision_id)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8)`,
      [
        collaborationId,
        r.indicatorId,
        r.version,
        JSON.stringify(r.definition),
        r.changeNote,
        r.requiresRecompute,
        r.authorId,
        r.decisionId ?? null,
      ],
    );
  }

  revisions(m: EntityManager, collaborationId: string, id: string): Promise<RevisionRow[]> {
    return queryRows(
      m,
      `SELECT r.version, r.definition, r.change_note AS "changeNote", r.requires_recompute AS "requiresRecompute",
              r.author_id AS "authorId", u.name AS "authorName", r.created_at AS "createdAt",
              r.decision_id AS "decisionId", d.number AS "decisionNumber", d.title AS "decisionTitle"
         FROM indicator_revisions r JOIN users u ON u.id = r.author_id
         LEFT JOIN decisions d ON d.collaboration_id = r.collaboration_id AND d.id = r.decision_id
        WHERE r.collaboration_id = $1 AND r.indicator_id = $2 ORDER BY r.version DESC`,
      [collaborationId, id],
    );
  }

  /** An outbox row for the rollup worker, in the caller's transaction. */
  async insertOutbox(
    m: EntityManager,
    collaborationId: string,
    o: { kind: string; indicatorId: string; payload: object },
  ): Promise<void> {
    await execute(
      m,
      `INSERT INTO outbox (collaboration_id, kind, indicator_id, payload) VALUES ($1, $2, $3, $4::jsonb)`,
      [collaborationId, o.kind, o.indicatorId, JSON.stringify(o.payload)],
    );
  }

  private params(r: IndicatorRecord): unknown[] {
    return [
      r.code,
      r.name,
      r.definition,
      r.unit,
      r.valueType,
      r.direction,
      r.periodicity,
      r.aggregationAcrossPartners,
      r.aggregationOverTime,
      r.goalId,
      r.strategyId,
      r.baseline.value,
      r.baseline.period,
      r.dataSource,
      r.measureType,
      r.minValue,
      r.maxValue,
    ];
  }
}
