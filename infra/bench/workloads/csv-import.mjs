// Workload `csv-import` (issue 3): CSV import of BENCH_ROWS values (default 1,000,000) through the api — upload (COPY into
// the import's staging table) + preview (every row validated in SQL) + commit (one transaction: upsert, revisions, outbox,
// audit) — measured as rows/s and the api process's peak resident memory (VmHWM), beside psql `\copy` of the same file
// into an equivalent staging table. Files above IMPORT_ASYNC_ROWS rows are validated and committed by the worker (started
// here too; its peak memory is printed as well) while the client polls the import, as the web wizard does.
// Targets (issue 3): ≥ 40% of COPY's rows/s, < 256 MB resident. For reference it also prints what writing the imported
// rows alone costs (writeFloors): the write floor, one INSERT … SELECT into a fresh copy of indicator_values (indexes,
// checks, foreign keys); the same without foreign keys; and psql \copy of those rows into a bare copy (no index, no key).
//
// Environment: BENCH_ROWS, BENCH_SEED (42), BENCH_ADMIN_URL (postgres://postgres@127.0.0.1:5432/postgres),
// REDIS_URL, BENCH_SKIP_BUILD=1 (use the existing api/dist), BENCH_KEEP_DB=1, BENCH_API_NODE_ARGS (e.g. --cpu-prof).
import { openAsBlob } from 'node:fs';
import { request } from 'node:http';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGE_BANDS, FIRST_YEAR, generate, indicatorCode, indicatorsFor, SEXES } from '../generate.mjs';
import {
  build,
  connect,
  createCollaboration,
  createDatabase,
  createPartners,
  log,
  memberSession,
  memoryOf,
  met,
  now,
  queuePrefix,
  run,
  seconds,
  sleep,
  startApi,
  startWorkerProcess,
  writeResult,
} from '../lib.mjs';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const SEED = Number(process.env.BENCH_SEED ?? 42);
const TARGET_RATIO = 0.4;
const TARGET_RSS_MB = 256;

const mb = (kb) => Math.round((kb / 1024) * 10) / 10;

/** A collaboration, a partner organisation with a contributor, indicators with an age band × sex breakdown, commitments. */
async function setUp(base, db, indicators) {
  const { cid, goalId } = await createCollaboration(base, { vision: 'Fast imports.' });
  const q = (sql, params) => db.query(sql, params).then((r) => r.rows);
  const [partnerId] = await createPartners(db, cid, 1);
  const session = await memberSession(db, { cid, partnerId, role: 'partner_contributor', name: 'Bench Partner' });

  const dims = [];
  for (const [key, name, cats] of [['age', 'Age band', AGE_BANDS], ['sex', 'Sex', SEXES]]) {
    const [d] = await q(`INSERT INTO dimensions (collaboration_id, key, name) VALUES ($1, $2, $3) RETURNING id`, [cid, key, name]);
    let position = 0;
    for (const c of cats) {
      await q(`INSERT INTO dimension_categories (collaboration_id, dimension_id, key, name, position) VALUES ($1, $2, $3, $3, $4)`, [cid, d.id, c, position++]);
    }
    dims.push(d.id);
  }
  for (let i = 0; i < indicators; i++) {
    const [ind] = await q(
      `INSERT INTO indicators (collaboration_id, code, name, definition, unit, value_type, direction, periodicity, aggregation_across,
                               aggregation_over_time, goal_id, baseline_value, baseline_period, measure_type, status)
       VALUES ($1, $2, $3, 'Benchmark', 'people', 'count', 'increase', 'month', 'sum', 'sum', $4, 0, $5, 'performance', 'active') RETURNING id`,
      [cid, indicatorCode(i), `Bench indicator ${i + 1}`, goalId, `${FIRST_YEAR - 1}`],
    );
    for (const [position, dimId] of dims.entries()) {
      await q(`INSERT INTO indicator_dimensions (collaboration_id, indicator_id, dimension_id, position) VALUES ($1, $2, $3, $4)`, [cid, ind.id, dimId, position]);
    }
    await q(`INSERT INTO commitments (collaboration_id, partner_id, indicator_id, start_period) VALUES ($1, $2, $3, $4)`, [cid, partnerId, ind.id, `${FIRST_YEAR}-01`]);
  }
  return { cid, partnerId, cookie: session.cookie, csrf: session.csrf };
}

