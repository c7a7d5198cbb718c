import { Controller, Get, HttpStatus, Inject } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { Public } from '../../common/access.decorators';
import { AppError } from '../../common/errors';
import { REDIS } from '../mail/redis.provider';

async function probe(fn: () => Promise<unknown>, timeoutMs = 2000): Promise<{ status: 'up' | 'down'; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), timeoutMs);
      }),
    ]);
    return { status: 'up' };
  } catch (err) {
    return { status: 'down', error: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** 200 when PostgreSQL and Redis answer; 503 naming what is down otherwise. */
  @Get()
  @Public()
  async check() {
    const [postgres, redis] = await Promise.all([probe(() => this.ds.query('SELECT 1')), probe(() => this.redis.ping())]);
    const body = { status: postgres.status === 'up' && redis.status === 'up' ? 'ok' : 'error', checks: { postgres, redis } };
    if (body.status !== 'ok') {
      const down = Object.entries(body.checks)
        .filter(([, v]) => v.status === 'down')
        .map(([k]) => k);
      throw new AppError(HttpStatus.SERVICE_UNAVAILABLE, `Unavailable: ${down.join(', ')}`, down.map((d) => ({ path: d, message: 'down' })));
    }
    return body;
  }
}
