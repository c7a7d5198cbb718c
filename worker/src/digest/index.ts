import { type DigestJob, QUEUES } from '@constellation/shared';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { Pool } from 'pg';
import type { WorkerConfig } from '../config';
import type { Logger } from '../logger';
import type { JobHandler } from '../registry';
import { type DigestSummary, type EnqueueEmail, runDigests } from './run';

export { composeDigest, type DigestItem } from './compose';
export { localClock } from './clock';
export { DIGEST_MAX_ITEMS, runDigests, type DigestDeps, type DigestSummary, type EnqueueEmail } from './run';

/** The job scheduler's id: one per queue, whatever the number of worker instances that upsert it. */
export const DIGEST_SCHEDULER_ID = 'daily-digest';

/** The email queue's job options, as the api's MailQueue sets them (8 attempts, exponential backoff). */
export const DIGEST_EMAIL_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 5000 },
  removeOnFail: { age: 30 * 24 * 3600 },
} as const;

const DIGEST_RUN_JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 30_000 },
  removeOnComplete: { age: 24 * 3600, count: 200 },
  removeOnFail: { age: 7 * 24 * 3600, count: 200 },
} as const;

export interface Digest {
  handler: JobHandler<DigestJob>;
  /** Install the digest job scheduler (DIGEST_INTERVAL_MINUTES; 0 removes it). */
  schedule(): Promise<void>;
  close(): Promise<void>;
}

/** Enqueue on a BullMQ email queue with the api's job options and a fixed job id. */
export function queueEnqueue(queue: Pick<Queue, 'add'>): EnqueueEmail {
  return async (job, jobId) => {
    await queue.add('send', job, { ...DIGEST_EMAIL_JOB_OPTIONS, jobId });
  };
}

/** The daily digest: its job handler (email/digest), a small PostgreSQL pool and an email-queue producer. */
export function createDigest(config: WorkerConfig, logger: Logger): Digest {
  const log = logger.child({ job: 'digest' });
  let resources: { pool: Pool; queue: Queue; connection: IORedis } | undefined;
  const open = () => {
    if (!resources) {
      const pool = new Pool({ connectionString: config.databaseUrl, max: 2 });
      pool.on('error', (err) => log.error({ err: err.message }, 'PostgreSQL connection error'));
      pool.on('connect', (client) => client.on('error', () => undefined));
      const connection = new IORedis(config.redisUrl, { maxRetriesPerRequest: null });
      connection.on('error', () => undefined); // failures surface in the job
      resources = { pool, connection, queue: new Queue(QUEUES.email, { connection, prefix: config.queuePrefix }) };
    }
    return resources;
  };
  return {
    handler: (job): Promise<DigestSummary> => {
      const r = open();
      return runDigests(
        { pool: r.pool, enqueue: queueEnqueue(r.queue), logger: log, publicUrl: config.publicUrl, unsubscribeSecret: config.unsubscribeSecret },
        job.at ? new Date(job.at) : new Date(),
      );
    },
    schedule: async () => {
      const { queue } = open();
      if (config.digestIntervalMinutes <= 0) {
        if (await queue.removeJobScheduler(DIGEST_SCHEDULER_ID)) log.info('daily digests removed (DIGEST_INTERVAL_MINUTES=0)');
        return;
      }
      await queue.upsertJobScheduler(
        DIGEST_SCHEDULER_ID,
        { every: config.digestIntervalMinutes * 60_000 },
        { name: 'digest', data: {}, opts: DIGEST_RUN_JOB_OPTIONS },
      );
      log.info({ everyMinutes: config.digestIntervalMinutes }, 'daily digests scheduled');
    },
    close: async () => {
      if (!resources) return;
      const r = resources;
      resources = undefined;
      await r.queue.close();
      await r.connection.quit().catch(() => r.connection.disconnect());
      await r.pool.end();
    },
  };
}
