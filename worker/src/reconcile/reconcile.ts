import type { PoolClient } from 'pg';
import { lockIndicator } from '../progress/compute';
import { rebuildIndicatorIn } from '../rollups/recompute';

/**
 * Reconciliation: prove the live rollups equal a rebuild (ARCHITECTURE.md: "a scheduled
 * reconciliation proves it"). Per indicator, in one transaction under the same advisory lock the
 * rollup jobs take: rebuild its rollups into a scratch table with the very SQL of the rebuild
 * (rollups/recompute.ts, pointed at the scratch table), then compare cell by cell with the live
 * rows (a full outer join: cells missing from the live table, extra cells, and cells whose value,
 * numerator, denominator or counts differ beyond 1e-9 relative). Reports; never changes the live
 * rollups (the handler may repair afterwards, with the ordinary rebuild, when configured to).
 */

type Queryable = Pick<PoolClient, 'query'>;

/** A temporary table (private to the session, dropped at commit) with the rollups' columns and keys. */
export const SCRATCH_TABLE = 'pg_temp.rollups_reconcile_scratch';
/** Examples of drifted cells kept per collaboration (in the record and the log). */
export const MAX_EXAMPLES = 5;
/** Cells are equal within this relative tolerance (with the same absolute floor near 0), as the tests compare. */
export const RELATIVE_TOLERANCE = '1e-9';

export type DriftKind = 'missing' | 'extra' | 'different';

export interface CellValues {
  value: string;
  numerator: string | null;
  denominator: string | null;
  partnerCount: number;
  valueCount: number;
}

export interface DriftExample {
  indicatorId: string;
  granularity: string;
  period: string;
  cell: string;
  scope: string;
  /** missing: a rebuild has the cell, the live rollups do not; extra: the reverse; different: both, unequal. */
  kind: DriftKind;
  live: CellValues | null;
  expected: CellValues | null;
}

export interface IndicatorComparison {
  indicatorId: string;
  cellsCompared: number;
  missing: number;
  extra: number;
  different: number;
  examples: DriftExample[];
}

/** SQL: equal within the tolerance, NULL only equal to NULL. */
const within = (a: string, b: string) =>
  `((${a} IS NULL AND ${b} IS NULL) OR (${a} IS NOT NULL AND ${b} IS NOT NULL
     AND abs(${a} - ${b}) <= ${RELATIVE_TOLERANCE}::numeric * greatest(1, abs(${a}), abs(${b}))))`;

const cellJson = (t: string) =>
  `CASE WHEN ${t}.value IS NOT NULL THEN json_build_object('value', ${t}.value::text, 'numerator', ${t}.numerator::text,
     'denominator', ${t}.denominator::text, 'partnerCount', ${t}.partner_count, 'valueCount', ${t}.value_count) END`;

/** $1 collaboration, $2 indicator, $3 how many examples. */
export const COMPARE_SQL = `
  WITH live AS (
    SELECT granularity, period, cell, scope, value, numerator, denominator, partner_count, value_count
      FROM rollups WHERE collaboration_id = $1 AND indicator_id = $2
  ),
  expected AS (
    SELECT granularity, period, cell, scope, value, numerator, denominator, partner_count, value_count
      FROM ${SCRATCH_TABLE} WHERE collaboration_id = $1 AND indicator_id = $2
  ),
  cmp AS (
    SELECT coalesce(l.granularity, e.granularity) AS granularity, coalesce(l.period, e.period) AS period,
           coalesce(l.cell, e.cell) AS cell, coalesce(l.scope, e.scope) AS scope,
           CASE WHEN l.value IS NULL THEN 'missing'
                WHEN e.value IS NULL THEN 'extra'
                WHEN NOT (${within('l.value', 'e.value')} AND ${within('l.numerator', 'e.numerator')}
                          AND ${within('l.denominator', 'e.denominator')}
                          AND l.partner_count = e.partner_count AND l.value_count = e.value_count) THEN 'different'
           END AS kind,
           ${cellJson('l')} AS live, ${cellJson('e')} AS expected
      FROM live l
      FULL OUTER JOIN expected e
        ON e.granularity = l.granularity AND e.period = l.period AND e.cell = l.cell AND e.scope = l.scope
  )
  SELECT count(*)::int AS compared,
         (count(*) FILTER (WHERE kind = 'missing'))::int AS missing,
         (count(*) FILTER (WHERE kind = 'extra'))::int AS extra,
         (count(*) FILTER (WHERE kind = 'different'))::int AS different,
         coalesce((SELECT json_agg(x) FROM (
           SELECT granularity, period, cell, scope, kind, live, expected FROM cmp
            WHERE kind IS NOT NULL ORDER BY granularity, period, cell, scope LIMIT $3) x), '[]'::json) AS examples
    FROM cmp`;

/**
 * Rebuild one indicator into the scratch table and compare, inside the caller's transaction
 * (the scratch table is dropped at its commit). Takes the indicator's advisory lock first, so no
 * rollup job of this indicator commits between the rebuild and the comparison. Null when the
 * indicator is gone.
 */
export async function compareIndicatorIn(
  db: Queryable,
  collaborationId: string,
  indicatorId: string,
): Promise<IndicatorComparison | null> {
  await lockIndicator(db, collaborationId, indicatorId);
  await db.query(
    `CREATE TEMP TABLE IF NOT EXISTS rollups_reconcile_scratch
       (LIKE rollups INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES) ON COMMIT DROP`,
  );
  const rebuilt = await rebuildIndicatorIn(db, collaborationId, indicatorId, { table: SCRATCH_TABLE });
  if (!rebuilt) return null;
  const { rows } = await db.query<{
    compared: number;
    missing: number;
    extra: number;
    different: number;
    examples: Array<Omit<DriftExample, 'indicatorId'>>;
  }>(COMPARE_SQL, [collaborationId, indicatorId, MAX_EXAMPLES]);
  const r = rows[0]!;
  return {
    indicatorId,
    cellsCompared: r.compared,
    missing: r.missing,
    extra: r.extra,
    different: r.different,
    examples: r.examples.map((e) => ({ indicatorId, ...e })),
  };
}

export const driftOf = (c: Pick<IndicatorComparison, 'missing' | 'extra' | 'different'>) => c.missing + c.extra + c.different;
