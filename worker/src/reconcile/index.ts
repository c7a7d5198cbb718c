import type { RollupReconcileJob } from '@constellation/shared';
import type { Queue } from 'bullmq';
import type { Logger } from '../logger';
import type { JobHandler } from '../registry';
import { reconcile, type ReconcileDeps, type ReconcileSummary } from './run';

export { createBusyIndicators, createPendingCheck, type BusyIndicators, type JobLister, type PendingCheck } from './pending';
export { compareIndicatorIn, COMPARE_SQL, SCRATCH_TABLE, type DriftExample, type IndicatorComparison } from './reconcile';
export { reconcile, reconcileCollaboration, type CollaborationReconciliation, type ReconcileSummary } from './run';

/** The job scheduler's id: one per queue, whatever the number of worker instances that upsert it. */
export const RECONCILE_SCHEDULER_ID = 'rollup-reconciliation';

export const RECONCILE_JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 60_000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 500 },
  removeOnFail: { age: 30 * 24 * 3600, count: 500 },
} as const;

/** rollups/reconcile: every collaboration (what the scheduler enqueues), or the one named. */
export function createReconcileHandler(deps: ReconcileDeps): JobHandler<RollupReconcileJob> {
  return (job): Promise<ReconcileSummary> => reconcile(deps, job.collaborationId);
}

/**
 * Install (or update) the BullMQ job scheduler that enqueues a reconciliation every
 * `intervalMinutes`, or remove it when 0. Upserting the same scheduler id from several worker
 * instances keeps one scheduler, and it produces one job per interval whichever instance runs it;
 * instances should agree on the interval (the last one to start wins). The first run is enqueued
 * at once.
 */
export async function scheduleReconciliation(
  queue: Pick<Queue, 'upsertJobScheduler' | 'removeJobScheduler'>,
  intervalMinutes: number,
  logger: Logger,
): Promise<void> {
  if (intervalMinutes <= 0) {
    if (await queue.removeJobScheduler(RECONCILE_SCHEDULER_ID)) {
      logger.info('scheduled rollup reconciliation removed (RECONCILE_INTERVAL_MINUTES=0)');
    }
    return;
  }
  await queue.upsertJobScheduler(
    RECONCILE_SCHEDULER_ID,
    { every: intervalMinutes * 60_000 },
    { name: 'reconcile', data: {}, opts: RECONCILE_JOB_OPTIONS },
  );
  logger.info({ everyMinutes: intervalMinutes }, 'rollup reconciliation scheduled');
}
