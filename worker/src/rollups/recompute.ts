import {
  isValidFor,
  periodsBetween,
  requirePeriod,
  rollupPeriodsOf,
  type Granularity,
} from '@constellation/shared';
import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '../../../api/src/database/pg-transaction';

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
/**
 * Memory each sort or hash step of a rebuild may use before spilling to disk (PostgreSQL's
 * default is 4 MB): a rebuild groups every counting value of the collaboration, and at millions
 * of values the spill files, not the arithmetic, would take most of the time. Set per rebuild
 * transaction only (SET LOCAL), never for the dashboard reads.
 */
export const REBUILD_WORK_MEM = '256MB';

export async function rebuildIndicator(pool: Pool, collaborationId: string, indicatorId: string): Promise<RebuildResult | null> {
  return inTransaction(pool, async (client) => {
    await client.query(`SET LOCAL work_mem = '${REBUILD_WORK_MEM}'`);
    return rebuildIndicatorIn(client, collaborationId, indicatorId);
  });
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

/**
 * The collaboration-wide rebuild in ONE INSERT … SELECT … GROUP BY for every indicator at once: the
 * same steps and aggregates as recomputeSql, with the indicator in every grouping and each
 * indicator's aggregates chosen by CASE from its definition (parameters, not text). One pass over
 * the values instead of one per indicator: values arrive month by month, so each indicator's rows
 * are spread over the whole table and a per-indicator rebuild reads every page once per indicator.
 * Parameters: $1 collaboration, $2-$6 the period map with its indicator, $7 counting statuses,
 * $8-$11 each indicator's id, value type, aggregation across partners and over time.
 */
export const REBUILD_COLLABORATION_SQL = `
    WITH map AS (
      SELECT * FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::int[]) AS m(indicator_id, granularity, period, native, ord)
    ),
    def AS (
      SELECT * FROM unnest($8::uuid[], $9::text[], $10::text[], $11::text[]) AS d(indicator_id, value_type, across, over_time)
    ),
    v AS (
      SELECT iv.indicator_id, iv.partner_id, iv.period AS native, iv.cell, d.across,
             CASE WHEN d.value_type IN ('percentage', 'ratio') THEN iv.numerator ELSE iv.value END AS num,
             CASE WHEN d.value_type IN ('percentage', 'ratio') THEN iv.denominator END AS den
        FROM indicator_values iv JOIN def d ON d.indicator_id = iv.indicator_id
       WHERE iv.collaboration_id = $1
         AND iv.status = ANY($7::text[])
    ),
    -- one partner, one native period, one cell: its activities' values combined side by side (values
    -- of periods that are not valid for their indicator have no place in the map and drop out at pp)
    pc AS (
      SELECT indicator_id, across, partner_id, native, cell,
             CASE across WHEN 'average' THEN avg(num) WHEN 'min' THEN min(num) WHEN 'max' THEN max(num) ELSE sum(num) END AS num,
             sum(den) AS den, count(*)::int AS vc
        FROM v GROUP BY indicator_id, across, partner_id, native, cell
    ),
    -- a partner's total is the one it sent, else the aggregate of its cells
    pt AS (
      SELECT indicator_id, across, partner_id, native, cell, num, den, vc FROM pc
      UNION ALL
      SELECT indicator_id, across, partner_id, native, 'total',
             CASE across WHEN 'average' THEN avg(num) WHEN 'min' THEN min(num) WHEN 'max' THEN max(num) ELSE sum(num) END,
             sum(den), sum(vc)::int
        FROM pc GROUP BY indicator_id, across, partner_id, native HAVING bool_and(cell <> 'total')
    ),
    pp AS (
      SELECT pt.indicator_id, pt.across, m.granularity, m.period, m.ord, pt.partner_id, pt.cell, pt.num, pt.den, pt.vc
        FROM pt JOIN map m ON m.indicator_id = pt.indicator_id AND m.native = pt.native
    ),
    -- over time first, per partner and cell ('last': the row of the latest native period)
    po AS (
      SELECT pp.indicator_id, pp.across, pp.granularity, pp.period, pp.partner_id, pp.cell, d.over_time,
             CASE d.over_time WHEN 'sum' THEN sum(pp.num) WHEN 'average' THEN avg(pp.num)
                  ELSE (max(CASE WHEN d.over_time = 'last' THEN ARRAY[pp.ord, pp.num, pp.den, pp.vc] END))[2] END AS num,
             CASE d.over_time WHEN 'sum' THEN sum(pp.den) WHEN 'average' THEN avg(pp.den)
                  ELSE (max(CASE WHEN d.over_time = 'last' THEN ARRAY[pp.ord, pp.num, pp.den, pp.vc] END))[3] END AS den,
             CASE d.over_time WHEN 'last' THEN (max(CASE WHEN d.over_time = 'last' THEN ARRAY[pp.ord, pp.num, pp.den, pp.vc] END))[4]::int
                  ELSE sum(pp.vc)::int END AS vc
        FROM pp JOIN def d ON d.indicator_id = pp.indicator_id
       GROUP BY pp.indicator_id, pp.across, pp.granularity, pp.period, pp.partner_id, pp.cell, d.over_time
    ),
    -- then across the partners that have a value there
    pa AS (
      SELECT indicator_id, granularity, period, cell,
             CASE across WHEN 'average' THEN avg(num) WHEN 'min' THEN min(num) WHEN 'max' THEN max(num) ELSE sum(num) END AS num,
             sum(den) AS den, count(*)::int AS pcount, sum(vc)::int AS vc
        FROM po GROUP BY indicator_id, across, granularity, period, cell
    ),
    out AS (
      SELECT indicator_id, granularity, period, cell, partner_id::text AS scope, num, den, 1 AS pcount, vc FROM po
      UNION ALL
      SELECT indicator_id, granularity, period, cell, 'all', num, den, pcount, vc FROM pa
    ),
    ins AS (
      INSERT INTO rollups (collaboration_id, indicator_id, granularity, period, cell, scope,
                           value, numerator, denominator, partner_count, value_count, computed_at)
      SELECT $1, o.indicator_id, o.granularity, o.period, o.cell, o.scope,
             trim_scale(CASE d.value_type WHEN 'percentage' THEN (100 * o.num) / o.den WHEN 'ratio' THEN o.num / o.den ELSE o.num END),
             CASE WHEN d.value_type IN ('percentage', 'ratio') THEN trim_scale(o.num) END,
             CASE WHEN d.value_type IN ('percentage', 'ratio') THEN trim_scale(o.den) END,
             o.pcount, o.vc, now()
        FROM out o JOIN def d ON d.indicator_id = o.indicator_id
      RETURNING indicator_id
    )
    SELECT indicator_id, count(*)::int AS n FROM ins GROUP BY indicator_id`;

/** Rebuild every indicator of the collaboration from its values in one transaction and one statement. */
export async function rebuildCollaboration(pool: Pool, collaborationId: string): Promise<RebuildResult[]> {
  return inTransaction(pool, async (client) => {
    await client.query(`SET LOCAL work_mem = '${REBUILD_WORK_MEM}'`);
    const { rows: defs } = await client.query<{
      id: string;
      value_type: ValueType;
      periodicity: Granularity;
      aggregation_across: Across;
      aggregation_over_time: OverTime;
      fiscal_year_start_month: number;
      requires_approval: boolean;
    }>(
      `SELECT i.id, i.value_type, i.periodicity, i.aggregation_across, i.aggregation_over_time,
              av.fiscal_year_start_month, av.requires_approval
         FROM indicators i
         JOIN collaborations c ON c.id = i.collaboration_id
         JOIN agenda_versions av ON av.collaboration_id = c.id AND av.version = c.current_agenda_version
        WHERE i.collaboration_id = $1
        ORDER BY i.id`,
      [collaborationId],
    );
    if (defs.length === 0) return [];
    for (const d of defs) {
      if (!ACROSS_SQL[d.aggregation_across]) throw new Error(`unknown aggregation across partners: ${String(d.aggregation_across)}`);
      await lockIndicator(client, collaborationId, d.id);
    }
    const fy = Number(defs[0].fiscal_year_start_month);
    const statuses = countingStatuses(defs[0].requires_approval);
    const { rows: stored } = await client.query<{ indicator_id: string; period: string }>(
      `SELECT DISTINCT indicator_id, period FROM indicator_values WHERE collaboration_id = $1 AND status = ANY($2::text[])`,
      [collaborationId, statuses],
    );
    const periodsOf = new Map<string, string[]>();
    for (const r of stored) {
      const list = periodsOf.get(r.indicator_id) ?? [];
      list.push(r.period);
      periodsOf.set(r.indicator_id, list);
    }
    const map = { ids: [] as string[], granularities: [] as string[], periods: [] as string[], natives: [] as string[], orders: [] as number[] };
    const results: RebuildResult[] = [];
    for (const d of defs) {
      const periods = periodsOf.get(d.id) ?? [];
      const valid = periods.filter((p) => isValidFor(p, d.periodicity, fy));
      const targets = targetsOf(d, valid, fy);
      const m = periodMap(d, targets, fy);
      for (let i = 0; i < m.natives.length; i++) map.ids.push(d.id);
      map.granularities.push(...m.granularities);
      map.periods.push(...m.periods);
      map.natives.push(...m.natives);
      map.orders.push(...m.orders);
      results.push({ indicatorId: d.id, targets: targets.length, rows: 0, invalidPeriods: periods.filter((p) => !isValidFor(p, d.periodicity, fy)) });
    }
    await client.query(`DELETE FROM rollups WHERE collaboration_id = $1 AND indicator_id = ANY($2::uuid[])`, [
      collaborationId,
      defs.map((d) => d.id),
    ]);
    if (map.natives.length === 0) return results;
    const { rows: written } = await client.query<{ indicator_id: string; n: number }>(REBUILD_COLLABORATION_SQL, [
      collaborationId,
      map.ids,
      map.granularities,
      map.periods,
      map.natives,
      map.orders,
      statuses,
      defs.map((d) => d.id),
      defs.map((d) => d.value_type),
      defs.map((d) => d.aggregation_across),
      defs.map((d) => d.aggregation_over_time),
    ]);
    const rowsOf = new Map(written.map((w) => [w.indicator_id, w.n]));
    for (const r of results) r.rows = rowsOf.get(r.indicatorId) ?? 0;
    return results;
  });
}

/** Full rebuild of one indicator, or of every indicator of the collaboration (in one statement). */
export async function fullRebuild(pool: Pool, collaborationId: string, indicatorId?: string): Promise<RebuildResult[]> {
  if (!indicatorId) return rebuildCollaboration(pool, collaborationId);
  const r = await rebuildIndicator(pool, collaborationId, indicatorId);
  return r ? [r] : [];
}
