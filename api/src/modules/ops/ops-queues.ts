import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { QUEUES } from '@constellation/shared';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { REDIS } from '../mail/redis.provider';

/** Read handles on every queue of the job registry, for metrics and the queue dashboard. */
@Injectable()
export class OpsQueues implements OnApplicationShutdown {
  readonly all: Queue[];

  constructor(@Inject(REDIS) connection: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    this.all = Object.values(QUEUES).map((name) => new Queue(name, { connection, prefix: config.queuePrefix }));
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.all.map((q) => q.close()));
  }
}
