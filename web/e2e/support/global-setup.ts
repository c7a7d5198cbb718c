import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const webDir = resolve(here, '..', '..');
const repoDir = resolve(webDir, '..');
const apiMain = resolve(repoDir, 'api', 'dist', 'main.js');
const workerMain = resolve(repoDir, 'worker', 'dist', 'worker', 'src', 'main.js');
const webDist = resolve(webDir, 'dist');

const PORT = Number(process.env.E2E_PORT ?? 3210);
const ADMIN_URL = process.env.E2E_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

function databaseUrl(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function waitForHealth(
  url: string,
  child: ChildProcess,
  log: () => string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`The api exited with code ${child.exitCode} before it was healthy:\n${log()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The api did not answer ${url} within ${timeoutMs / 1000} s:\n${log()}`);
}

function dropDatabase(name: string): void {
  const r = spawnSync(
    'psql',
    [ADMIN_URL, '-v', 'ON_ERROR_STOP=1', '-qc', `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`],
    {
      encoding: 'utf8',
    },
  );
  if (r.error || r.status !== 0)
    console.warn(`[e2e] could not drop database ${name}: ${r.error?.message ?? r.stderr}`);
}

function clearQueueKeys(prefix: string): void {
  const scan = spawnSync('redis-cli', ['-u', REDIS_URL, '--scan', '--pattern', `${prefix}*`], {
    encoding: 'utf8',
  });
  if (scan.error || scan.status !== 0) return;
  const keys = scan.stdout.split('\n').filter(Boolean);
  for (let i = 0; i < keys.length; i += 200)
    spawnSync('redis-cli', ['-u', REDIS_URL, 'DEL', ...keys.slice(i, i + 200)]);
}

/** Start the built app on a fresh database; the returned function stops it and drops the database. */
/** Signs the unsubscribe links (worker) and verifies them (api): the same value for both. */
const E2E_UNSUBSCRIBE_SECRET = 'e2e-unsubscribe-secret-0123456789abcdef';

export default async function globalSetup(): Promise<() => Promise<void>> {
  for (const [what, path] of [
    ['the api', apiMain],
    ['the worker', workerMain],
    ['the web app', resolve(webDist, 'index.html')],
  ] as const) {
    if (!existsSync(path))
      throw new Error(`${path} is missing: build ${what} first (npm run build at the repository root).`);
  }

  const suffix = randomBytes(4).toString('hex');
  const dbName = `constellation_e2e_${suffix}`;
  const queuePrefix = `{e2e-${suffix}}`;
  // Update attachments of this run, removed with it.
  const attachmentDir = mkdtempSync(join(tmpdir(), 'constellation-e2e-attachments-'));
  // Specs that enqueue a job themselves (the reminders spec runs the reminder job at once) read it;
  // Playwright passes the environment set here to its workers.
  process.env.E2E_QUEUE_PREFIX = queuePrefix;
  let output = '';
  const child = spawn(process.execPath, [apiMain], {
    cwd: repoDir,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(PORT),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://localhost:${PORT}`,
      UNSUBSCRIBE_SECRET: E2E_UNSUBSCRIBE_SECRET,
      DATABASE_URL: databaseUrl(dbName),
      REDIS_URL,
      // The demo collaboration (Riverside) is seeded on first start, as for a newcomer; the seed asks
      // the worker to build its rollups. Specs that need a blank slate create their own collaboration.
      SEED_DEMO: process.env.E2E_SEED_DEMO ?? 'true',
      QUEUE_PREFIX: queuePrefix,
      WEB_DIST: webDist,
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
      // Several people sign in from one address during a run.
      SIGNIN_MAX_PER_IP: '1000',
      SIGNUP_MAX_PER_IP: '1000',
      ATTACHMENT_DIR: attachmentDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));

  let worker: ChildProcess | null = null;
  const stopProcess = async (p: ChildProcess) => {
    if (p.exitCode === null) {
      const exited = new Promise((r) => p.once('exit', r));
      p.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (p.exitCode === null) p.kill('SIGKILL');
    }
  };
  const stop = async () => {
    if (worker) await stopProcess(worker);
    await stopProcess(child);
    dropDatabase(dbName);
    clearQueueKeys(queuePrefix);
    rmSync(attachmentDir, { recursive: true, force: true });
  };

  try {
    await waitForHealth(`http://127.0.0.1:${PORT}/api/health`, child, () => output);
  } catch (err) {
    await stop();
    throw err;
  }
  // The rollup worker, started once the api has migrated the database (as `npm start` does).
  worker = spawn(process.execPath, [workerMain], {
    cwd: repoDir,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl(dbName),
      REDIS_URL,
      QUEUE_PREFIX: queuePrefix,
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
      // The worker composes notification emails: the api's address and unsubscribe key.
      PUBLIC_URL: `http://localhost:${PORT}`,
      UNSUBSCRIBE_SECRET: E2E_UNSUBSCRIBE_SECRET,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  worker.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  worker.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  if (process.env.E2E_VERBOSE) {
    child.stdout?.pipe(process.stdout);
    worker.stdout?.pipe(process.stdout);
  }
  console.log(`[e2e] api on http://localhost:${PORT}, worker running, database ${dbName}`);
  return stop;
}
