import type { Pool } from 'pg';
import {
  recomputeTargetsIn,
  targetsOf,
  type RollupContext,
  type TargetPeriod,
} from '../rollups/recompute';
import { loadProgressDefinition, recomputeProgressIn, type ProgressOptions, type ProgressResult } from './compute';
import { inTransaction } from '../../../api/src/database/pg-transaction';

export * from './compute';
export { progressJobFor, PROGRESS_KINDS } from './relay';

/**
 * The incremental path with progress: recompute the rollups of these native periods and their
 * parents, then progress for the same rollup periods, then wins and trajectory — all in ONE
 * transaction under the per-indicator lock, so a reader never sees new rollups with stale
 * progress and a failed job leaves neither.
 */
export async function recomputePeriodsWithProgress(
  pool: Pool,
  ctx: RollupContext,
  nativePeriods: readonly string[],
  opts: ProgressOptions = {},
): Promise<TargetPeriod[]> {
  const targets = targetsOf(ctx.indicator, nativePeriods, ctx.settings.fiscalYearStartMonth);
  await inTransaction(pool, async (client) => {
    await recomputeTargetsIn(client, ctx, targets);
    const def = await loadProgressDefinition(client, ctx.indicator.collaborationId, ctx.indicator.id);
    if (def) await recomputeProgressIn(client, def, targets, opts);
  });
  return targets;
}

/**
 * Every period of one indicator (after a rebuild or a change of its baseline or targets), in its
 * own transaction under the per-indicator lock. Null when the indicator is gone.
 */
export async function recomputeIndicatorProgress(
  pool: Pool,
  collaborationId: string,
  indicatorId: string,
  opts: ProgressOptions = {},
): Promise<ProgressResult | null> {
  return inTransaction(pool, async (client) => {
    const def = await loadProgressDefinition(client, collaborationId, indicatorId);
    return def ? recomputeProgressIn(client, def, null, opts) : null;
  });
}