/** The anchor: psql \copy of the same file into an equivalent staging table. */
function copyAnchor(dbUrl, file) {
  run('psql', [dbUrl, '-v', 'ON_ERROR_STOP=1', '-c', 'CREATE TABLE bench_staging (indicator text NOT NULL, period text NOT NULL, age_band text, sex text, value numeric)']);
  const t0 = now();
  run('psql', [dbUrl, '-v', 'ON_ERROR_STOP=1', '-c', `\\copy bench_staging FROM '${file}' WITH (FORMAT csv, HEADER true)`]);
  const elapsed = seconds(now() - t0);
  const count = Number(run('psql', [dbUrl, '-tAc', 'SELECT count(*) FROM bench_staging']).trim());
  return { seconds: elapsed, rows: count };
}

/**
 * References for the write alone, without validation, revisions or outbox: the rows the import wrote,
 * loaded again into a fresh table shaped like indicator_values, three ways:
 * - `heap`: psql \copy of those rows (dumped to a file first) into a copy with the columns, defaults
 *   and checks only — no index, no foreign key: the most any import that lands in a table of these
 *   rows could reach, since nothing loads rows faster than COPY into a bare table;
 * - `indexed`: one INSERT … SELECT into a copy with its indexes (primary key, one value per cell, …);
 * - `floor`: the same into a copy with its indexes and foreign keys: the table as the import finds it.
 */
/** A reference's figures beside the anchor's rows/s. */
function reference({ rows, seconds: s }, copyRate, name) {
  return { name, rowsPerSecond: Math.round(rows / s), seconds: Math.round(s * 100) / 100, ratioToCopy: Math.round((rows / s / copyRate) * 1000) / 1000 };
}

