import {
  isValidFor,
  periodsBetween,
  requirePeriod,
  rollupPeriodsOf,
  type Granularity,
} from '@constellation/shared';
import type { Pool, PoolClient } from 'pg';

/**
 * Set-based recompute of rollups, following PRODUCT.md "How aggregation must behave" exactly as
 * the reference in shared (computeRollups) does. TypeScript only works out WHICH rollup periods
 * to recompute and which native periods each contains; PostgreSQL does every sum, mean, min, max
 * and quotient in one INSERT … SELECT … GROUP BY, per (indicator × target periods), after deleting
 * those periods' rows in the same transaction. Idempotent: whole cells are recomputed from the
 * values, never incremented.
 */

export type ValueType = 'count' | 'amount' | 'percentage' | 'ratio';
export type Across = 'sum' | 'average' | 'min' | 'max' | 'ratio';
export type OverTime = 'sum' | 'last' | 'average';

export interface RollupIndicator {
  collaborationId: string;
  id: string;
  valueType: ValueType;
  periodicity: Granularity;
  across: Across;
  overTime: OverTime;
  status: 'active' | 'retired';
}

export interface RollupSettings {
  fiscalYearStartMonth: number;
  requiresApproval: boolean;
}

export interface RollupContext {
  indicator: RollupIndicator;
  settings: RollupSettings;
}

export interface TargetPeriod {
  granularity: Granularity;
  period: string;
}

type Queryable = Pick<PoolClient, 'query'>;

