#!/usr/bin/env node
/**
 * Health check for the worker container (docker compose healthcheck, Kubernetes exec probe).
 * Exit 0 = healthy, 1 = not, with one line saying why.
 *
 * - HEARTBEAT_FILE set (the images set it): healthy when the worker touched the file within
 *   HEARTBEAT_MAX_AGE_SECONDS (default 30). The worker touches it only while all its consumers run
 *   and Redis answers, so this catches a stuck or disconnected process, not just a dead one.
 * - Otherwise: healthy when Redis at REDIS_URL answers PING.
 */
import { statSync } from 'node:fs';

const file = process.env.HEARTBEAT_FILE;
if (file) {
  const maxAgeMs = Number(process.env.HEARTBEAT_MAX_AGE_SECONDS ?? 30) * 1000;
  let age;
  try {
    age = Date.now() - statSync(file).mtimeMs;
  } catch {
    console.error(
      `unhealthy: no heartbeat file at ${file} (the worker has not started, or cannot reach Redis)`,
    );
    process.exit(1);
  }
  if (age > maxAgeMs) {
    console.error(
      `unhealthy: last heartbeat ${Math.round(age / 1000)} s ago (the worker is stuck or cannot reach Redis)`,
    );
    process.exit(1);
  }
  process.exit(0);
}

const { default: IORedis } = await import('ioredis');
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const redis = new IORedis(url, {
  lazyConnect: true,
  maxRetriesPerRequest: 0,
  retryStrategy: () => null,
  connectTimeout: 3000,
});
redis.on('error', () => undefined);
try {
  await redis.connect();
  await redis.ping();
  process.exit(0);
} catch (err) {
  console.error(`unhealthy: Redis does not answer (${err.message})`);
  process.exit(1);
}
