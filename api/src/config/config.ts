import { DEVELOPMENT_UNSUBSCRIBE_SECRET } from '@constellation/shared/node';
import { z } from 'zod';

/**
 * Configuration: parsed and validated once at boot. Nothing else reads process.env.
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: z.url().default('http://localhost:3000'),
  DATABASE_URL: z.string().default('postgres://postgres@127.0.0.1:5432/constellation'),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z.string().default('{constellation}'),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(120),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .default(24 * 7),
  COOKIE_SECURE: bool.optional(),
  CORS_ORIGINS: z.string().default(''),
  WEB_DIST: z.string().optional(),
  SEED_DEMO: bool.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  INVITATION_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  PASSWORD_RESET_TTL_MINUTES: z.coerce.number().int().min(5).max(1440).default(60),
  SIGNIN_MAX_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  SIGNIN_MAX_PER_IP: z.coerce.number().int().min(1).default(30),
  SIGNIN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  /** Accounts created from one address per SIGNUP_WINDOW_SECONDS (a brake on scripted sign-ups). */
  /** How long a stored Idempotency-Key answer is replayed; after that the key is forgotten. */
  IDEMPOTENCY_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(24),
  SIGNUP_MAX_PER_IP: z.coerce.number().int().min(1).default(10),
  SIGNUP_WINDOW_SECONDS: z.coerce.number().int().min(1).default(3600),
  PUBLIC_DASHBOARD_MAX_PER_IP: z.coerce.number().int().min(1).default(120),
  PUBLIC_DASHBOARD_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  /**
   * Seconds a dashboard read (GET …/rollups) may be answered from the in-process cache. Entries
   * are dropped at once when the worker's rollup-updated or a values-changed event arrives; the
   * time limit only bounds how stale a missed event can leave one. 0 turns the cache off.
   */
  READ_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(15),
  BODY_LIMIT: z.string().default('1mb'),
  TRUST_PROXY: z.string().default('loopback'),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Constellation <no-reply@constellation.local>'),
  METRICS_TOKEN: z.string().min(16).optional(),
  ADMIN_EMAILS: z.string().default(''),
  /** Value imports with more data rows than this are validated and committed by a worker job. */
  IMPORT_ASYNC_ROWS: z.coerce.number().int().min(0).default(50_000),
  /**
   * Signs the one-click unsubscribe links of notification emails; set it in production, the same on
   * every instance. Unset: a random key per process (links from before a restart are refused).
   */
  UNSUBSCRIBE_SECRET: z.string().min(32).optional(),
  /** Largest attachment on an update, in bytes (10 MB). */
  ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1).default(10 * 1024 * 1024),
  /** Where attachments are stored: the local disk (ATTACHMENT_DIR) or an S3-compatible bucket. */
  ATTACHMENT_STORE: z.enum(['disk', 's3']).default('disk'),
  ATTACHMENT_DIR: z.string().default('./data/attachments'),
  S3_ENDPOINT: z.string().optional(),
  S3_BUCKET: z.string().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
});

export type RawConfig = z.infer<typeof configSchema>;

