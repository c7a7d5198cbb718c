import IORedis from 'ioredis';
import { Client } from 'pg';
import type { AppConfig } from './config/config';
import { ensureDatabase } from './database/ensure-database';

/** A sentence a person can act on, instead of a stack trace. */
export class PreflightError extends Error {}

function where(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || (u.protocol.startsWith('redis') ? 6379 : 5432)}`;
  } catch {
    return url;
  }
}

/** Check PostgreSQL (creating the database if missing) and Redis before anything else. */
export async function preflight(config: AppConfig): Promise<void> {
  try {
    const admin = new URL(config.databaseUrl);
    admin.pathname = '/postgres';
    const c = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 3000 });
    await c.connect();
    await c.end();
    await ensureDatabase(config.databaseUrl);
  } catch (err) {
    throw new PreflightError(
      `Cannot reach PostgreSQL at ${where(config.databaseUrl)} (${(err as Error).message}). Start PostgreSQL (15 or newer) or set DATABASE_URL.`,
    );
  }
  const redis = new IORedis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 3000 });
  // The first socket error says why (ECONNREFUSED, ENOTFOUND…); connect() itself only says "closed".
  let cause: Error | undefined;
  redis.on('error', (err: Error) => {
    cause ??= err;
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    const reason = (cause ?? (err as Error)).message;
    throw new PreflightError(`Cannot reach Redis at ${where(config.redisUrl)} (${reason}). Start Redis (redis-server) or set REDIS_URL.`);
  } finally {
    if (redis.status !== 'end') redis.disconnect();
  }
}
