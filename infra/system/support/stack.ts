import { QUEUES } from '@constellation/shared';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { Pool } from 'pg';
import {
  assertBuilt,
  clearQueueKeys,
  databaseUrl,
  dropDatabase,
  freePort,
  startApi,
  startWorker,
  suffix,
  type Child,
} from './processes';
import { until } from './wait';

/**
 * One system under test: a fresh database (created and migrated by the api itself), a random
 * queue prefix, the built api and the built worker as child processes. The test keeps its own
 * PostgreSQL pool (to read the outbox and the rollups) and a BullMQ Queue on the same prefix
 * (to see when the queue is idle).
 */
export interface StackOptions {
  redisUrl: string;
  /** The worker's PostgreSQL port (a proxy in the restart test); default the real one. */
  workerDatabasePort?: number;
  /** More environment for the worker processes (e.g. SMTP_URL). */
  workerEnv?: Record<string, string>;
}

export class Stack {
  readonly dbName = `constellation_sys_${suffix()}`;
  readonly queuePrefix = `{sys-${suffix()}}`;
  readonly databaseUrl = databaseUrl(this.dbName);
  pool!: Pool;
  api!: Child;
  worker: Child | undefined;
  baseUrl = '';
  private queueConnection!: IORedis;
  queue!: Queue;
  private workers = 0;

  constructor(private readonly opts: StackOptions) {}

  async start(): Promise<void> {
    assertBuilt();
    const port = await freePort();
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.api = await startApi({
      port,
      databaseUrl: this.databaseUrl,
      redisUrl: this.opts.redisUrl,
      queuePrefix: this.queuePrefix,
    });
    this.pool = new Pool({ connectionString: this.databaseUrl, max: 4 });
    this.pool.on('error', () => undefined);
    this.queueConnection = new IORedis(this.opts.redisUrl, { maxRetriesPerRequest: null });
    this.queueConnection.on('error', () => undefined); // the restart test stops Redis on purpose
    this.queue = new Queue(QUEUES.rollups, { connection: this.queueConnection, prefix: this.queuePrefix });
    this.queue.on('error', () => undefined);
    await this.startWorker();
  }

  async startWorker(): Promise<Child> {
    this.worker = await startWorker(
      {
        databaseUrl: databaseUrl(this.dbName, this.opts.workerDatabasePort),
        redisUrl: this.opts.redisUrl,
        queuePrefix: this.queuePrefix,
        env: this.opts.workerEnv,
      },
      `worker-${++this.workers}`,
    );
    return this.worker;
  }

  async pendingOutbox(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox WHERE processed_at IS NULL`,
    );
    return rows[0].n;
  }

  /** Jobs not finished yet: waiting, active, delayed (retry backoff) or prioritized. */
  async unfinishedJobs(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
  }

  /**
   * Wait until every value change has been rolled up: the outbox is drained and no rollup job is
   * waiting, running or scheduled for a retry, twice in a row (a job finishing may queue one
   * more, atomically, so two quiet reads a moment apart mean nothing is left).
   */
  async settled(timeoutMs = 150_000): Promise<void> {
    let quietReads = 0;
    let last = '';
    await until(
      async () => {
        const outbox = await this.pendingOutbox();
        const jobs = await this.unfinishedJobs();
        last = JSON.stringify({ outbox, ...jobs });
        const quiet = outbox === 0 && Object.values(jobs).every((n) => n === 0);
        quietReads = quiet ? quietReads + 1 : 0;
        return quietReads >= 2;
      },
      {
        timeoutMs,
        intervalMs: 250,
        what: 'the outbox to drain and the rollups queue to be idle',
        detail: () => `last read: ${last}\n${this.worker?.tail() ?? ''}`,
      },
    );
  }

  async failedJobs(): Promise<Array<{ id?: string; name: string; failedReason: string }>> {
    const jobs = await this.queue.getFailed(0, 50);
    return jobs.map((j) => ({ id: j.id, name: j.name, failedReason: j.failedReason }));
  }

  async stop(): Promise<void> {
    await this.worker?.stop().catch(() => undefined);
    await this.api?.stop().catch(() => undefined);
    await this.queue?.close().catch(() => undefined);
    this.queueConnection?.disconnect();
    await this.pool?.end().catch(() => undefined);
    dropDatabase(this.dbName);
    clearQueueKeys(this.opts.redisUrl, this.queuePrefix);
  }
}
