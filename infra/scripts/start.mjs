#!/usr/bin/env node
/**
 * `npm start`: a newcomer's one command. Builds what is missing or out of date, then runs the api
 * (which checks PostgreSQL and Redis, creates and migrates the database, seeds the demo, listens on
 * :3000 and serves the web app) and, once the api answers, the worker. Their logs are shown with a
 * prefix, in a readable form. Ctrl-C (or SIGTERM) stops both gracefully.
 *
 * `npm start -- --no-web` skips building the web app (the api then serves only /api).
 *
 * Environment: everything the api and the worker read (DATABASE_URL, REDIS_URL, PORT, SMTP_URL…) is
 * passed through. CONSTELLATION_RAW_LOGS=1 prints the JSON log lines as they are.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PORT = Number(process.env.PORT ?? 3000);
const RAW = process.env.CONSTELLATION_RAW_LOGS === '1';
const COLOR = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, s) => (COLOR ? `\x1b[${code}m${s}\x1b[0m` : s);
const say = (msg) => console.log(`${paint('1', 'start')}  │ ${msg}`);

// ---------------------------------------------------------------------------------------------
// 1. Dependencies and build
// ---------------------------------------------------------------------------------------------

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 11)) {
  console.error(
    `Constellation needs Node.js 20.11 or newer (this is ${process.versions.node}); install a newer Node.js.`,
  );
  process.exit(1);
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
  return r.status === 0;
}

if (!existsSync(join(ROOT, 'node_modules', '.package-lock.json'))) {
  say('installing dependencies (npm ci)…');
  if (!run('npm', ['ci'])) {
    console.error('Installing the dependencies failed (see above); fix that, then run npm start again.');
    process.exit(1);
  }
}

const SKIP_DIRS = new Set([
  'node_modules',
  'dist',
  'test',
  'e2e',
  'coverage',
  'test-results',
  'playwright-report',
]);
const isSource = (name) => !/\.(spec|int-spec|test)\.tsx?$/.test(name);

/** Newest modification time (ms) under the paths; 0 when none exist. */
function newest(paths, { all = false } = {}) {
  let max = 0;
  const visit = (p) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const entry of readdirSync(p)) {
        if (!all && SKIP_DIRS.has(entry)) continue;
        visit(join(p, entry));
      }
    } else if (all || isSource(p)) {
      max = Math.max(max, st.mtimeMs);
    }
  };
  for (const p of paths) visit(join(ROOT, p));
  return max;
}

const webSource = existsSync(join(ROOT, 'web', 'src', 'main.tsx'));
const hasWeb = webSource && !process.argv.includes('--no-web');
const tsconfigs = (pkg) => [
  `${pkg}/package.json`,
  `${pkg}/tsconfig.json`,
  `${pkg}/tsconfig.build.json`,
  'tsconfig.base.json',
];
const packages = [
  { name: 'shared', sources: ['shared/src', ...tsconfigs('shared')] },
  { name: 'api', sources: ['api/src', ...tsconfigs('api')], after: ['shared'] },
  // The worker may compile in api/src/database (entities, data source) for rollups.
  { name: 'worker', sources: ['worker/src', 'api/src/database', ...tsconfigs('worker')], after: ['shared'] },
  ...(hasWeb
    ? [
        {
          name: 'web',
          // The web app compiles shared from its TypeScript source (Vite alias).
          sources: [
            'web/src',
            'web/public',
            'web/index.html',
            'web/vite.config.ts',
            'web/tsconfig.node.json',
            'web/postcss.config.cjs',
            'shared/src',
            ...tsconfigs('web'),
          ],
        },
      ]
    : []),
];

