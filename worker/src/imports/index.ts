import { type ImportJob, QUEUES } from '@constellation/shared';
import { Queue, UnrecoverableError } from 'bullmq';
import IORedis from 'ioredis';
import { Pool } from 'pg';
import { recordFailure, runCommit, runValidation } from '../../../api/src/modules/imports/engine/import-runs';
import type { WorkerConfig } from '../config';
import type { Logger } from '../logger';
import { type PollLoop, startPollLoop } from '../poll-loop';
import { quitRedis } from '../redis-quit';
import type { JobHandler } from '../registry';
import { IMPORT_LOST_AFTER_MS, recoverLostImportJobs } from './recovery';

/**
 * Large value imports (more rows than the api's IMPORT_ASYNC_ROWS): the api has COPYed the file
 * into its staging table; these jobs run the same set-based engine as the api's small imports
 * (api/src/modules/imports/engine) and report progress (rows processed) on the job and on the
 * import row, which the web wizard polls. One attempt: a failure is recorded on the import (status
 * failed after validation, back to ready after a commit, which wrote nothing) for the person to retry.
 */
export interface Imports {
  handlers: { validate: JobHandler<ImportJob>; commit: JobHandler<ImportJob> };
  /** Every minute, record imports whose job was lost as interrupted (recovery.ts); one per worker process, safe with several. */
  startRecovery(): void;
  stopRecovery(): Promise<void>;
  close(): Promise<void>;
}

export function createImportHandlers(deps: { pool: Pool; logger: Logger }): Imports['handlers'] {
  const { pool, logger } = deps;
  return {
    validate: async (job, bull) => {
      try {
        const status = await runValidation(pool, job.collaborationId, job.importId, (p) => bull.updateProgress(p));
        logger.info({ importId: job.importId, status }, 'import validated');
        return { status };
      } catch (err) {
        logger.error({ importId: job.importId, err: (err as Error).message }, 'import validation failed');
        await recordFailure(pool, job.collaborationId, job.importId, 'failed', 'The file could not be checked; upload it again');
        throw new UnrecoverableError((err as Error).message);
      }
    },
    commit: async (job, bull) => {
      try {
        const outcome = await runCommit(pool, job.collaborationId, job.importId, { userId: job.userId, ...job.audit }, (p) => bull.updateProgress(p));
        if (!outcome.ok) {
          logger.warn({ importId: job.importId, reason: outcome.refused.message }, 'import commit refused');
          return { refused: outcome.refused.message };
        }
        logger.info({ importId: job.importId, ...outcome.totals, rechecked: outcome.rechecked }, 'import committed');
        return outcome.totals;
      } catch (err) {
        logger.error({ importId: job.importId, err: (err as Error).message }, 'import commit failed');
        throw new UnrecoverableError((err as Error).message);
      }
    },
  };
}

export function createImports(config: WorkerConfig, logger: Logger): Imports {
  const pool = new Pool({ connectionString: config.databaseUrl, max: config.concurrency + 2 });
  pool.on('error', (err) => logger.error({ err: err.message }, 'PostgreSQL connection error'));
  let producer: { queue: Queue; connection: IORedis } | undefined;
  let recovery: PollLoop | undefined;
  const stopRecovery = async () => {
    await recovery?.close();
    recovery = undefined;
  };
  return {
    handlers: createImportHandlers({ pool, logger }),
    startRecovery() {
      if (recovery) return;
      if (!producer) {
        const connection = new IORedis(config.redisUrl, { maxRetriesPerRequest: null });
        connection.on('error', () => undefined); // the poll loop reports failures
        producer = { queue: new Queue(QUEUES.imports, { connection, prefix: config.queuePrefix }), connection };
      }
      const queue = producer.queue;
      recovery = startPollLoop({
        name: 'lost import job recovery',
        logger,
        batch: (n) => recoverLostImportJobs({ pool, queue, logger, olderThanMs: IMPORT_LOST_AFTER_MS }, n),
        batchSize: 100,
        idleMs: 60_000,
        maxBackoffMs: 60_000,
      });
    },
    stopRecovery,
    close: async () => {
      await stopRecovery();
      if (producer) {
        const { queue, connection } = producer;
        producer = undefined;
        await queue.close();
        await quitRedis(connection);
      }
      await pool.end();
    },
  };
}
