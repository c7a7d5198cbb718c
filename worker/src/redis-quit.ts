import type IORedis from 'ioredis';

/** Close a Redis connection: QUIT when it is open, else just drop it (never connected, or already ended). */
export async function quitRedis(redis: IORedis): Promise<void> {
  if (redis.status === 'wait' || redis.status === 'end') {
    redis.disconnect();
    return;
  }
  await redis.quit().catch(() => redis.disconnect());
}
