// Workload `web-dashboard` (issue 5): what the collaboration overview costs a browser.
//
// 1. JavaScript shipped for the overview route, gzip bytes: the entry chunk plus every chunk the
//    route loads (the collaboration shell and the overview page, with their static imports), read
//    from Vite's manifest (web/dist/.vite/manifest.json) and, more honestly, from the .js files
//    Chromium actually requested while navigating to the overview. Anchor: the same figures for the
//    sign-in route.
// 2. Time from navigation to the first chart drawn (`canvas[data-chart-ready="true"]`, set by the
//    chart wrapper after its first draw) in Chromium, cold cache (a fresh browser context per run),
//    median of BENCH_WEB_RUNS runs, for the demo collaboration and for one with 60 indicators (with
//    values, so rollups and progress exist). Anchors from the same run: navigation → the sign-in
//    form shown, and navigation → the first chart on a public shared dashboard (/share/<token>) of
//    three demo indicators.
//
// The built api (SEED_DEMO=true) and the built worker run on a fresh database, as the e2e setup does.
// Environment: BENCH_SKIP_BUILD=1 (reuse api/dist, worker/dist, web/dist), BENCH_WEB_RUNS (5),
// BENCH_CHART_TIMEOUT_MS (30000), BENCH_ADMIN_URL (postgres://postgres@127.0.0.1:5432/postgres),
// REDIS_URL, CHROMIUM_PATH (/usr/bin/chromium), BENCH_KEEP_DB=1.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import pg from 'pg';

const here = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = join(here, '..', '..');
const webDist = join(root, 'web', 'dist');
const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const RUNS = Math.max(1, Number(process.env.BENCH_WEB_RUNS ?? 5));
const CHART_TIMEOUT_MS = Number(process.env.BENCH_CHART_TIMEOUT_MS ?? 30_000);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DEMO_NAME = 'Riverside Cradle to Career Partnership';
const DEMO_ADMIN = { email: 'admin@riverside.example', password: 'constellation-demo' };
const WIDE_INDICATORS = 60;

const log = (...a) => console.log('[bench]', ...a);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;
const ms = (v) => (v === null ? 'n/a' : `${Math.round(v)} ms`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...opts });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
  return r.stdout;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

const gzipBytes = (file) => gzipSync(readFileSync(join(webDist, file))).length;

/** The JS files a route loads according to Vite's manifest: the entry's and each route module's static import closure. */
function manifestChunks(manifest, routeModules) {
  const entry = Object.entries(manifest).find(([, c]) => c.isEntry);
  if (!entry) throw new Error('web/dist/.vite/manifest.json has no entry chunk');
  const files = new Set();
  const visit = (key) => {
    const c = manifest[key];
    if (!c) throw new Error(`web/dist/.vite/manifest.json has no chunk ${key}`);
    if (files.has(c.file)) return;
    if (c.file.endsWith('.js')) files.add(c.file);
    for (const k of c.imports ?? []) visit(k);
  };
  visit(entry[0]);
  for (const m of routeModules) {
    if (!manifest[m])
      throw new Error(`the route module ${m} is not in Vite's manifest (was it renamed? update the bench)`);
    visit(m);
  }
  return [...files].map((file) => ({ file, gzip: gzipBytes(file) }));
}

const total = (chunks) => chunks.reduce((s, c) => s + c.gzip, 0);

function printChunks(label, chunks) {
  log(`  ${label}: ${kb(total(chunks))} gzip in ${chunks.length} JS files`);
  for (const c of [...chunks].sort((a, b) => b.gzip - a.gzip))
    log(`      ${kb(c.gzip).padStart(9)}  ${c.file}`);
}

async function waitFor(what, fn, timeoutMs, intervalMs = 1000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Records, relative to navigation start, when each watched selector first matches (no polling delay). */
const MARKS_SCRIPT = `(() => {
  const watch = { chart: 'canvas[data-chart-ready="true"]', signIn: 'form input[type="password"]' };
  window.__benchMarks = {};
  const check = () => {
    for (const [k, sel] of Object.entries(watch))
      if (!(k in window.__benchMarks) && document.querySelector(sel)) window.__benchMarks[k] = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-chart-ready', 'type'] });
})();`;

/** One cold-cache navigation: a fresh context (signed in through the api when asked), the time to `mark`, and the JS it fetched. */
async function measure(browser, base, path, mark, { signIn = true } = {}) {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 860 } });
  try {
    if (signIn) {
      const res = await context.request.post('/api/auth/sign-in', { data: DEMO_ADMIN });
      if (res.status() !== 200) throw new Error(`sign-in answered ${res.status()}: ${await res.text()}`);
    }
    await context.addInitScript(MARKS_SCRIPT);
    const page = await context.newPage();
    const js = new Set();
    page.on('response', (r) => {
      const u = new URL(r.url());
      if (u.origin === base && u.pathname.endsWith('.js')) js.add(u.pathname.replace(/^\//, ''));
    });
    await page.goto(path, { waitUntil: 'commit' });
    try {
      await page.waitForFunction((k) => k in (globalThis.__benchMarks ?? {}), mark, {
        timeout: CHART_TIMEOUT_MS,
        polling: 100,
      });
    } catch {
      return { ms: null, js: [...js] };
    }
    return { ms: await page.evaluate((k) => globalThis.__benchMarks[k], mark), js: [...js] };
  } finally {
    await context.close();
  }
}

async function medianOf(browser, base, path, mark, opts) {
  const times = [];
  let js = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await measure(browser, base, path, mark, opts);
    if (r.ms === null) return { median: null, times, js: r.js };
    times.push(r.ms);
    js = r.js;
  }
  return { median: median(times), times, js };
}

