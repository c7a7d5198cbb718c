import { computeRollups, type AggregationIndicator, type IndicatorValue } from '@constellation/shared';
import type { Pool } from 'pg';
import { fullRebuild } from '../../../worker/src/rollups/recompute';
import { differences, readRollups, type RollupRow } from '../../../worker/test/rollups-support';

// The checks every system test ends with: the live rollups (written by the worker, job by job)
// equal a full rebuild from the values, and equal the shared reference implementation
// (computeRollups) run over the stored values, within 1e-9 relative. Reading and comparing rows
// reuses the worker's integration-test support (differences included).

export { differences };

/** The shared reference over the values stored now. */
export async function referenceRollups(pool: Pool, collaborationId: string): Promise<RollupRow[]> {
  const settings = await pool.query<{ requires_approval: boolean; fiscal_year_start_month: number }>(
    `SELECT a.requires_approval, a.fiscal_year_start_month
       FROM collaborations c JOIN agenda_versions a ON a.collaboration_id = c.id AND a.version = c.current_agenda_version
      WHERE c.id = $1`,
    [collaborationId],
  );
  const indicators = await pool.query<AggregationIndicator>(
    `SELECT id, value_type AS "valueType", periodicity, aggregation_across AS "aggregationAcrossPartners",
            aggregation_over_time AS "aggregationOverTime"
       FROM indicators WHERE collaboration_id = $1 AND status = 'active'`,
    [collaborationId],
  );
  const values = await pool.query<IndicatorValue>(
    `SELECT indicator_id AS "indicatorId", partner_id AS "partnerId", period, cell, activity_id AS "activityId",
            value::text AS value, numerator::text AS numerator, denominator::text AS denominator, status
       FROM indicator_values WHERE collaboration_id = $1`,
    [collaborationId],
  );
  return computeRollups({
    indicators: indicators.rows,
    values: values.rows,
    requiresApproval: settings.rows[0].requires_approval,
    fiscalYearStartMonth: settings.rows[0].fiscal_year_start_month,
  }).map((r) => ({
    indicatorId: r.indicatorId,
    granularity: r.granularity,
    period: r.period,
    cell: r.cell,
    scope: r.scope,
    value: r.aggregate,
    numerator: r.numerator,
    denominator: r.denominator,
    partnerCount: r.partnerCount,
    valueCount: r.valueCount,
  }));
}

/**
 * Compare the live rollups with the reference, then rebuild every indicator from scratch (the
 * worker's full rebuild) and compare again, exactly. Call only once the worker is idle.
 */
export async function compareWithRebuild(
  pool: Pool,
  collaborationId: string,
): Promise<{ live: RollupRow[]; againstReference: string[]; againstRebuild: string[] }> {
  const live = await readRollups(pool, collaborationId);
  const againstReference = differences(live, await referenceRollups(pool, collaborationId), false);
  await fullRebuild(pool, collaborationId);
  const againstRebuild = differences(live, await readRollups(pool, collaborationId), true);
  return { live, againstReference, againstRebuild };
}

/** The live rollups against the reference only (leaves the live rows as the worker wrote them). */
export async function compareWithReference(pool: Pool, collaborationId: string): Promise<string[]> {
  return differences(
    await readRollups(pool, collaborationId),
    await referenceRollups(pool, collaborationId),
    false,
  );
}
