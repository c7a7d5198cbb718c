import {
  isValidFor,
  ROLLUP_UPDATED_CHANNEL,
  type RollupPeriodJob,
  type RollupRebuildJob,
  type RollupUpdatedMessage,
} from '@constellation/shared';
import { UnrecoverableError } from 'bullmq';
import type { Pool } from 'pg';
import type { Logger } from '../logger';
import type { JobHandler } from '../registry';
import { recomputeIndicatorProgress, recomputePeriodsWithProgress } from '../progress';
import { fullRebuild, loadContext } from './recompute';

export interface Publisher {
  publish(channel: string, message: string): Promise<unknown>;
}

export interface RollupHandlerDeps {
  pool: Pool;
  publisher: Publisher;
  logger: Logger;
}

export type RollupJobResult =
  | { skipped: 'indicator_deleted' | 'indicator_retired' }
  | { periods: string[]; computedAt: string };

async function publish(deps: RollupHandlerDeps, message: RollupUpdatedMessage): Promise<void> {
  try {
    await deps.publisher.publish(ROLLUP_UPDATED_CHANNEL, JSON.stringify(message));
  } catch (err) {
    // The rollups are committed; a missed notification only delays a dashboard refresh.
    deps.logger.warn({ err: (err as Error).message, ...message }, 'could not publish rollup-updated');
  }
}

/** rollups/period: recompute the native period and its parent periods, then announce it. */
export function createRollupPeriodHandler(deps: RollupHandlerDeps): JobHandler<RollupPeriodJob> {
  return async (job): Promise<RollupJobResult> => {
    const ctx = await loadContext(deps.pool, job.collaborationId, job.indicatorId);
    if (!ctx || ctx.indicator.status === 'retired') {
      const skipped = ctx ? 'indicator_retired' : 'indicator_deleted';
      deps.logger.info({ ...job, reason: skipped }, 'rollup job skipped');
      return { skipped };
    }
    const { periodicity } = ctx.indicator;
    if (!isValidFor(job.period, periodicity, ctx.settings.fiscalYearStartMonth)) {
      throw new UnrecoverableError(
        `period "${job.period}" is not a ${periodicity} period of this collaboration (fiscal year starts in month ${ctx.settings.fiscalYearStartMonth})`,
      );
    }
    // Rollups, then progress, wins and trajectory of the same periods, in one transaction.
    const targets = await recomputePeriodsWithProgress(deps.pool, ctx, [job.period]);
    const message: RollupUpdatedMessage = {
      collaborationId: job.collaborationId,
      indicatorId: job.indicatorId,
      periods: targets.map((t) => t.period),
      computedAt: new Date().toISOString(),
    };
    await publish(deps, message);
    return { periods: message.periods, computedAt: message.computedAt };
  };
}

/** rollups/rebuild: every period of one indicator (after a definition change) or of a collaboration. */
export function createRollupRebuildHandler(deps: RollupHandlerDeps): JobHandler<RollupRebuildJob> {
  return async (job) => {
    const results = await fullRebuild(deps.pool, job.collaborationId, job.indicatorId);
    const computedAt = new Date().toISOString();
    for (const r of results) {
      // Every period's progress, wins and trajectory, in its own transaction right after the
      // rebuild's (rebuildIndicator owns its transaction); a failure retries the whole job.
      await recomputeIndicatorProgress(deps.pool, job.collaborationId, r.indicatorId);
      if (r.invalidPeriods.length > 0) {
        deps.logger.warn(
          { collaborationId: job.collaborationId, indicatorId: r.indicatorId, periods: r.invalidPeriods },
          'values with periods that are not valid for the indicator were left out of its rollups',
        );
      }
      await publish(deps, {
        collaborationId: job.collaborationId,
        indicatorId: r.indicatorId,
        periods: ['*'],
        computedAt,
      });
    }
    if (job.indicatorId && results.length === 0) {
      deps.logger.info({ ...job, reason: 'indicator_deleted' }, 'rollup rebuild skipped');
    }
    return { indicators: results.length, rows: results.reduce((n, r) => n + r.rows, 0), computedAt };
  };
}