const stale = new Set();
for (const pkg of packages) {
  const built = newest([`${pkg.name}/dist`], { all: true });
  if (built === 0 || newest(pkg.sources) > built || pkg.after?.some((dep) => stale.has(dep)))
    stale.add(pkg.name);
}
if (!webSource) say('web/src/main.tsx does not exist yet: skipping the web app (the api runs without it).');
for (const pkg of packages) {
  if (!stale.has(pkg.name)) continue;
  say(`building ${pkg.name}…`);
  if (!run('npm', ['run', 'build', '-w', `@constellation/${pkg.name}`])) {
    const hint = pkg.name === 'web' ? ' (or start without the web app: npm start -- --no-web)' : '';
    console.error(`Building ${pkg.name} failed (see above); fix the error, then run npm start again${hint}.`);
    process.exit(1);
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Readable, prefixed logs
// ---------------------------------------------------------------------------------------------

const LEVELS = {
  10: ['trace', '90'],
  20: ['debug', '90'],
  30: ['info', '32'],
  40: ['warn', '33'],
  50: ['error', '31'],
  60: ['fatal', '31'],
};
const HIDDEN = new Set([
  'level',
  'time',
  'pid',
  'hostname',
  'msg',
  'service',
  'context',
  'req',
  'res',
  'responseTime',
  'err',
  'text',
]);

/** One pino JSON line → "info  message key=value" (plus indented multi-line fields). Other lines as they are. */
function formatLine(line) {
  if (RAW || !line.startsWith('{')) return line;
  let o;
  try {
    o = JSON.parse(line);
  } catch {
    return line;
  }
  if (typeof o !== 'object' || o === null || typeof o.level !== 'number') return line;
  const [name, color] = LEVELS[o.level] ?? ['log', '0'];
  let msg = typeof o.msg === 'string' ? o.msg : '';
  if (o.req && o.res)
    msg = `${o.req.method} ${o.req.url} → ${o.res.statusCode}${o.responseTime != null ? ` (${o.responseTime} ms)` : ''}`;
  if (o.context) msg = `[${o.context}] ${msg}`;
  const fields = Object.entries(o)
    .filter(([k]) => !HIDDEN.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const more = [];
  if (o.err) {
    const err = typeof o.err === 'string' ? o.err : (o.err.stack ?? o.err.message ?? JSON.stringify(o.err));
    if (err.includes('\n')) more.push(...err.split('\n'));
    else fields.push(`err=${err}`);
  }
  if (typeof o.text === 'string') more.push('text:', ...o.text.split('\n').map((l) => `  ${l}`));
  const head = `${paint(color, name.padEnd(5))} ${msg}${fields.length ? ' ' + paint('90', fields.join(' ')) : ''}`;
  return [head, ...more.map((l) => `      ${l}`)].join('\n');
}

function pipe(stream, prefix) {
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  rl.on('line', (line) => {
    for (const l of formatLine(line).split('\n')) process.stdout.write(`${prefix}${l}\n`);
  });
}

// ---------------------------------------------------------------------------------------------
// 3. Processes
// ---------------------------------------------------------------------------------------------

/** @type {Map<string, import('node:child_process').ChildProcess>} */
const children = new Map();
let stopping = false;
let ready = false;
let exitCode = 0;

function start(name, script, color) {
  // Own process group: Ctrl-C reaches only this script, which forwards one signal to each child
  // (a second SIGINT would make the api skip its graceful shutdown).
  const child = spawn(process.execPath, [script], {
    cwd: ROOT,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
  });
  const prefix = `${paint(color, name.padEnd(6))} │ `;
  pipe(child.stdout, prefix);
  pipe(child.stderr, prefix);
  children.set(name, child);
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) {
      // A child stopped by itself: its own message (e.g. "Cannot reach Redis…") is already shown.
      exitCode = code || 1;
      if (ready) say(`the ${name} stopped (${signal ?? `exit code ${code}`}); stopping the rest.`);
      stop('SIGTERM');
    } else if (code !== 0 && signal == null) {
      exitCode = code || 1;
    }
    if (children.size === 0) process.exit(exitCode);
  });
  return child;
}

let killTimer;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  for (const child of children.values()) child.kill(signal);
  killTimer = setTimeout(() => {
    for (const [name, child] of children) {
      say(`the ${name} did not stop within 30 s; killing it.`);
      child.kill('SIGKILL');
    }
  }, 30_000);
  killTimer.unref();
  if (children.size === 0) process.exit(exitCode);
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (stopping) return;
    say(`stopping (${sig})…`);
    stop(sig === 'SIGHUP' ? 'SIGTERM' : sig);
  });
}
// If this script dies some other way, do not leave the children running.
process.on('exit', () => {
  for (const child of children.values()) child.kill('SIGTERM');
});

function portInUse(port) {
  return new Promise((resolvePort) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolvePort(true);
    });
    socket.once('error', () => resolvePort(false));
  });
}

async function apiAnswers() {
  try {
    const res = await fetch(`http://127.0.0.1:${PORT}/api/health`, { signal: AbortSignal.timeout(2000) });
    return res.status === 200;
  } catch {
    return false;
  }
}

if (await portInUse(PORT)) {
  console.error(
    `Port ${PORT} is already in use (is Constellation already running?); stop that process or set PORT.`,
  );
  process.exit(1);
}
say('starting the api…');
start('api', 'api/dist/main.js', '36');
while (!stopping && !(await apiAnswers())) await new Promise((r) => setTimeout(r, 500));
if (!stopping) {
  ready = true;
  start('worker', 'worker/dist/worker/src/main.js', '35');
  say(
    `Constellation is ready at http://localhost:${PORT}${hasWeb ? '' : ' (api only: the web app was not built)'} — press Ctrl-C to stop.`,
  );
}
