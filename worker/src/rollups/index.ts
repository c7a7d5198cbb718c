import { QUEUES, type RollupPeriodJob, type RollupRebuildJob, type RollupReconcileJob } from '@constellation/shared';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { Pool } from 'pg';
import type { WorkerConfig } from '../config';
import type { Logger } from '../logger';
import { quitRedis } from '../redis-quit';
import type { JobHandler } from '../registry';
import { createBusyIndicators, createPendingCheck, createReconcileHandler, scheduleReconciliation } from '../reconcile';
import { createRollupPeriodHandler, createRollupRebuildHandler } from './handlers';
import { startOutboxRelay, type OutboxRelay } from './relay';

export interface Rollups {
  handlers: {
    period: JobHandler<RollupPeriodJob>;
    rebuild: JobHandler<RollupRebuildJob>;
    reconcile: JobHandler<RollupReconcileJob>;
  };
  /** Start the outbox relay (one per worker process; safe with several processes). */
  startRelay(): void;
  /** Install the reconciliation job scheduler (RECONCILE_INTERVAL_MINUTES; 0 removes it). */
  scheduleReconciliation(): Promise<void>;
  stopRelay(): Promise<void>;
  /** Stop the relay and release PostgreSQL and Redis connections. */
  close(): Promise<void>;
}

/** The rollup consumers' resources: a PostgreSQL pool, a Redis publisher, the outbox relay. */
export function createRollups(config: WorkerConfig, logger: Logger): Rollups {
  const pool = new Pool({ connectionString: config.databaseUrl, max: config.concurrency + 2 });
  pool.on('error', (err) => logger.error({ err: err.message }, 'PostgreSQL connection error'));
  // The pool only listens for errors on idle clients. A connection that breaks while a job or the
  // relay holds it (PostgreSQL restarted, network cut) emits 'error' on its client, and an
  // unhandled 'error' event would kill the worker. The query in flight fails by itself (the job
  // is retried, the relay polls again) and the pool drops the broken client on release.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const publisher = new IORedis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
  publisher.on('error', () => undefined); // reported where a publish fails
  const deps = { pool, publisher, logger };

  // The rollups queue's read/schedule side for the reconciliation, connected on first use.
  let control: { queue: Queue; connection: IORedis } | undefined;
  const controlQueue = () => {
    if (!control) {
      const connection = new IORedis(config.redisUrl, { maxRetriesPerRequest: null });
      connection.on('error', () => undefined); // failures surface in the job or the schedule call
      control = { queue: new Queue(QUEUES.rollups, { connection, prefix: config.queuePrefix }), connection };
    }
    return control.queue;
  };
  const rebuild = createRollupRebuildHandler(deps);
  const reconcileHandler = createReconcileHandler({
    pool,
    logger,
    pending: createPendingCheck(controlQueue),
    busy: createBusyIndicators(controlQueue),
    // The ordinary rebuild job's work (rollups, then progress, wins and trajectory, then announce),
    // run in place; it reads only the payload.
    repair: config.reconcileRepair
      ? async (collaborationId, indicatorId) => {
          await (rebuild as (job: RollupRebuildJob) => Promise<unknown>)({ collaborationId, indicatorId });
        }
      : undefined,
  });

  let relay: OutboxRelay | undefined;
  let producer: { queue: Queue; connection: IORedis } | undefined;
  const stopRelay = async () => {
    await relay?.close();
    relay = undefined;
    if (producer) {
      await producer.queue.close();
      await quitRedis(producer.connection);
      producer = undefined;
    }
  };
  return {
    handlers: { period: createRollupPeriodHandler(deps), rebuild, reconcile: reconcileHandler },
    scheduleReconciliation: () => scheduleReconciliation(controlQueue(), config.reconcileIntervalMinutes, logger),
    startRelay() {
      if (relay) return;
      const connection = new IORedis(config.redisUrl, { maxRetriesPerRequest: null });
      connection.on('error', () => undefined); // the relay logs failed enqueues
      const queue = new Queue(QUEUES.rollups, { connection, prefix: config.queuePrefix });
      producer = { queue, connection };
      relay = startOutboxRelay({ pool, queue, logger });
      logger.info('outbox relay started');
    },
    stopRelay,
    close: async () => {
      await stopRelay();
      if (control) {
        await control.queue.close();
        await quitRedis(control.connection);
        control = undefined;
      }
      await pool.end();
      await quitRedis(publisher);
    },
  };
}
