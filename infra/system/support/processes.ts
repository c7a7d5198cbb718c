import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { until } from './wait';

/**
 * The processes of a system test: the BUILT api and worker (as `npm start` runs them, from
 * api/dist and worker/dist), and a private redis-server when a test must restart Redis. Every
 * child's output is kept, so a failure can show the last lines of each log.
 */
export const REPO = resolve(__dirname, '..', '..', '..');
export const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const SHARED_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const API_MAIN = resolve(REPO, 'api', 'dist', 'main.js');
const WORKER_MAIN = resolve(
  REPO,
  'worker',
  (JSON.parse(readFileSync(resolve(REPO, 'worker', 'package.json'), 'utf8')) as { main: string }).main,
);

export function assertBuilt(): void {
  for (const [what, path] of [
    ['api', API_MAIN],
    ['worker', WORKER_MAIN],
  ] as const) {
    if (!existsSync(path)) {
      throw new Error(
        `${path} is missing: build the ${what} first (npm run build -w @constellation/${what}).`,
      );
    }
  }
}

export const suffix = (): string => randomBytes(4).toString('hex');

export function databaseUrl(name: string, port?: number): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  if (port) {
    u.hostname = '127.0.0.1';
    u.port = String(port);
  }
  return u.toString();
}

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

export class Child {
  readonly proc: ChildProcess;
  private output = '';
  private readonly exited: Promise<void>;

  constructor(
    readonly name: string,
    command: string,
    args: string[],
    env: Record<string, string>,
  ) {
    this.proc = spawn(command, args, {
      cwd: REPO,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (d: Buffer) => {
      this.output += d.toString();
      if (process.env.SYSTEM_VERBOSE) process.stdout.write(`[${name}] ${d.toString()}`);
    };
    this.proc.stdout?.on('data', keep);
    this.proc.stderr?.on('data', keep);
    this.exited = new Promise((r) => this.proc.once('exit', () => r()));
  }

  get pid(): number {
    return this.proc.pid!;
  }

  get running(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  log(): string {
    return this.output;
  }

  tail(lines = 40): string {
    return `--- last lines of ${this.name} (pid ${this.proc.pid}) ---\n${this.output.split('\n').slice(-lines).join('\n')}`;
  }

  /** Where the output ends now (for waitForOutput's `from`). */
  mark(): number {
    return this.output.length;
  }

  /** Resolves once the child's output (from offset `from`) contains `text`; fails early if the child exits. */
  async waitForOutput(text: string, timeoutMs = 60_000, from = 0): Promise<void> {
    await until(
      () => {
        if (this.output.indexOf(text, from) >= 0) return true;
        if (!this.running)
          throw new Error(
            `${this.name} exited (${this.proc.exitCode ?? this.proc.signalCode}):\n${this.tail()}`,
          );
        return false;
      },
      { timeoutMs, what: `${this.name} to print "${text}"`, detail: () => this.tail() },
    );
  }

  /** SIGKILL: no shutdown code runs, as when the machine or container dies. */
  async kill9(): Promise<void> {
    if (!this.running) return;
    this.proc.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM (graceful), then SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (!this.running) return;
    this.proc.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.exited, new Promise((r) => (timer = setTimeout(r, graceMs)))]);
    clearTimeout(timer);
    await this.kill9();
  }
}

/** api (verifies) and worker (signs) use the same unsubscribe key, required in production. */
export const SYSTEM_UNSUBSCRIBE_SECRET = 'system-test-unsubscribe-secret-0123456789';

export interface ApiOptions {
  port: number;
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
}

/** `node api/dist/main.js` on a fresh database (it creates and migrates it), like web/e2e's global setup. */
export async function startApi(o: ApiOptions): Promise<Child> {
  const api = new Child('api', process.execPath, [API_MAIN], {
    NODE_ENV: 'production',
    PORT: String(o.port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${o.port}`,
    UNSUBSCRIBE_SECRET: SYSTEM_UNSUBSCRIBE_SECRET,
    DATABASE_URL: o.databaseUrl,
    REDIS_URL: o.redisUrl,
    QUEUE_PREFIX: o.queuePrefix,
    SEED_DEMO: 'false',
    LOG_LEVEL: process.env.SYSTEM_LOG_LEVEL ?? 'warn',
    // Every person of a test signs up from 127.0.0.1.
    SIGNIN_MAX_PER_IP: '1000',
    SIGNUP_MAX_PER_IP: '1000',
    // 1000 values per batch request stay well under 1 MB, but leave room.
    BODY_LIMIT: '5mb',
  });
  try {
    await until(
      async () => {
        if (!api.running) throw new Error(`the api exited before it was healthy:\n${api.tail()}`);
        try {
          return (await fetch(`http://127.0.0.1:${o.port}/api/health`)).ok;
        } catch {
          return false;
        }
      },
      { timeoutMs: 90_000, what: 'the api to answer /api/health', detail: () => api.tail() },
    );
  } catch (err) {
    await api.stop();
    throw err;
  }
  return api;
}

