// Helpers shared by the rollup workloads (rollups, rollup-latency, dashboard-read): building, a fresh
// database, the built api as a child process, a collaboration created through the api, partner
// sessions, process memory from /proc, percentiles and the results file. Also used by csv-import.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const here = join(dirname(fileURLToPath(import.meta.url)));
export const root = join(here, '..', '..');
export const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export const log = (...a) => console.log('[bench]', ...a);
export const seconds = (ns) => Number(ns) / 1e9;
export const now = () => process.hrtime.bigint();
export const round = (x, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
  return r.stdout;
}

/** Build shared, then the named workspaces (skipped with BENCH_SKIP_BUILD=1). */
export function build(workspaces) {
  if (process.env.BENCH_SKIP_BUILD) return;
  log(`building shared, ${workspaces.join(', ')}…`);
  run('npm', ['run', 'build', '-w', '@constellation/shared'], { cwd: root });
  for (const w of workspaces) run('npm', ['run', 'build', '-w', `@constellation/${w}`], { cwd: root });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** A fresh, empty database (dropped by drop() unless BENCH_KEEP_DB=1). */
export function createDatabase() {
  const name = `constellation_bench_${randomBytes(4).toString('hex')}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  run('psql', [ADMIN_URL, '-v', 'ON_ERROR_STOP=1', '-c', `CREATE DATABASE ${name}`]);
  return {
    name,
    url: url.toString(),
    drop() {
      if (process.env.BENCH_KEEP_DB) return log(`kept database ${name}`);
      spawnSync('psql', [ADMIN_URL, '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`], { stdio: 'ignore' });
    },
  };
}

async function waitForHealth(base, child) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`the api exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${base}/api/health`);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await sleep(200);
  }
  throw new Error('the api did not become healthy in 60 s');
}

/** The built api (api/dist/main.js: migrates, then listens) as a child process; BENCH_API_NODE_ARGS (e.g. --cpu-prof) are passed to node. */
export async function startApi({ dbUrl, queuePrefix, env = {} }) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, join(root, 'api', 'dist', 'main.js')], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: dbUrl,
      REDIS_URL,
      QUEUE_PREFIX: queuePrefix,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      WEB_DIST: '/nonexistent',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    await waitForHealth(base, child);
  } catch (err) {
    await stopChild(child);
    throw err;
  }
  return { base, child, stop: () => stopChild(child) };
}

/** The built worker (worker/dist, outbox relay included) as a child process. */
export function startWorkerProcess({ dbUrl, queuePrefix, env = {} }) {
  const child = spawn(process.execPath, [join(root, 'worker', 'dist', 'worker', 'src', 'main.js')], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'development',
      DATABASE_URL: dbUrl,
      REDIS_URL,
      QUEUE_PREFIX: queuePrefix,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return { child, stop: () => stopChild(child) };
}

/** Resident and peak-resident memory (kB) of a process, from /proc. */
export async function memoryOf(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

export async function stopChild(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

export const queuePrefix = () => `{bench-${randomBytes(3).toString('hex')}}`;

/** Sign up a backbone admin and create a collaboration through the api. */
export async function createCollaboration(base, { fiscalYearStartMonth = 1, name = 'Bench collaboration', vision = 'Fast rollups.' } = {}) {
  const email = `bench-${randomBytes(4).toString('hex')}@example.test`;
  const signUp = await fetch(`${base}/api/auth/sign-up`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, name: 'Bench Admin', password: `Bench-${randomBytes(8).toString('hex')}` }),
  });
  if (signUp.status !== 201) throw new Error(`sign-up answered ${signUp.status}: ${await signUp.text()}`);
  const cookies = signUp.headers.getSetCookie().map((c) => c.split(';')[0]);
  const csrf = decodeURIComponent(cookies.find((c) => c.startsWith('constellation_csrf='))?.split('=')[1] ?? '');
  const created = await fetch(`${base}/api/collaborations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: cookies.join('; '), 'x-csrf-token': csrf },
    body: JSON.stringify({
      name,
      backboneOrganisationName: 'Bench backbone',
      agenda: {
        problemStatement: 'Benchmarks.',
        vision,
        principles: [],
        geography: 'Here',
        form: 'collective_impact',
        fiscalYearStartMonth,
        timeZone: 'Europe/London',
        requiresApproval: false,
      },
      goals: [{ title: 'Speed', description: '', targetDate: '2030-12-31', strategies: [] }],
    }),
  });
  if (created.status !== 201) throw new Error(`creating the collaboration answered ${created.status}: ${await created.text()}`);
  const collab = await created.json();
  return { cid: collab.id, goalId: collab.goals[0].id, admin: { cookie: cookies.join('; '), csrf } };
}

/** A user with a membership of this role (partner roles: in that partner) and a live session, written directly. */
export async function memberSession(db, { cid, partnerId, role, name = 'Bench member' }) {
  const tag = randomBytes(5).toString('hex');
  const { rows: [user] } = await db.query(`INSERT INTO users (email, name, password_hash) VALUES ($1, $2, 'x') RETURNING id`, [`m-${tag}@example.test`, name]);
  await db.query(`INSERT INTO memberships (collaboration_id, user_id, partner_id, role) VALUES ($1, $2, $3, $4)`, [cid, user.id, partnerId, role]);
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(32).toString('base64url');
  await db.query(
    `INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at, ip, user_agent) VALUES ($1, $2, $3, now() + interval '1 day', '127.0.0.1', 'bench')`,
    [createHash('sha256').update(token).digest('hex'), user.id, csrf],
  );
  return { userId: user.id, cookie: `constellation_session=${token}; constellation_csrf=${csrf}`, csrf };
}

/** Active partner organisations of the collaboration, created directly (as csv-import does). */
export async function createPartners(db, cid, count) {
  const { rows: [{ v }] } = await db.query(`SELECT current_agenda_version AS v FROM collaborations WHERE id = $1`, [cid]);
  const { rows } = await db.query(
    `WITH o AS (
       INSERT INTO organisations (name) SELECT 'Bench partner ' || lpad(g::text, 4, '0') FROM generate_series(1, $2::int) g RETURNING id
     )
     INSERT INTO partners (collaboration_id, organisation_id, kind, status, endorsed_agenda_version, endorsed_at, joined_at)
     SELECT $1, o.id, 'partner', 'active', $3, now(), now() FROM o
     RETURNING id`,
    [cid, count, v],
  );
  return rows.map((r) => r.id);
}

/** Nearest-rank percentile of a sorted array. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export async function writeResult(workload, result) {
  await mkdir(join(here, 'results'), { recursive: true });
  const out = join(here, 'results', `${workload}-${result.at.replace(/[:.]/g, '-')}.json`);
  await writeFile(out, JSON.stringify(result, null, 2) + '\n');
  log(`results: ${out}`);
  return out;
}

export const met = (ok) => (ok ? 'met' : 'NOT met');

export function connect(url, opts = {}) {
  const pool = new pg.Pool({ connectionString: url, max: 4, ...opts });
  pool.on('error', () => undefined);
  return pool;
}