async function writeFloors(db, dbUrl, cid, dir) {
  const fks = (await db.query(`SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'indicator_values'::regclass AND contype = 'f'`)).rows;
  const indexes = (await db.query(`SELECT count(*)::int AS n FROM pg_index WHERE indrelid = 'indicator_values'::regclass`)).rows[0].n;
  const dump = join(dir, 'written-values.copy');
  run('psql', [dbUrl, '-v', 'ON_ERROR_STOP=1', '-c', `\\copy (SELECT * FROM indicator_values WHERE collaboration_id = '${cid}') TO '${dump}'`]);
  await db.query(`CREATE TABLE bench_floor (LIKE indicator_values INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
  let t0 = now();
  run('psql', [dbUrl, '-v', 'ON_ERROR_STOP=1', '-c', `\\copy bench_floor FROM '${dump}'`]);
  const heap = { seconds: seconds(now() - t0), rows: Number((await db.query(`SELECT count(*)::int AS n FROM bench_floor`)).rows[0].n) };
  await db.query(`DROP TABLE bench_floor`);
  await rm(dump, { force: true });
  const once = async (withFks) => {
    await db.query(`CREATE TABLE bench_floor (LIKE indicator_values INCLUDING ALL)`);
    if (withFks) for (const { def } of fks) await db.query(`ALTER TABLE bench_floor ADD ${def}`);
    t0 = now();
    const r = await db.query(`INSERT INTO bench_floor SELECT * FROM indicator_values WHERE collaboration_id = $1`, [cid]);
    const elapsed = seconds(now() - t0);
    await db.query(`DROP TABLE bench_floor`);
    return { seconds: elapsed, rows: r.rowCount };
  };
  const indexed = await once(false);
  const floor = await once(true);
  return { heap, indexed, floor, foreignKeys: fks.length, indexes };
}

/** A POST without a body and without a client-side timeout. */
function post(url, headers) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { ...headers, 'content-length': '0' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Poll the import (as the wizard does) until its status is no longer `status`. */
async function waitWhile(base, s, importId, status) {
  for (;;) {
    const res = await fetch(`${base}/api/collaborations/${s.cid}/imports/${importId}`, { headers: { cookie: s.cookie } });
    const body = await res.json();
    if (res.status !== 200) throw new Error(`polling the import answered ${res.status}: ${JSON.stringify(body).slice(0, 500)}`);
    if (body.status !== status) return body;
    await sleep(200);
  }
}

async function importThroughApi(base, pid, workerPid, s, file) {
  let peakRss = 0;
  let workerPeak = 0;
  const sampler = setInterval(() => {
    memoryOf(pid).then((m) => (peakRss = Math.max(peakRss, m.rss)), () => undefined);
    if (workerPid) memoryOf(workerPid).then((m) => (workerPeak = Math.max(workerPeak, m.rss)), () => undefined);
  }, 100);
  try {
    const form = new FormData();
    form.append('partnerId', s.partnerId);
    form.append('file', await openAsBlob(file), 'bench.csv');
    const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf };
    const t0 = now();
    const previewRes = await fetch(`${base}/api/collaborations/${s.cid}/imports`, { method: 'POST', headers, body: form });
    let preview = await previewRes.json();
    const tUploaded = now();
    if (previewRes.status === 201 && preview.status === 'validating') preview = await waitWhile(base, s, preview.importId, 'validating');
    const t1 = now();
    if (previewRes.status !== 201 || preview.status !== 'ready') {
      throw new Error(`preview answered ${previewRes.status}: ${JSON.stringify({ ...preview, sample: undefined, errors: preview.errors?.slice(0, 5) })}`);
    }
    // node:http rather than fetch: a million-row commit may take longer than fetch's 300 s header timeout.
    const commitRes = await post(`${base}/api/collaborations/${s.cid}/imports/${preview.importId}/commit`, headers);
    let committed = JSON.parse(commitRes.body);
    if (commitRes.status === 202) {
      const done = await waitWhile(base, s, preview.importId, 'committing');
      if (done.status !== 'committed') throw new Error(`the commit job ended ${done.status}: ${done.failure}`);
      committed = { ...done.result, status: done.status };
    } else if (commitRes.status !== 200) throw new Error(`commit answered ${commitRes.status}: ${JSON.stringify(committed).slice(0, 2000)}`);
    const t2 = now();
    const mem = await memoryOf(pid);
    const workerMem = workerPid ? await memoryOf(workerPid).catch(() => ({ hwm: 0 })) : { hwm: 0 };
    return {
      uploadSeconds: seconds(tUploaded - t0),
      previewSeconds: seconds(t1 - t0),
      commitSeconds: seconds(t2 - t1),
      seconds: seconds(t2 - t0),
      created: committed.created,
      counts: preview.counts,
      peakRssKb: Math.max(peakRss, mem.hwm),
      workerPeakRssKb: Math.max(workerPeak, workerMem.hwm),
    };
  } finally {
    clearInterval(sampler);
  }
}

export async function main() {
  build(['api', 'worker']);
  const database = createDatabase();
  const work = await mkdtemp(join(tmpdir(), 'constellation-bench-'));
  let api = null;
  let worker = null;
  const db = connect(database.url);
  try {
    log(`generating ${ROWS.toLocaleString('en')} values (seed ${SEED})…`);
    const gen = await generate({ rows: ROWS, partners: 1, seed: SEED, out: work });
    const file = gen.paths[0];
    const bytes = (await stat(file)).size;
    log(`${file}: ${(bytes / 1024 / 1024).toFixed(1)} MB, ${gen.indicators} indicators × months × 11 cells`);

    const prefix = queuePrefix();
    api = await startApi({ dbUrl: database.url, queuePrefix: prefix });
    worker = startWorkerProcess({ dbUrl: database.url, queuePrefix: prefix, env: { WORKER_CONCURRENCY: '1' } });
    const setup = await setUp(api.base, db, indicatorsFor(ROWS));
    const idle = await memoryOf(api.child.pid);

    log('anchor: psql \\copy of the same file…');
    const copy = copyAnchor(database.url, file);
    log(`  ${copy.rows.toLocaleString('en')} rows in ${copy.seconds.toFixed(2)} s`);

    log('import through the api (upload + preview + commit)…');
    const imp = await importThroughApi(api.base, api.child.pid, worker.child.pid, setup, file);
    const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM indicator_values WHERE collaboration_id = $1`, [setup.cid])).rows;
    if (n !== ROWS) throw new Error(`expected ${ROWS} values after the import, found ${n}`);
    log('references: the written rows loaded again into copies of indicator_values (\\copy into a bare copy; INSERT … SELECT with indexes; with indexes and foreign keys)…');
    const floors = await writeFloors(db, database.url, setup.cid, work);
    const { floor } = floors;
    for (const k of ['heap', 'indexed', 'floor']) log(`  ${k}: ${floors[k].rows.toLocaleString('en')} rows in ${floors[k].seconds.toFixed(2)} s`);

    const copyRate = copy.rows / copy.seconds;
    const importRate = ROWS / imp.seconds;
    const ratio = importRate / copyRate;
    const peakMb = mb(imp.peakRssKb);
    const result = {
      workload: 'csv-import',
      at: new Date().toISOString(),
      rows: ROWS,
      fileMb: Math.round((bytes / 1024 / 1024) * 10) / 10,
      seed: SEED,
      node: process.version,
      apiNodeArgs: process.env.BENCH_API_NODE_ARGS ?? '',
      import: {
        rowsPerSecond: Math.round(importRate),
        seconds: Math.round(imp.seconds * 100) / 100,
        uploadSeconds: Math.round(imp.uploadSeconds * 100) / 100,
        previewSeconds: Math.round(imp.previewSeconds * 100) / 100,
        commitSeconds: Math.round(imp.commitSeconds * 100) / 100,
        peakRssMb: peakMb,
        idleRssMb: mb(idle.rss),
        workerPeakRssMb: mb(imp.workerPeakRssKb),
      },
      anchor: { name: 'psql \\copy into a staging table', rowsPerSecond: Math.round(copyRate), seconds: Math.round(copy.seconds * 100) / 100 },
      writeFloor: reference(floor, copyRate, `INSERT … SELECT of the same rows into a copy of indicator_values (${floors.indexes} indexes, ${floors.foreignKeys} foreign keys; no validation, revisions or outbox)`),
      writeIndexed: reference(floors.indexed, copyRate, `the same into a copy with its ${floors.indexes} indexes and no foreign key`),
      writeHeap: reference(floors.heap, copyRate, 'psql \\copy of the written rows into a copy with no index and no foreign key (columns, defaults and checks only)'),
      ratio: Math.round(ratio * 1000) / 1000,
      targets: { ratio: TARGET_RATIO, peakRssMb: TARGET_RSS_MB },
      met: { ratio: ratio >= TARGET_RATIO, peakRss: peakMb < TARGET_RSS_MB },
    };
    console.log('');
    console.log(`CSV import of ${ROWS.toLocaleString('en')} values through the api, validated${result.apiNodeArgs ? ` (api run with ${result.apiNodeArgs})` : ''}`);
    console.log(`  rows/s      ${result.import.rowsPerSecond.toLocaleString('en').padStart(10)}   anchor (psql \\copy) ${result.anchor.rowsPerSecond.toLocaleString('en').padStart(10)}   ratio ${result.ratio} (target ≥ ${TARGET_RATIO}) ${met(result.met.ratio)}`);
    console.log(`  time        ${result.import.seconds.toFixed(2).padStart(10)} s (upload ${result.import.uploadSeconds} s, preview ${result.import.previewSeconds} s in all, commit ${result.import.commitSeconds} s)   anchor ${result.anchor.seconds.toFixed(2)} s`);
    console.log(`  write floor ${result.writeFloor.rowsPerSecond.toLocaleString('en').padStart(10)} rows/s (${result.writeFloor.seconds} s; ratio to \\copy ${result.writeFloor.ratioToCopy}): one INSERT … SELECT of the same rows into a copy of indicator_values with its ${floors.indexes} indexes and ${floors.foreignKeys} foreign keys, nothing else`);
    console.log(`    no FKs    ${result.writeIndexed.rowsPerSecond.toLocaleString('en').padStart(10)} rows/s (${result.writeIndexed.seconds} s; ratio to \\copy ${result.writeIndexed.ratioToCopy}): the same with its indexes only`);
    console.log(`    heap only ${result.writeHeap.rowsPerSecond.toLocaleString('en').padStart(10)} rows/s (${result.writeHeap.seconds} s; ratio to \\copy ${result.writeHeap.ratioToCopy}): psql \\copy of the written rows into a copy with no index and no foreign key — the most any import landing in a table of these rows could reach`);
    console.log(`  peak RSS    ${String(peakMb).padStart(10)} MB (idle ${result.import.idleRssMb} MB; target < ${TARGET_RSS_MB} MB) ${met(result.met.peakRss)}; worker peak ${result.import.workerPeakRssMb} MB`);
    await writeResult('csv-import', result);
    return result;
  } finally {
    await api?.stop();
    await worker?.stop();
    await db.end().catch(() => undefined);
    await rm(work, { recursive: true, force: true });
    database.drop();
  }
}