/** A collaboration with 60 monthly indicators, each with 36 months of approved values from one partner, targets, and a rebuild request. */
async function createWideCollaboration(base, db) {
  const cookieJar = [];
  const call = async (method, path, body) => {
    const csrf = cookieJar.find((c) => c.startsWith('constellation_csrf='))?.split('=')[1];
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        cookie: cookieJar.join('; '),
        ...(csrf ? { 'x-csrf-token': decodeURIComponent(csrf) } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(';')[0];
      const name = pair.split('=')[0];
      const at = cookieJar.findIndex((x) => x.startsWith(`${name}=`));
      if (at >= 0) cookieJar.splice(at, 1);
      cookieJar.push(pair);
    }
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
    return res.status === 204 ? null : res.json();
  };
  await call('POST', '/api/auth/sign-in', DEMO_ADMIN);
  const c = await call('POST', '/api/collaborations', {
    name: `Sixty indicators ${randomBytes(3).toString('hex')}`,
    backboneOrganisationName: 'Bench Backbone',
    agenda: {
      problemStatement: 'A collaboration measured by sixty shared indicators.',
      vision: 'Every indicator moving the right way.',
      principles: ['Share the data'],
      geography: 'Benchton',
      form: 'collective_impact',
      fiscalYearStartMonth: 1,
      timeZone: 'Europe/London',
      requiresApproval: false,
    },
    goals: [{ title: 'Sixty results', description: '', targetDate: '2030-12-31', strategies: [] }],
  });
  const cid = c.id;
  const goalId = c.goals[0].id;
  const now = new Date();
  const months = [];
  for (let i = 36; i >= 1; i--) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    months.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  const firstYear = Number(months[0].slice(0, 4));
  await db.query('BEGIN');
  try {
    const [{ id: orgId }] = (
      await db.query(`INSERT INTO organisations (name) VALUES ('Bench Partner') RETURNING id`)
    ).rows;
    const [{ id: partnerId }] = (
      await db.query(
        `INSERT INTO partners (collaboration_id, organisation_id, kind, status, endorsed_agenda_version, endorsed_at, joined_at)
         VALUES ($1, $2, 'partner', 'active', 1, now(), now()) RETURNING id`,
        [cid, orgId],
      )
    ).rows;
    for (let n = 1; n <= WIDE_INDICATORS; n++) {
      const code = `B-${String(n).padStart(2, '0')}`;
      const [{ id }] = (
        await db.query(
          `INSERT INTO indicators (collaboration_id, code, name, definition, unit, value_type, direction, periodicity,
                                   aggregation_across, aggregation_over_time, goal_id, baseline_value, baseline_period, measure_type)
           VALUES ($1, $2, $3, 'People reached in the month.', 'people', 'count', 'increase', 'month', 'sum', 'sum', $4, 100, $5, 'performance')
           RETURNING id`,
          [cid, code, `Bench indicator ${n}`, goalId, String(firstYear - 1)],
        )
      ).rows;
      await db.query(
        `INSERT INTO indicator_targets (collaboration_id, indicator_id, period, value, kind)
         VALUES ($1, $2, $3, 150, 'milestone'), ($1, $2, '2030', 300, 'long_term')`,
        [cid, id, String(firstYear + 2)],
      );
      await db.query(
        `INSERT INTO indicator_values (collaboration_id, indicator_id, partner_id, period, value, status, via)
         SELECT $1, $2, $3, m.period, 100 + m.n * 2 + ($4::int % 7), 'approved', 'seed'
           FROM unnest($5::text[]) WITH ORDINALITY AS m(period, n)`,
        [cid, id, partnerId, n, months],
      );
    }
    await db.query(
      `INSERT INTO outbox (collaboration_id, kind, indicator_id, payload)
       SELECT collaboration_id, 'rebuild_requested', id, '{"reason":"bench"}'::jsonb FROM indicators WHERE collaboration_id = $1`,
      [cid],
    );
    await db.query('COMMIT');
  } catch (err) {
    await db.query('ROLLBACK');
    throw err;
  }
  return cid;
}