export interface AppConfig {
  env: RawConfig['NODE_ENV'];
  port: number;
  host: string;
  publicUrl: string;
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  session: { idleMinutes: number; absoluteHours: number; cookieSecure: boolean };
  corsOrigins: string[];
  webDist?: string;
  seedDemo: boolean;
  logLevel: RawConfig['LOG_LEVEL'];
  invitationTtlDays: number;
  passwordResetTtlMinutes: number;
  signIn: { maxPerAccount: number; maxPerIp: number; windowSeconds: number };
  /** Reads of public shared dashboards allowed per client IP per window. */
  publicDashboards: { maxPerIp: number; windowSeconds: number };
  signUp: { maxPerIp: number; windowSeconds: number };
  idempotencyTtlHours: number;
  bodyLimit: string;
  /** Express 'trust proxy': which proxies' X-Forwarded-For to believe (client IPs for rate limits and audit). */
  trustProxy: string | number | boolean;
  smtpUrl?: string;
  mailFrom: string;
  /** When set, GET /api/metrics requires `Authorization: Bearer <token>`. */
  metricsToken?: string;
  /** Platform operators (lower-case emails): the only people let into the queue dashboard. */
  adminEmails: string[];
  /** Imports with more rows than this run as worker jobs (progress polled); smaller ones answer at once. */
  importAsyncRows: number;
  /** HMAC key of unsubscribe links (the worker signs with the same one; a fixed development key when unset outside production). */
  unsubscribeSecret: string;
  /** 0: dashboard reads are never cached. */
  readCacheSeconds: number;
  /** Update attachments: size limit and store (disk or S3-compatible). */
  attachments: {
    maxBytes: number;
    store: 'disk' | 's3';
    dir: string;
    s3: { endpoint?: string; bucket?: string; region: string; accessKeyId?: string; secretAccessKey?: string };
  };
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const c = parsed.data;
  if (c.ATTACHMENT_STORE === 's3' && !c.S3_BUCKET) throw new ConfigError('Invalid configuration:\n  S3_BUCKET: is required when ATTACHMENT_STORE=s3');
  if (c.NODE_ENV === 'production' && !c.UNSUBSCRIBE_SECRET) {
    throw new ConfigError('Invalid configuration:\n  UNSUBSCRIBE_SECRET: is required in production (the same value as the worker\'s)');
  }
  return {
    env: c.NODE_ENV,
    port: c.PORT,
    host: c.HOST,
    publicUrl: c.PUBLIC_URL.replace(/\/$/, ''),
    databaseUrl: c.DATABASE_URL,
    redisUrl: c.REDIS_URL,
    queuePrefix: c.QUEUE_PREFIX,
    session: {
      idleMinutes: c.SESSION_IDLE_MINUTES,
      absoluteHours: c.SESSION_ABSOLUTE_HOURS,
      cookieSecure: c.COOKIE_SECURE ?? c.PUBLIC_URL.startsWith('https://'),
    },
    corsOrigins: c.CORS_ORIGINS.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    webDist: c.WEB_DIST,
    seedDemo: c.SEED_DEMO,
    logLevel: c.LOG_LEVEL,
    invitationTtlDays: c.INVITATION_TTL_DAYS,
    passwordResetTtlMinutes: c.PASSWORD_RESET_TTL_MINUTES,
    signIn: {
      maxPerAccount: c.SIGNIN_MAX_PER_ACCOUNT,
      maxPerIp: c.SIGNIN_MAX_PER_IP,
      windowSeconds: c.SIGNIN_WINDOW_SECONDS,
    },
    signUp: { maxPerIp: c.SIGNUP_MAX_PER_IP, windowSeconds: c.SIGNUP_WINDOW_SECONDS },
    idempotencyTtlHours: c.IDEMPOTENCY_TTL_HOURS,
    publicDashboards: {
      maxPerIp: c.PUBLIC_DASHBOARD_MAX_PER_IP,
      windowSeconds: c.PUBLIC_DASHBOARD_WINDOW_SECONDS,
    },
    bodyLimit: c.BODY_LIMIT,
    trustProxy: /^\d+$/.test(c.TRUST_PROXY)
      ? Number(c.TRUST_PROXY)
      : c.TRUST_PROXY === 'true'
        ? true
        : c.TRUST_PROXY === 'false'
          ? false
          : c.TRUST_PROXY,
    smtpUrl: c.SMTP_URL,
    mailFrom: c.MAIL_FROM,
    metricsToken: c.METRICS_TOKEN,
    adminEmails: c.ADMIN_EMAILS.split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
    importAsyncRows: c.IMPORT_ASYNC_ROWS,
    unsubscribeSecret: c.UNSUBSCRIBE_SECRET ?? DEVELOPMENT_UNSUBSCRIBE_SECRET,
    readCacheSeconds: c.READ_CACHE_SECONDS,
    attachments: {
      maxBytes: c.ATTACHMENT_MAX_BYTES,
      store: c.ATTACHMENT_STORE,
      dir: c.ATTACHMENT_DIR,
      s3: {
        endpoint: c.S3_ENDPOINT,
        bucket: c.S3_BUCKET,
        region: c.S3_REGION,
        accessKeyId: c.S3_ACCESS_KEY_ID,
        secretAccessKey: c.S3_SECRET_ACCESS_KEY,
      },
    },
  };
}

/** Injection token for the AppConfig object. */
export const APP_CONFIG = Symbol('APP_CONFIG');
