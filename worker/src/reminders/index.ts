import { QUEUES, type ReminderRunJob } from '@constellation/shared';
import type { Queue } from 'bullmq';
import type { Pool } from 'pg';
import type { Logger } from '../logger';
import type { JobHandler } from '../registry';
import { runReminders, type ReminderRunSummary } from './run';

export { planReminders, MAX_REMINDER_AGE_DAYS } from './plan';
export { runReminders, remindCollaboration } from './run';

/** The job scheduler's id: one per queue, whatever the number of worker instances that upsert it. */
export const REMINDER_SCHEDULER_ID = 'reporting-reminders';
export const REMINDER_QUEUE = QUEUES.reminders;

export const REMINDER_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 30_000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 500 },
  removeOnFail: { age: 30 * 24 * 3600, count: 500 },
} as const;

/** reminders/run: every collaboration (what the scheduler enqueues), or the one named. */
export function createReminderHandler(deps: { pool: Pool; logger: Logger }): JobHandler<ReminderRunJob> {
  return (job): Promise<ReminderRunSummary> => runReminders(deps.pool, deps.logger, job.collaborationId);
}

/**
 * Install (or update) the job scheduler that enqueues a reminder run every `intervalMinutes`
 * (REMINDER_INTERVAL_MINUTES), or remove it when 0. Several worker instances upsert the same
 * scheduler id: one scheduler, one job per interval. The first run is enqueued at once.
 */
export async function scheduleReminders(
  queue: Pick<Queue, 'upsertJobScheduler' | 'removeJobScheduler'>,
  intervalMinutes: number,
  logger: Logger,
): Promise<void> {
  if (intervalMinutes <= 0) {
    if (await queue.removeJobScheduler(REMINDER_SCHEDULER_ID)) logger.info('reporting reminders removed (REMINDER_INTERVAL_MINUTES=0)');
    return;
  }
  await queue.upsertJobScheduler(REMINDER_SCHEDULER_ID, { every: intervalMinutes * 60_000 }, { name: 'run', data: {}, opts: REMINDER_JOB_OPTIONS });
  logger.info({ everyMinutes: intervalMinutes }, 'reporting reminders scheduled');
}