async function progressIndicators(db, cid) {
  const { rows } = await db.query(
    `SELECT count(DISTINCT indicator_id)::int AS n FROM progress WHERE collaboration_id = $1 AND actual IS NOT NULL`,
    [cid],
  );
  return rows[0].n;
}

export async function main() {
  if (!process.env.BENCH_SKIP_BUILD) {
    log('building shared, api, worker and web…');
    run('npm', ['run', 'build'], { cwd: root });
  }
  const manifestPath = join(webDist, '.vite', 'manifest.json');
  for (const f of [
    join(root, 'api', 'dist', 'main.js'),
    join(root, 'worker', 'dist', 'worker', 'src', 'main.js'),
    manifestPath,
  ]) {
    if (!existsSync(f))
      throw new Error(`${f} is missing: build first (npm run build), or run without BENCH_SKIP_BUILD`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (set CHROMIUM_PATH)`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));

  const overviewStatic = manifestChunks(manifest, [
    'src/features/collaborations/components/collaboration-shell.tsx',
    'src/features/collaborations/components/overview-page.tsx',
  ]);
  const signInStatic = manifestChunks(manifest, ['src/features/auth/components/sign-in-page.tsx']);
  log('JavaScript shipped (gzip, zlib level 6), from Vite’s manifest:');
  printChunks('overview route', overviewStatic);
  printChunks('anchor: sign-in route', signInStatic);

  const dbName = `constellation_bench_${randomBytes(4).toString('hex')}`;
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${dbName}`;
  const queuePrefix = `{bench-${randomBytes(3).toString('hex')}}`;
  run('psql', [ADMIN_URL, '-v', 'ON_ERROR_STOP=1', '-c', `CREATE DATABASE ${dbName}`]);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const children = [];
  let output = '';
  const db = new pg.Client({ connectionString: dbUrl.toString() });
  let browser = null;
  try {
    const env = {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      // api and worker: the same key for unsubscribe links (required in production).
      UNSUBSCRIBE_SECRET: 'bench-unsubscribe-secret-0123456789abcdef',
      DATABASE_URL: dbUrl.toString(),
      REDIS_URL,
      QUEUE_PREFIX: queuePrefix,
      LOG_LEVEL: 'warn',
    };
    const api = spawn(process.execPath, [join(root, 'api', 'dist', 'main.js')], {
      cwd: root,
      env: {
        ...env,
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_URL: base,
        SEED_DEMO: 'true',
        WEB_DIST: webDist,
        SIGNIN_MAX_PER_IP: '100000',
        SIGNIN_MAX_PER_ACCOUNT: '100000',
        PUBLIC_DASHBOARD_MAX_PER_IP: '100000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(api);
    api.stdout.on('data', (d) => (output += d));
    api.stderr.on('data', (d) => (output += d));
    log('starting the built api with the demo seed on a fresh database…');
    await waitFor(
      'the api to be healthy',
      async () => {
        if (api.exitCode !== null) throw new Error(`the api exited with ${api.exitCode}:\n${output}`);
        return fetch(`${base}/api/health`)
          .then((r) => r.ok)
          .catch(() => false);
      },
      180_000,
      250,
    );
    const worker = spawn(process.execPath, [join(root, 'worker', 'dist', 'worker', 'src', 'main.js')], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(worker);
    worker.stdout.on('data', (d) => (output += d));
    worker.stderr.on('data', (d) => (output += d));
    await db.connect();

    const demoId = (await db.query(`SELECT id FROM collaborations WHERE name = $1`, [DEMO_NAME])).rows[0]?.id;
    if (!demoId) throw new Error('the demo collaboration was not seeded');
    log('waiting for the worker to build the demo’s rollups and progress…');
    let last = -1;
    let stable = 0;
    await waitFor(
      'the demo’s progress',
      async () => {
        const pending = (await db.query(`SELECT count(*)::int AS n FROM outbox WHERE processed_at IS NULL`))
          .rows[0].n;
        const n = await progressIndicators(db, demoId);
        stable = pending === 0 && n > 0 && n === last ? stable + 1 : 0;
        last = n;
        return stable >= 3;
      },
      300_000,
    );
    log(`demo: ${last} indicators with progress`);

    log(`creating a collaboration with ${WIDE_INDICATORS} indicators × 36 months of values…`);
    const wideId = await createWideCollaboration(base, db);
    await waitFor(
      `progress for all ${WIDE_INDICATORS} indicators`,
      async () => (await progressIndicators(db, wideId)) === WIDE_INDICATORS,
      300_000,
    );

    // A public dashboard of three demo indicators (an anchor drawn by a page this workload controls).
    const demoIndicators = (
      await db.query(
        `SELECT DISTINCT p.indicator_id AS id FROM progress p WHERE p.collaboration_id = $1 AND p.actual IS NOT NULL ORDER BY 1 LIMIT 3`,
        [demoId],
      )
    ).rows.map((r) => r.id);
    const token = randomBytes(32).toString('base64url');
    const [{ id: dashId }] = (
      await db.query(
        `INSERT INTO shared_dashboards (collaboration_id, token, title) VALUES ($1, $2, 'Bench') RETURNING id`,
        [demoId, token],
      )
    ).rows;
    await db.query(
      `INSERT INTO shared_dashboard_indicators (collaboration_id, dashboard_id, indicator_id, position)
       SELECT $1, $2, t.id, t.n::int FROM unnest($3::uuid[]) WITH ORDINALITY AS t(id, n)`,
      [demoId, dashId, demoIndicators],
    );

    const { chromium } = await import('playwright');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
    log(`Chromium, cold cache (a fresh context per run), median of ${RUNS} runs:`);
    const signIn = await medianOf(browser, base, '/sign-in', 'signIn', { signIn: false });
    const shared = await medianOf(browser, base, `/share/${token}`, 'chart', { signIn: false });
    const demo = await medianOf(browser, base, `/collaborations/${demoId}`, 'chart');
    const wide = await medianOf(browser, base, `/collaborations/${wideId}`, 'chart');
    const runs = (r) => (r.times.length ? ` (runs: ${r.times.map((t) => Math.round(t)).join(', ')} ms)` : '');
    log(`  anchor: navigation → sign-in form shown:                 ${ms(signIn.median)}${runs(signIn)}`);
    log(`  anchor: navigation → first chart, public dashboard:      ${ms(shared.median)}${runs(shared)}`);
    log(`  navigation → first chart, overview, demo collaboration:  ${ms(demo.median)}${runs(demo)}`);
    log(
      `  navigation → first chart, overview, ${WIDE_INDICATORS} indicators:      ${ms(wide.median)}${runs(wide)}`,
    );

    const requested = (r) =>
      r.js.map((file) => ({ file, gzip: existsSync(join(webDist, file)) ? gzipBytes(file) : 0 }));
    log('JavaScript the browser requested on navigation (gzip, zlib level 6):');
    printChunks('overview route (demo collaboration)', requested(demo));
    printChunks('anchor: sign-in route', requested(signIn));

    const result = {
      workload: 'web-dashboard',
      at: new Date().toISOString(),
      runs: RUNS,
      jsGzipBytes: {
        overviewManifest: total(overviewStatic),
        signInManifest: total(signInStatic),
        overviewRequested: total(requested(demo)),
        signInRequested: total(requested(signIn)),
        overviewChunks: requested(demo),
      },
      msToFirstChart: {
        demoOverview: demo.median,
        wideOverview: wide.median,
        publicDashboard: shared.median,
        demoRuns: demo.times,
        wideRuns: wide.times,
      },
      msToSignInForm: signIn.median,
    };
    await mkdir(join(here, 'results'), { recursive: true });
    const out = join(here, 'results', `web-dashboard-${result.at.replace(/[:.]/g, '-')}.json`);
    await writeFile(out, JSON.stringify(result, null, 2) + '\n');
    log(`results: ${out}`);

    const missing = [
      demo.median === null && 'the demo collaboration’s overview',
      wide.median === null && `the ${WIDE_INDICATORS}-indicator collaboration’s overview`,
      shared.median === null && 'the public dashboard',
    ].filter(Boolean);
    if (missing.length)
      throw new Error(
        `no chart (canvas[data-chart-ready="true"]) was drawn within ${CHART_TIMEOUT_MS / 1000} s on ${missing.join(' and ')}; ` +
          'the overview must draw its indicator charts through web/src/components/charts/chart.tsx for this figure to exist',
      );
  } finally {
    await browser?.close().catch(() => undefined);
    await db.end().catch(() => undefined);
    for (const child of children.reverse()) {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    }
    if (!process.env.BENCH_KEEP_DB)
      spawnSync('psql', [ADMIN_URL, '-c', `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`], {
        stdio: 'ignore',
      });
    const scan = spawnSync('redis-cli', ['-u', REDIS_URL, '--scan', '--pattern', `${queuePrefix}*`], {
      encoding: 'utf8',
    });
    const keys = scan.status === 0 ? scan.stdout.split('\n').filter(Boolean) : [];
    for (let i = 0; i < keys.length; i += 200)
      spawnSync('redis-cli', ['-u', REDIS_URL, 'DEL', ...keys.slice(i, i + 200)]);
  }
}