/** The indicator's definition and the collaboration's current agenda settings, or null if either is gone. */
export async function loadContext(
  db: Queryable,
  collaborationId: string,
  indicatorId: string,
): Promise<RollupContext | null> {
  const { rows } = await db.query<{
    value_type: ValueType;
    periodicity: Granularity;
    aggregation_across: Across;
    aggregation_over_time: OverTime;
    status: 'active' | 'retired';
    fiscal_year_start_month: number;
    requires_approval: boolean;
  }>(
    `SELECT i.value_type, i.periodicity, i.aggregation_across, i.aggregation_over_time, i.status,
            av.fiscal_year_start_month, av.requires_approval
       FROM indicators i
       JOIN collaborations c ON c.id = i.collaboration_id
       JOIN agenda_versions av ON av.collaboration_id = c.id AND av.version = c.current_agenda_version
      WHERE i.collaboration_id = $1 AND i.id = $2`,
    [collaborationId, indicatorId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    indicator: {
      collaborationId,
      id: indicatorId,
      valueType: r.value_type,
      periodicity: r.periodicity,
      across: r.aggregation_across,
      overTime: r.aggregation_over_time,
      status: r.status,
    },
    settings: { fiscalYearStartMonth: Number(r.fiscal_year_start_month), requiresApproval: r.requires_approval },
  };
}

/** Statuses of values that count: submitted and approved, or approved alone when approval is required. */
export function countingStatuses(requiresApproval: boolean): string[] {
  return requiresApproval ? ['approved'] : ['submitted', 'approved'];
}

/** The rollup periods that native periods feed (their own and the quarter and year around them), deduplicated. */
export function targetsOf(
  indicator: Pick<RollupIndicator, 'periodicity'>,
  nativePeriods: readonly string[],
  fiscalYearStartMonth: number,
): TargetPeriod[] {
  const seen = new Map<string, TargetPeriod>();
  for (const native of nativePeriods) {
    for (const t of rollupPeriodsOf(indicator, native, fiscalYearStartMonth)) {
      seen.set(`${t.granularity}|${t.period}`, t);
    }
  }
  return [...seen.values()];
}

/** Rows of the (target granularity, target period, native period, native order) map passed to SQL. */
export interface PeriodMap {
  granularities: string[];
  periods: string[];
  natives: string[];
  /** Month-line index of the native period's last month: the order for `last`. */
  orders: number[];
}

export function periodMap(
  indicator: Pick<RollupIndicator, 'periodicity'>,
  targets: readonly TargetPeriod[],
  fiscalYearStartMonth: number,
): PeriodMap {
  const map: PeriodMap = { granularities: [], periods: [], natives: [], orders: [] };
  for (const t of targets) {
    for (const native of periodsBetween(t.period, t.period, indicator.periodicity, fiscalYearStartMonth)) {
      map.granularities.push(t.granularity);
      map.periods.push(t.period);
      map.natives.push(native);
      map.orders.push(requirePeriod(native, fiscalYearStartMonth).endIndex);
    }
  }
  return map;
}

/** SQL aggregate for combining side by side (activities, cells into a total, partners). Whitelisted. */
const ACROSS_SQL: Record<Across, string> = { sum: 'sum', average: 'avg', min: 'min', max: 'max', ratio: 'sum' };

function overTimeSql(overTime: OverTime): string {
  switch (overTime) {
    case 'sum':
      return `SELECT granularity, period, partner_id, cell, sum(num) AS num, sum(den) AS den, sum(vc)::int AS vc
                FROM pp GROUP BY granularity, period, partner_id, cell`;
    case 'average':
      return `SELECT granularity, period, partner_id, cell, avg(num) AS num, avg(den) AS den, sum(vc)::int AS vc
                FROM pp GROUP BY granularity, period, partner_id, cell`;
    case 'last':
      return `SELECT DISTINCT ON (granularity, period, partner_id, cell) granularity, period, partner_id, cell, num, den, vc
                FROM pp ORDER BY granularity, period, partner_id, cell, ord DESC`;
  }
}

function valueSql(valueType: ValueType): string {
  if (valueType === 'percentage') return '(100 * num) / den';
  if (valueType === 'ratio') return 'num / den';
  return 'num';
}

/**
 * Where recomputed rows go: the live `rollups`, or a scratch table of the same shape (the
 * reconciliation in worker/src/reconcile rebuilds into one with this very SQL).
 */
export function rollupTable(table = 'rollups'): string {
  if (!/^(pg_temp\.)?[a-z_][a-z0-9_]{0,62}$/.test(table)) throw new Error(`not a rollup table name: ${table}`);
  return table;
}

/**
 * The INSERT … SELECT … GROUP BY for one indicator. Parameters: $1 collaboration, $2 indicator,
 * $3-$6 the period map, $7 counting statuses.
 */
export function recomputeSql(
  indicator: Pick<RollupIndicator, 'valueType' | 'across' | 'overTime'>,
  table = 'rollups',
): string {
  const ratio = indicator.valueType === 'percentage' || indicator.valueType === 'ratio';
  const agg = ACROSS_SQL[indicator.across];
  if (!agg) throw new Error(`unknown aggregation across partners: ${String(indicator.across)}`);
  const value = valueSql(indicator.valueType);
  const numOut = ratio ? 'trim_scale(num)' : 'NULL::numeric';
  const denOut = ratio ? 'trim_scale(den)' : 'NULL::numeric';
  return `
    WITH map AS (
      SELECT * FROM unnest($3::text[], $4::text[], $5::text[], $6::int[]) AS m(granularity, period, native, ord)
    ),
    v AS (
      SELECT iv.partner_id, iv.period AS native, iv.cell,
             ${ratio ? 'iv.numerator' : 'iv.value'} AS num, ${ratio ? 'iv.denominator' : 'NULL::numeric'} AS den
        FROM indicator_values iv
       WHERE iv.collaboration_id = $1 AND iv.indicator_id = $2
         AND iv.period = ANY($5::text[])
         AND iv.status = ANY($7::text[])
    ),
    -- one partner, one native period, one cell: its activities' values combined side by side
    pc AS (
      SELECT partner_id, native, cell, ${agg}(num) AS num, sum(den) AS den, count(*)::int AS vc
        FROM v GROUP BY partner_id, native, cell
    ),
    -- a partner's total is the one it sent, else the aggregate of its cells
    pt AS (
      SELECT partner_id, native, cell, num, den, vc FROM pc
      UNION ALL
      SELECT partner_id, native, 'total', ${agg}(num), sum(den), sum(vc)::int
        FROM pc GROUP BY partner_id, native HAVING bool_and(cell <> 'total')
    ),
    pp AS (
      SELECT m.granularity, m.period, m.ord, pt.partner_id, pt.cell, pt.num, pt.den, pt.vc
        FROM pt JOIN map m ON m.native = pt.native
    ),
    -- over time first, per partner and cell
    po AS (${overTimeSql(indicator.overTime)}),
    -- then across the partners that have a value there
    pa AS (
      SELECT granularity, period, cell, ${agg}(num) AS num, sum(den) AS den, count(*)::int AS pcount, sum(vc)::int AS vc
        FROM po GROUP BY granularity, period, cell
    )
    INSERT INTO ${rollupTable(table)} (collaboration_id, indicator_id, granularity, period, cell, scope,
                         value, numerator, denominator, partner_count, value_count, computed_at)
    SELECT $1, $2, granularity, period, cell, partner_id::text,
           trim_scale(${value}), ${numOut}, ${denOut}, 1, vc, now()
      FROM po
    UNION ALL
    SELECT $1, $2, granularity, period, cell, 'all',
           trim_scale(${value}), ${numOut}, ${denOut}, pcount, vc, now()
      FROM pa`;
}

async function lockIndicator(db: Queryable, collaborationId: string, indicatorId: string): Promise<void> {
  // Serialises recomputes of one indicator across jobs and worker instances, so a delete and the
  // insert that follows never interleave with another job's.
  await db.query(`SELECT pg_advisory_xact_lock(hashtextextended($1::text || ':' || $2::text, 42))`, [
    collaborationId,
    indicatorId,
  ]);
}

async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** Recompute these target periods of one indicator, inside the caller's transaction. Returns rows written. */
export async function recomputeTargetsIn(
  db: Queryable,
  ctx: RollupContext,
  targets: readonly TargetPeriod[],
  opts: { wholeIndicator?: boolean; table?: string } = {},
): Promise<number> {
  const { indicator, settings } = ctx;
  const table = rollupTable(opts.table);
  await lockIndicator(db, indicator.collaborationId, indicator.id);
  if (opts.wholeIndicator) {
    await db.query(`DELETE FROM ${table} WHERE collaboration_id = $1 AND indicator_id = $2`, [
      indicator.collaborationId,
      indicator.id,
    ]);
  } else {
    await db.query(
      `DELETE FROM ${table} r
        USING unnest($3::text[], $4::text[]) AS t(granularity, period)
        WHERE r.collaboration_id = $1 AND r.indicator_id = $2
          AND r.granularity = t.granularity AND r.period = t.period`,
      [indicator.collaborationId, indicator.id, targets.map((t) => t.granularity), targets.map((t) => t.period)],
    );
  }
  if (targets.length === 0) return 0;
  const map = periodMap(indicator, targets, settings.fiscalYearStartMonth);
  const result = await db.query(recomputeSql(indicator, table), [
    indicator.collaborationId,
    indicator.id,
    map.granularities,
    map.periods,
    map.natives,
    map.orders,
    countingStatuses(settings.requiresApproval),
  ]);
  return result.rowCount ?? 0;
}

/**
 * Incremental path: after values of these native periods changed, recompute the rollups of those
 * periods and their parents (quarter, year), in one transaction.
 */
export async function recomputePeriods(
  pool: Pool,
  ctx: RollupContext,
  nativePeriods: readonly string[],
): Promise<TargetPeriod[]> {
  const targets = targetsOf(ctx.indicator, nativePeriods, ctx.settings.fiscalYearStartMonth);
  await inTransaction(pool, (client) => recomputeTargetsIn(client, ctx, targets));
  return targets;
}

export interface RebuildResult {
  indicatorId: string;
  targets: number;
  rows: number;
  /** Stored periods that are not valid keys of the indicator's periodicity (skipped). */
  invalidPeriods: string[];
}

/** Rebuild every rollup of one indicator from its values (after a definition change), in one transaction. */
export async function rebuildIndicator(pool: Pool, collaborationId: string, indicatorId: string): Promise<RebuildResult | null> {
  return inTransaction(pool, (client) => rebuildIndicatorIn(client, collaborationId, indicatorId));
}

/** The rebuild of one indicator inside the caller's transaction, into `rollups` or a scratch table of its shape. */
export async function rebuildIndicatorIn(
  client: Queryable,
  collaborationId: string,
  indicatorId: string,
  opts: { table?: string } = {},
): Promise<RebuildResult | null> {
  const ctx = await loadContext(client, collaborationId, indicatorId);
  if (!ctx) return null;
  const { indicator, settings } = ctx;
  const { rows } = await client.query<{ period: string }>(
    `SELECT DISTINCT period FROM indicator_values
      WHERE collaboration_id = $1 AND indicator_id = $2 AND status = ANY($3::text[])`,
    [collaborationId, indicatorId, countingStatuses(settings.requiresApproval)],
  );
  const fy = settings.fiscalYearStartMonth;
  const valid = rows.map((r) => r.period).filter((p) => isValidFor(p, indicator.periodicity, fy));
  const invalidPeriods = rows.map((r) => r.period).filter((p) => !isValidFor(p, indicator.periodicity, fy));
  const targets = targetsOf(indicator, valid, fy);
  const written = await recomputeTargetsIn(client, ctx, targets, { wholeIndicator: true, table: opts.table });
  return { indicatorId, targets: targets.length, rows: written, invalidPeriods };
}

/** Full rebuild of one indicator, or of every indicator of the collaboration. */
export async function fullRebuild(pool: Pool, collaborationId: string, indicatorId?: string): Promise<RebuildResult[]> {
  const ids = indicatorId
    ? [indicatorId]
    : (
        await pool.query<{ id: string }>(`SELECT id FROM indicators WHERE collaboration_id = $1 ORDER BY id`, [
          collaborationId,
        ])
      ).rows.map((r) => r.id);
  const results: RebuildResult[] = [];
  for (const id of ids) {
    const r = await rebuildIndicator(pool, collaborationId, id);
    if (r) results.push(r);
  }
  return results;
}
