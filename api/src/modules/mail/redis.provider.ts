import { Global, Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import IORedis, { type Redis } from 'ioredis';
import { type EmailJob, emailJobSchema, QUEUES, VALUES_CHANGED_CHANNEL, type ValuesChangedMessage } from '@constellation/shared';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { ReadCache } from './read-cache';

export const REDIS = Symbol('REDIS');

/**
 * Queues the api produces to. Email goes through the worker (BullMQ "email" queue),
 * with retries and backoff; the api never talks SMTP on a request path.
 */
@Injectable()
export class MailQueue implements OnApplicationShutdown {
  private readonly queue: Queue;

  constructor(@Inject(REDIS) connection: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    this.queue = new Queue(QUEUES.email, {
      connection,
      prefix: config.queuePrefix,
      defaultJobOptions: {
        attempts: 8,
        backoff: { type: 'exponential', delay: 2000 },
        removeOnComplete: { age: 7 * 24 * 3600, count: 5000 },
        removeOnFail: { age: 30 * 24 * 3600 },
      },
    });
  }

  /** Validates the payload against the shared schema, then enqueues it. */
  async send(job: EmailJob): Promise<void> {
    const payload = emailJobSchema.parse(job);
    await this.queue.add('send', payload);
  }

  get raw(): Queue {
    return this.queue;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}

/**
 * Publishes the api's own live events (after a commit). Best effort: a lost message only delays
 * a refresh (pages also refetch when the worker's rollup-updated event arrives), so a Redis error
 * is logged, never thrown at the person whose write already succeeded.
 */
@Injectable()
export class LiveEventsPublisher {
  private readonly logger = new Logger('LiveEvents');
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly readCache: ReadCache,
  ) {}

  valuesChanged(collaborationId: string): void {
    this.readCache.invalidate(collaborationId);
    const message: ValuesChangedMessage = { collaborationId, at: new Date().toISOString() };
    this.redis.publish(VALUES_CHANGED_CHANNEL, JSON.stringify(message)).catch((err: Error) => {
      this.logger.warn(`could not publish values-changed: ${err.message}`);
    });
  }
}

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new IORedis(config.redisUrl, { maxRetriesPerRequest: null, enableOfflineQueue: true, lazyConnect: false }),
    },
    RedisCloser,
    MailQueue,
    LiveEventsPublisher,
    ReadCache,
  ],
  exports: [REDIS, MailQueue, LiveEventsPublisher, ReadCache],
})
export class QueueModule {}
