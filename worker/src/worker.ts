import { type Job, UnrecoverableError, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { rm, writeFile } from 'node:fs/promises';
import { describeUrl, type WorkerConfig } from './config';
import { createHandlers } from './handlers';
import type { MailTransport } from './handlers/email.handler';
import type { Logger } from './logger';
import { preflightRedis } from './preflight';
import { assertComplete, createProcessor, type LooseRegistry } from './registry';

/** Backstop retention; the producer's job options (api/src/modules/mail) take precedence. */
const KEEP_COMPLETED = { age: 7 * 24 * 3600, count: 5000 };
const KEEP_FAILED = { age: 30 * 24 * 3600, count: 20000 };
const HEARTBEAT_EVERY_MS = 5000;

export interface WorkerRuntime {
  workers: Worker[];
  /** Graceful: stop taking jobs, let running ones finish, then close SMTP and Redis. */
  close(): Promise<void>;
}

export interface StartOptions {
  logger: Logger;
  /** Tests only: replace the handlers of some queues (e.g. to check the completeness check) or the transport. */
  registry?: LooseRegistry;
  /** Run the outbox relay (default: yes, except in tests, which opt in). */
  relay?: boolean;
  /** Install the reconciliation job scheduler (default: yes, except in tests, which opt in). */
  reconcile?: boolean;
  /** Install the daily-digest job scheduler (default: yes, except in tests, which opt in). */
  digest?: boolean;
  /** Run the notification email relay (default: yes, except in tests, which opt in). */
  notificationRelay?: boolean;
  /** Install the reporting-reminder job scheduler (default: yes, except in tests, which opt in). */
  reminders?: boolean;
  /** Record imports whose job was lost as interrupted (default: yes, except in tests, which opt in). */
  importRecovery?: boolean;
  transport?: MailTransport;
}

export async function startWorker(config: WorkerConfig, opts: StartOptions): Promise<WorkerRuntime> {
  const { logger } = opts;
  const handlers = createHandlers(config, logger, opts.transport);
  const registry: LooseRegistry = { ...handlers.registry, ...opts.registry };
  assertComplete(registry);
  await preflightRedis(config.redisUrl);

  if (!config.smtpUrl) {
    logger.warn(
      config.env === 'production'
        ? 'SMTP_URL is not set: emails are NOT delivered (set SMTP_URL)'
        : 'SMTP_URL is not set: emails are written to this log instead of being sent (local development)',
    );
  } else {
    logger.info({ smtp: describeUrl(config.smtpUrl) }, 'sending email through SMTP');
  }

  // BullMQ needs maxRetriesPerRequest: null; ioredis reconnects by itself when Redis comes back.
  const connection = new IORedis(config.redisUrl, { maxRetriesPerRequest: null });
  let redisDown = false;
  connection.on('error', (err) => {
    if (!redisDown) logger.error({ err: err.message }, 'lost the connection to Redis, reconnecting');
    redisDown = true;
  });
  connection.on('ready', () => {
    if (redisDown) logger.info('reconnected to Redis');
    redisDown = false;
  });

  const workers: Worker[] = [];
  for (const [queue, queueHandlers] of Object.entries(registry)) {
    const worker = new Worker(queue, createProcessor(queue, queueHandlers ?? {}), {
      connection,
      prefix: config.queuePrefix,
      concurrency: config.concurrency,
      removeOnComplete: KEEP_COMPLETED,
      removeOnFail: KEEP_FAILED,
    });
    worker.on('completed', (job: Job) =>
      logger.debug({ queue, job: job.name, jobId: job.id }, 'job completed'),
    );
    worker.on('failed', (job: Job | undefined, err: Error) => {
      const attempts = job?.opts.attempts ?? 1;
      const final =
        err instanceof UnrecoverableError ||
        err.name === 'UnrecoverableError' ||
        (job?.attemptsMade ?? 0) >= attempts;
      const fields = {
        queue,
        job: job?.name,
        jobId: job?.id,
        attemptsMade: job?.attemptsMade,
        attempts,
        err: err.message,
      };
      if (final) logger.error(fields, 'job failed for good');
      else logger.warn(fields, 'job failed, will retry');
    });
    worker.on('error', (err: Error) => logger.error({ queue, err: err.message }, 'worker error'));
    workers.push(worker);
  }
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  logger.info(
    {
      queues: workers.map((w) => w.name),
      prefix: config.queuePrefix,
      concurrency: config.concurrency,
      redis: describeUrl(config.redisUrl),
    },
    'worker ready',
  );

  if (opts.relay ?? config.env !== 'test') handlers.rollups.startRelay();
  if (opts.reconcile ?? config.env !== 'test') await handlers.rollups.scheduleReconciliation();
  if (opts.digest ?? config.env !== 'test') await handlers.digest.schedule();
  if (opts.notificationRelay ?? config.env !== 'test') handlers.notifications.startRelay();
  if (opts.reminders ?? config.env !== 'test') await handlers.notifications.scheduleReminders();
  if (opts.importRecovery ?? config.env !== 'test') handlers.imports.startRecovery();

  // Heartbeat for container health checks (infra/scripts/worker-health.mjs): touched only while
  // every consumer runs and Redis answers.
  let heartbeat: NodeJS.Timeout | undefined;
  if (config.heartbeatFile) {
    const file = config.heartbeatFile;
    const beat = async () => {
      try {
        if (workers.every((w) => w.isRunning()) && (await connection.ping()) === 'PONG') {
          await writeFile(file, String(Date.now()));
        }
      } catch {
        // Redis down: no beat; the health check will notice.
      }
    };
    await beat();
    heartbeat = setInterval(() => void beat(), HEARTBEAT_EVERY_MS);
    heartbeat.unref();
  }

  let closing: Promise<void> | undefined;
  return {
    workers,
    close: () => {
      closing ??= (async () => {
        if (heartbeat) clearInterval(heartbeat);
        await handlers.rollups.stopRelay();
        await handlers.notifications.stopRelay();
        await handlers.imports.stopRecovery();
        await Promise.all(workers.map((w) => w.close()));
        await handlers.close();
        await connection.quit().catch(() => connection.disconnect());
        if (config.heartbeatFile) await rm(config.heartbeatFile, { force: true });
      })();
      return closing;
    },
  };
}
