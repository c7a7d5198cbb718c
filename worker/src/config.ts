import { DEVELOPMENT_UNSUBSCRIBE_SECRET } from '@constellation/shared/node';
import { z } from 'zod';

/**
 * Worker configuration: parsed and validated once at boot. The only reader of process.env in
 * the worker (lint enforces it).
 */
const emptyAsUndefined = (v: unknown) => (v === '' ? undefined : v);
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const workerConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .default('redis://127.0.0.1:6379'),
  /** In braces so every key of a queue lands in one Redis Cluster slot. Must match the api's. */
  QUEUE_PREFIX: z.string().min(1).default('{constellation}'),
  /** smtp://user:pass@host:port or smtps://…; unset = emails are written to the log (local use). */
  SMTP_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
      .optional(),
  ),
  MAIL_FROM: z.string().min(3).default('Constellation <no-reply@constellation.local>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Not used yet (email only); rollup jobs will need it. */
  DATABASE_URL: z.string().default('postgres://postgres@127.0.0.1:5432/constellation'),
  /** Jobs processed in parallel per queue by one worker process. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(5),
  /** A file the worker touches while healthy (read by infra/scripts/worker-health.mjs). */
  HEARTBEAT_FILE: z.preprocess(emptyAsUndefined, z.string().optional()),
  /** How long a graceful shutdown may wait for running jobs before the process exits anyway. */
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).default(25),
  /** Minutes between scheduled reconciliations of the rollups (worker/src/reconcile); 0 turns them off. */
  RECONCILE_INTERVAL_MINUTES: z.coerce
    .number({ message: 'must be a whole number of minutes' })
    .int({ message: 'must be a whole number of minutes' })
    .min(0, { message: 'must be 0 (off) or more' })
    .max(7 * 24 * 60, { message: 'must be at most 10080 (a week)' })
    .default(60),
  /** After reporting drift, rebuild the drifted indicators (the report is kept either way). */
  RECONCILE_REPAIR: bool.default(false),
  /** Minutes between runs of the daily-digest job (worker/src/digest); 0 turns digests off. */
  DIGEST_INTERVAL_MINUTES: z.coerce
    .number({ message: 'must be a whole number of minutes' })
    .int({ message: 'must be a whole number of minutes' })
    .min(0, { message: 'must be 0 (off) or more' })
    .max(24 * 60, { message: 'must be at most 1440 (a day)' })
    .default(15),
  /** The address people open the app at: links in notification emails. Must match the api's. */
  PUBLIC_URL: z.url({ message: 'must be a URL' }).default('http://localhost:3000'),
  /** HMAC key of one-click unsubscribe links (the api verifies them): the api's value. Required in production. */
  UNSUBSCRIBE_SECRET: z.preprocess(emptyAsUndefined, z.string().min(32, { message: 'must be at least 32 characters' }).optional()),
  /** Attempts of a notification email before it is marked failed, and the first retry's delay. */
  NOTIFICATION_EMAIL_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  NOTIFICATION_EMAIL_BACKOFF_MS: z.coerce.number().int().min(10).default(2000),
  /** A notification email queued this long ago whose job the queue no longer has is handed back (relay or digest). */
  NOTIFICATION_EMAIL_LOST_AFTER_MINUTES: z.coerce
    .number({ message: 'must be a whole number of minutes' })
    .int({ message: 'must be a whole number of minutes' })
    .min(1, { message: 'must be at least 1' })
    .max(7 * 24 * 60, { message: 'must be at most 10080 (a week)' })
    .default(10),
  /** Minutes between reminder runs (worker/src/reminders); 0 turns reminders off. */
  REMINDER_INTERVAL_MINUTES: z.coerce
    .number({ message: 'must be a whole number of minutes' })
    .int({ message: 'must be a whole number of minutes' })
    .min(0, { message: 'must be 0 (off) or more' })
    .max(24 * 60, { message: 'must be at most 1440 (a day)' })
    .default(15),
});

export interface WorkerConfig {
  env: 'development' | 'test' | 'production';
  redisUrl: string;
  queuePrefix: string;
  smtpUrl?: string;
  mailFrom: string;
  logLevel: z.infer<typeof workerConfigSchema>['LOG_LEVEL'];
  databaseUrl: string;
  concurrency: number;
  heartbeatFile?: string;
  shutdownTimeoutMs: number;
  /** 0: no scheduled reconciliation. */
  reconcileIntervalMinutes: number;
  reconcileRepair: boolean;
  /** 0: no daily digests. */
  digestIntervalMinutes: number;
  publicUrl: string;
  /** HMAC key of unsubscribe links: the api's UNSUBSCRIBE_SECRET (a fixed development key when unset outside production). */
  unsubscribeSecret: string;
  notificationEmail: { attempts: number; backoffMs: number; lostAfterMinutes: number };
  /** 0: no reminders. */
  reminderIntervalMinutes: number;
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): WorkerConfig {
  const parsed = workerConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const c = parsed.data;
  if (c.NODE_ENV === 'production' && !c.UNSUBSCRIBE_SECRET) {
    throw new ConfigError(`Invalid configuration:\n  UNSUBSCRIBE_SECRET: is required in production (the same value as the api's)`);
  }
  return {
    env: c.NODE_ENV,
    redisUrl: c.REDIS_URL,
    queuePrefix: c.QUEUE_PREFIX,
    smtpUrl: c.SMTP_URL,
    mailFrom: c.MAIL_FROM,
    logLevel: c.LOG_LEVEL,
    databaseUrl: c.DATABASE_URL,
    concurrency: c.WORKER_CONCURRENCY,
    heartbeatFile: c.HEARTBEAT_FILE,
    shutdownTimeoutMs: c.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    reconcileIntervalMinutes: c.RECONCILE_INTERVAL_MINUTES,
    reconcileRepair: c.RECONCILE_REPAIR,
    digestIntervalMinutes: c.DIGEST_INTERVAL_MINUTES,
    publicUrl: c.PUBLIC_URL.replace(/\/$/, ''),
    unsubscribeSecret: c.UNSUBSCRIBE_SECRET ?? DEVELOPMENT_UNSUBSCRIBE_SECRET,
    notificationEmail: {
      attempts: c.NOTIFICATION_EMAIL_ATTEMPTS,
      backoffMs: c.NOTIFICATION_EMAIL_BACKOFF_MS,
      lostAfterMinutes: c.NOTIFICATION_EMAIL_LOST_AFTER_MINUTES,
    },
    reminderIntervalMinutes: c.REMINDER_INTERVAL_MINUTES,
  };
}

/** host:port of a URL, without credentials (safe to log). */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    const defaults: Record<string, string> = {
      'redis:': '6379',
      'rediss:': '6379',
      'smtp:': '587',
      'smtps:': '465',
    };
    return `${u.hostname}:${u.port || defaults[u.protocol] || ''}`;
  } catch {
    return '(unparseable URL)';
  }
}
