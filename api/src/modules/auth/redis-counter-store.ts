import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '../mail/redis.provider';
import type { Counter, CounterStore } from './attempt-limiter';

/** INCR + EXPIRE NX + TTL in one MULTI: atomic, and a window never loses its expiry. */
@Injectable()
export class RedisCounterStore implements CounterStore {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async increment(key: string, windowSeconds: number): Promise<Counter> {
    const results = await this.redis.multi().incr(key).expire(key, windowSeconds, 'NX').ttl(key).exec();
    if (!results) throw new Error('Rate limit counter transaction was aborted');
    for (const [err] of results) if (err) throw err;
    const count = Number(results[0][1]);
    const ttl = Number(results[2][1]);
    return { count, resetInSeconds: ttl > 0 ? ttl : windowSeconds };
  }

  async get(key: string): Promise<Counter> {
    const results = await this.redis.multi().get(key).ttl(key).exec();
    if (!results) throw new Error('Rate limit counter transaction was aborted');
    for (const [err] of results) if (err) throw err;
    const count = Number(results[0][1] ?? 0);
    const ttl = Number(results[1][1]);
    return { count: Number.isFinite(count) ? count : 0, resetInSeconds: ttl > 0 ? ttl : 0 };
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(key);
  }
}
