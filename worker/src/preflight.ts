import IORedis from 'ioredis';
import { describeUrl } from './config';

/** A sentence a person can act on, instead of a stack trace. */
export class PreflightError extends Error {}

/** Check that Redis answers before starting the consumers. */
export async function preflightRedis(redisUrl: string, timeoutMs = 3000): Promise<void> {
  const redis = new IORedis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: timeoutMs,
  });
  // The first socket error says why (ECONNREFUSED, ENOTFOUND…); connect() only says "closed".
  let cause: Error | undefined;
  redis.on('error', (err: Error) => {
    cause ??= err;
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    const reason = (cause ?? (err as Error)).message;
    throw new PreflightError(
      `Cannot reach Redis at ${describeUrl(redisUrl)} (${reason}). Start Redis (redis-server) or set REDIS_URL.`,
    );
  } finally {
    // disconnect() on a connection that already ended would hold the process for 2 s.
    if (redis.status !== 'end') redis.disconnect();
  }
}
