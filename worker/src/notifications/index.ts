import { QUEUES } from '@constellation/shared';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { Pool } from 'pg';
import type { WorkerConfig } from '../config';
import type { Logger } from '../logger';
import { quitRedis } from '../redis-quit';
import { scheduleReminders } from '../reminders';
import { createNotificationMarker, type NotificationMarker } from './marker';
import { startPollLoop } from '../poll-loop';
import { type Poller, recoverLostEmailJobs, startNotificationRelay } from './relay';

export interface Notifications {
  /** Used by the email handler to mark the notifications an email delivers. */
  marker: NotificationMarker;
  /** The email queue's producer side (the relay and the reminders add jobs with it). */
  emailQueue(): Queue;
  pool: Pool;
  /** Install the reporting-reminder job scheduler (REMINDER_INTERVAL_MINUTES; 0 removes it). */
  scheduleReminders(): Promise<void>;
  /** Start the notification email relay and the lost-job recovery (one per worker process; safe with several). */
  startRelay(): void;
  stopRelay(): Promise<void>;
  close(): Promise<void>;
}

/** The notification email outbox: a small PostgreSQL pool, the email queue producer, the relay. */
export function createNotifications(config: WorkerConfig, logger: Logger, opts: { relayIdleMs?: number; recoveryIdleMs?: number } = {}): Notifications {
  const pool = new Pool({ connectionString: config.databaseUrl, max: 3 });
  pool.on('error', (err) => logger.error({ err: err.message }, 'PostgreSQL connection error (notifications)'));
  pool.on('connect', (client) => client.on('error', () => undefined));
  let producer: { queue: Queue; connection: IORedis } | undefined;
  const emailQueue = () => {
    if (!producer) {
      const connection = new IORedis(config.redisUrl, { maxRetriesPerRequest: null });
      connection.on('error', () => undefined); // failed enqueues are reported where they happen
      producer = { queue: new Queue(QUEUES.email, { connection, prefix: config.queuePrefix }), connection };
    }
    return producer.queue;
  };
  let control: { queue: Queue; connection: IORedis } | undefined;
  let relay: Poller | undefined;
  let recovery: Poller | undefined;
  const stopRelay = async () => {
    await Promise.all([relay?.close(), recovery?.close()]);
    relay = undefined;
    recovery = undefined;
  };
  return {
    marker: createNotificationMarker(pool),
    emailQueue,
    pool,
    startRelay() {
      if (relay) return;
      relay = startNotificationRelay({
        pool,
        queue: emailQueue(),
        logger,
        publicUrl: config.publicUrl,
        unsubscribeSecret: config.unsubscribeSecret,
        attempts: config.notificationEmail.attempts,
        backoffMs: config.notificationEmail.backoffMs,
        idleMs: opts.relayIdleMs,
      });
      // Every minute: notification emails whose job Redis lost are handed back (relay.ts).
      recovery = startPollLoop({
        name: 'lost email job recovery',
        logger,
        batch: (n) => recoverLostEmailJobs({ pool, queue: emailQueue(), logger, olderThanMs: config.notificationEmail.lostAfterMinutes * 60_000 }, n),
        batchSize: 100,
        idleMs: opts.recoveryIdleMs ?? 60_000,
        maxBackoffMs: 60_000,
      });
      logger.info('notification email relay started');
    },
    stopRelay,
    scheduleReminders: async () => {
      if (!control) {
        const connection = new IORedis(config.redisUrl, { maxRetriesPerRequest: null });
        connection.on('error', () => undefined);
        control = { queue: new Queue(QUEUES.reminders, { connection, prefix: config.queuePrefix }), connection };
      }
      await scheduleReminders(control.queue, config.reminderIntervalMinutes, logger);
    },
    close: async () => {
      await stopRelay();
      if (control) {
        await control.queue.close();
        await quitRedis(control.connection);
        control = undefined;
      }
      if (producer) {
        await producer.queue.close();
        await quitRedis(producer.connection);
        producer = undefined;
      }
      await pool.end();
    },
  };
}