export interface WorkerOptions {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  concurrency?: number;
  /** More environment (e.g. SMTP_URL, REMINDER_INTERVAL_MINUTES); overrides the defaults below. */
  env?: Record<string, string>;
}

/** `node worker/dist/…/main.js` with the outbox relay on (NODE_ENV=production); resolves once it is ready. */
export async function startWorker(o: WorkerOptions, name = 'worker'): Promise<Child> {
  const worker = new Child(name, process.execPath, [WORKER_MAIN], {
    NODE_ENV: 'production',
    UNSUBSCRIBE_SECRET: SYSTEM_UNSUBSCRIBE_SECRET,
    DATABASE_URL: o.databaseUrl,
    REDIS_URL: o.redisUrl,
    QUEUE_PREFIX: o.queuePrefix,
    WORKER_CONCURRENCY: String(o.concurrency ?? 4),
    // info: the test waits for "worker ready" and "outbox relay started".
    LOG_LEVEL: 'info',
    SHUTDOWN_TIMEOUT_SECONDS: '10',
    // No scheduled reconciliation: the tests show the rollups converge without that safety net
    // (with RECONCILE_REPAIR it could mend a lost update), and its scheduled job would keep the
    // queue from ever being idle.
    RECONCILE_INTERVAL_MINUTES: '0',
    // No reporting reminders unless a test asks (their job scheduler would keep a queue busy).
    REMINDER_INTERVAL_MINUTES: '0',
    ...o.env,
  });
  try {
    await worker.waitForOutput('outbox relay started', 60_000);
  } catch (err) {
    await worker.stop();
    throw err;
  }
  return worker;
}

/**
 * A private redis-server (the shared one must never be restarted), configured as
 * ARCHITECTURE.md says: `maxmemory-policy noeviction` and an append-only file. `appendfsync
 * always` makes the AOF hold every acknowledged write, so a kill -9 loses nothing the worker or
 * the relay was told was stored. (Without any persistence a restart empties the queue: that is
 * data loss, not a restart, and no client could recover the lost jobs.)
 */
export class PrivateRedis {
  private child: Child | undefined;
  private readonly dir = mkdtempSync(join(tmpdir(), 'constellation-redis-'));

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = new Child(
      'redis',
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dir,
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--maxmemory-policy',
        'noeviction',
      ],
      {},
    );
    const child = this.child;
    await until(
      () => {
        if (!child.running) throw new Error(`redis-server exited:\n${child.tail()}`);
        const r = spawnSync('redis-cli', ['-p', String(this.port), 'ping'], { encoding: 'utf8' });
        return r.stdout.trim() === 'PONG';
      },
      { timeoutMs: 20_000, what: 'the private redis-server to answer PING', detail: () => child.tail() },
    );
  }

  /** kill -9, as a crash or a killed container. */
  async kill9(): Promise<void> {
    await this.child?.kill9();
  }

  async close(): Promise<void> {
    await this.child?.stop(5_000);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** DROP DATABASE … WITH (FORCE) of a database this run created. */
export function dropDatabase(name: string): void {
  const r = spawnSync(
    'psql',
    [ADMIN_URL, '-v', 'ON_ERROR_STOP=1', '-qc', `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`],
    {
      encoding: 'utf8',
    },
  );
  if (r.error || r.status !== 0)
    console.warn(`could not drop database ${name}: ${r.error?.message ?? r.stderr}`);
}

/** Delete this run's queue keys from a shared Redis (never FLUSHALL: others use it). */
export function clearQueueKeys(redisUrl: string, prefix: string): void {
  const scan = spawnSync('redis-cli', ['-u', redisUrl, '--scan', '--pattern', `${prefix}*`], {
    encoding: 'utf8',
  });
  if (scan.error || scan.status !== 0) return;
  const keys = scan.stdout.split('\n').filter(Boolean);
  for (let i = 0; i < keys.length; i += 200)
    spawnSync('redis-cli', ['-u', redisUrl, 'DEL', ...keys.slice(i, i + 200)]);
}
