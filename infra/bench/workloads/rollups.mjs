// Workload `rollups` (issue 4): (a) a full rebuild of a collaboration's rollups over BENCH_ROLLUP_VALUES values
// (default 10,000,000), timed with the worker's own code (worker/dist fullRebuild: per indicator, the
// INSERT … SELECT … GROUP BY it runs for a rebuild), beside ONE hand-written INSERT … SELECT … GROUP BY
// over the same values that produces the same rows into an equivalent table (checked: same row count,
// equal values) — target ≤ 1.5×; (b) an incremental update after a 10k-value edit made through the api
// (POST …/values/batch, so the outbox rows are the real ones), timed from the moment the worker's outbox
// relay starts until every rollup job has finished, beside the full rebuild job (rollups + progress,
// as the worker's rebuild job does) — target ≤ 5%.
//
// The data: one collaboration (fiscal year from April), BENCH_ROLLUP_YEARS (10) years of monthly values,
// 49 monthly indicators in 7 kinds (counts by age × sex with and without totals, amounts per activity
// with `last` over time, ratios and percentages with numerator/denominator, averages, maxima), targets
// and milestones, ~2% drafts that must not count, and as many partners as it takes to reach the value
// count. Generated with generate_series straight into indicator_values (indexes rebuilt afterwards).
//
// Both the rebuild and the anchor run with work_mem = REBUILD_WORK_MEM (worker/src/rollups/recompute.ts; the
// worker sets it for its rebuild transactions only).
//
// Environment: BENCH_ROLLUP_VALUES, BENCH_ROLLUP_YEARS (10), BENCH_EDIT_VALUES (10,000), BENCH_SKIP_BUILD=1,
// BENCH_KEEP_DB=1, BENCH_ADMIN_URL, REDIS_URL.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  build,
  connect,
  createCollaboration,
  createDatabase,
  createPartners,
  log,
  memberSession,
  met,
  now,
  queuePrefix,
  root,
  round,
  seconds,
  sleep,
  startApi,
  writeResult,
} from '../lib.mjs';

const VALUES = Number(process.env.BENCH_ROLLUP_VALUES ?? 10_000_000);
const YEARS = Number(process.env.BENCH_ROLLUP_YEARS ?? 10);
const EDIT_VALUES = Number(process.env.BENCH_EDIT_VALUES ?? 10_000);
const FY_START = 4;
const FIRST_FY = 2016;
const TARGET_REBUILD_RATIO = 1.5;
const TARGET_INCREMENTAL_RATIO = 0.05;

const AGES = ['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'];
const SEXES = ['female', 'male', 'other'];
/** The seven kinds of indicator, each used for 7 indicators. */
const KINDS = [
  { kind: 'A', valueType: 'count', across: 'sum', overTime: 'sum', dims: ['age', 'sex'], total: false, activities: 0 },
  { kind: 'B', valueType: 'count', across: 'sum', overTime: 'sum', dims: ['age', 'sex'], total: true, activities: 0 },
  { kind: 'C', valueType: 'amount', across: 'sum', overTime: 'last', dims: [], total: true, activities: 2 },
  { kind: 'D', valueType: 'ratio', across: 'ratio', overTime: 'sum', dims: ['sex'], total: false, activities: 0 },
  { kind: 'E', valueType: 'percentage', across: 'ratio', overTime: 'average', dims: [], total: true, activities: 0 },
  { kind: 'F', valueType: 'count', across: 'average', overTime: 'average', dims: ['sex'], total: true, activities: 0 },
  { kind: 'G', valueType: 'count', across: 'max', overTime: 'last', dims: [], total: true, activities: 0 },
];
const CYCLES = 7;

function cellsOf(k) {
  const cells = [];
  if (k.dims.length === 2) for (const a of AGES) for (const s of SEXES) cells.push(`age=${a};sex=${s}`);
  if (k.dims.length === 1) for (const s of SEXES) cells.push(`sex=${s}`);
  if (k.total) cells.push('total');
  return cells;
}
const valuesPerPartnerMonth = CYCLES * KINDS.reduce((n, k) => n + (k.activities || 1) * cellsOf(k).length, 0);

function monthKeys() {
  const keys = [];
  for (let fy = FIRST_FY; fy < FIRST_FY + YEARS; fy++) {
    for (let i = 0; i < 12; i++) {
      const m = ((FY_START - 1 + i) % 12) + 1;
      const y = fy + (FY_START - 1 + i >= 12 ? 1 : 0);
      keys.push(`${y}-${String(m).padStart(2, '0')}`);
    }
  }
  return keys;
}

/** Indicators, dimensions, activities, commitments, targets; then the values, month by month. */
async function generateData(db, cid, goalId) {
  const months = monthKeys();
  const partnersCount = Math.max(2, Math.round(VALUES / (months.length * valuesPerPartnerMonth)));
  const partners = await createPartners(db, cid, partnersCount);
  const q = (sql, params) => db.query(sql, params).then((r) => r.rows);

  const dimIds = {};
  for (const [key, name, cats] of [['age', 'Age band', AGES], ['sex', 'Sex', SEXES]]) {
    const [d] = await q(`INSERT INTO dimensions (collaboration_id, key, name) VALUES ($1, $2, $3) RETURNING id`, [cid, key, name]);
    await q(
      `INSERT INTO dimension_categories (collaboration_id, dimension_id, key, name, position)
       SELECT $1, $2, k, k, p - 1 FROM unnest($3::text[]) WITH ORDINALITY AS c(k, p)`,
      [cid, d.id, cats],
    );
    dimIds[key] = d.id;
  }

  await q(`CREATE TEMP TABLE bench_layout (indicator_id uuid, kind text, cell text, act int, ratio boolean)`);
  const indicators = [];
  for (let c = 0; c < CYCLES; c++) {
    for (const k of KINDS) {
      const code = `R${String(indicators.length + 1).padStart(2, '0')}${k.kind}`;
      const [ind] = await q(
        `INSERT INTO indicators (collaboration_id, code, name, definition, unit, value_type, direction, periodicity, aggregation_across,
                                 aggregation_over_time, goal_id, baseline_value, baseline_period, measure_type, status)
         VALUES ($1, $2, $3, 'Benchmark', 'units', $4, 'increase', 'month', $5, $6, $7, 10, $8, 'performance', 'active') RETURNING id`,
        [cid, code, `Bench ${k.valueType} ${k.across}/${k.overTime} ${code}`, k.valueType, k.across, k.overTime, goalId, `FY${FIRST_FY - 1}`],
      );
      for (const [position, dim] of k.dims.entries()) {
        await q(`INSERT INTO indicator_dimensions (collaboration_id, indicator_id, dimension_id, position) VALUES ($1, $2, $3, $4)`, [cid, ind.id, dimIds[dim], position]);
      }
      await q(
        `INSERT INTO indicator_targets (collaboration_id, indicator_id, period, value, kind)
         VALUES ($1, $2, $3, 40, 'milestone'), ($1, $2, $4, 60, 'milestone'), ($1, $2, $5, 100, 'long_term')`,
        [cid, ind.id, `FY${FIRST_FY + 3}`, `FY${FIRST_FY + 7}`, `FY${FIRST_FY + YEARS + 4}`],
      );
      const ratio = k.valueType === 'ratio' || k.valueType === 'percentage';
      for (const cell of cellsOf(k)) {
        for (let a = 1; a <= Math.max(1, k.activities); a++) {
          await q(`INSERT INTO bench_layout VALUES ($1, $2, $3, $4, $5)`, [ind.id, k.kind, cell, k.activities ? a : null, ratio]);
        }
      }
      indicators.push({ id: ind.id, ...k });
    }
  }
  await q(
    `INSERT INTO commitments (collaboration_id, partner_id, indicator_id, start_period)
     SELECT $1, p, i, $3 FROM unnest($2::uuid[]) p CROSS JOIN unnest($4::uuid[]) i`,
    [cid, partners, months[0], indicators.map((i) => i.id)],
  );
  // Two activities per partner, linked to the per-activity indicators (kind C).
  await q(`CREATE TEMP TABLE bench_partners (id uuid, acts uuid[])`);
  await q(
    `WITH a AS (
       INSERT INTO activities (collaboration_id, partner_id, name, status)
       SELECT $1, p, 'Programme ' || n, 'active' FROM unnest($2::uuid[]) p CROSS JOIN generate_series(1, 2) n
       RETURNING id, partner_id, name
     )
     INSERT INTO bench_partners SELECT partner_id, array_agg(id ORDER BY name) FROM a GROUP BY partner_id`,
    [cid, partners],
  );
  await q(
    `INSERT INTO activity_indicators (collaboration_id, activity_id, indicator_id)
     SELECT $1, a, i FROM bench_partners bp CROSS JOIN unnest(bp.acts) a CROSS JOIN unnest($2::uuid[]) i`,
    [cid, indicators.filter((i) => i.activities).map((i) => i.id)],
  );

  // Bulk load: without the secondary indexes and FK triggers, rebuilt afterwards (the data is consistent by construction).
  const indexes = await q(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'indicator_values' AND indexname <> 'indicator_values_pkey'`);
  for (const i of indexes) await q(`DROP INDEX ${i.indexname}`);
  // Foreign keys of other tables (comments on a value…) hang on the primary key: dropped and added back with it.
  const referencing = await q(
    `SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
      WHERE contype = 'f' AND confrelid = 'indicator_values'::regclass AND conrelid <> 'indicator_values'::regclass`,
  );
  for (const f of referencing) await q(`ALTER TABLE ${f.tbl} DROP CONSTRAINT ${f.conname}`);
  await q(`ALTER TABLE indicator_values DROP CONSTRAINT indicator_values_pkey`);
  await q(`SET synchronous_commit = off`);
  await q(`SET session_replication_role = replica`);
  await q(`SELECT setseed(0.42)`);
  const t0 = now();
  for (const period of months) {
    await q(
      `WITH cells AS (
         SELECT l.indicator_id, p.id AS partner_id, l.cell, CASE WHEN l.act IS NULL THEN NULL ELSE p.acts[l.act] END AS activity_id,
                l.kind, l.ratio, floor(random() * 100)::numeric AS r1, (50 + floor(random() * 50))::numeric AS r2, random() AS rs
           FROM bench_partners p CROSS JOIN bench_layout l
          WHERE NOT (l.kind IN ('B', 'F') AND l.cell = 'total')
       )
       INSERT INTO indicator_values (collaboration_id, indicator_id, partner_id, period, cell, activity_id, value, numerator, denominator, status, via, submitted_at)
       SELECT $1::uuid, indicator_id, partner_id, $2::text, cell, activity_id,
              CASE WHEN ratio THEN NULL WHEN kind = 'C' THEN r1 * 37.5 + 0.25 ELSE r1 END,
              CASE WHEN ratio THEN floor(r1 / 2) END, CASE WHEN ratio THEN r2 END,
              CASE WHEN rs < 0.02 THEN 'draft' WHEN rs < 0.5 THEN 'submitted' ELSE 'approved' END, 'import', now()
         FROM cells
       UNION ALL
       SELECT $1::uuid, indicator_id, partner_id, $2::text, 'total', NULL::uuid, sum(r1), NULL, NULL, 'approved', 'import', now()
         FROM cells WHERE kind IN ('B', 'F') GROUP BY indicator_id, partner_id`,
      [cid, period],
    );
  }
  const loadSeconds = seconds(now() - t0);
  await q(`SET session_replication_role = origin`);
  await q(`SET maintenance_work_mem = '512MB'`);
  const t1 = now();
  await q(`ALTER TABLE indicator_values ADD CONSTRAINT indicator_values_pkey PRIMARY KEY (collaboration_id, id)`);
  for (const i of indexes) await q(i.indexdef);
  for (const f of referencing) await q(`ALTER TABLE ${f.tbl} ADD CONSTRAINT ${f.conname} ${f.def}`);
  await q(`VACUUM ANALYZE indicator_values`);
  await q(`RESET ALL`);
  const indexSeconds = seconds(now() - t1);
  const [{ n, counting }] = await q(
    `SELECT count(*)::int AS n, count(*) FILTER (WHERE status IN ('submitted', 'approved'))::int AS counting FROM indicator_values WHERE collaboration_id = $1`,
    [cid],
  );
  return { partners, indicators, months, values: n, counting, loadSeconds, indexSeconds };
}

/**
 * The anchor: one hand-written INSERT … SELECT … GROUP BY for every indicator of the collaboration at
 * once (PRODUCT.md's rules: activities side by side, a partner's total sent or else its cells, over
 * time per partner and cell, then across partners; month → fiscal quarter and year from the key).
 * $1 collaboration, $2 counting statuses, $3 fiscal-year start month, $4 null or the months to include
 * (whole fiscal years: the check after the incremental update). Monthly indicators only (as generated).
 */
const ANCHOR_SQL = `
INSERT INTO bench_anchor (collaboration_id, indicator_id, granularity, period, cell, scope,
                          value, numerator, denominator, partner_count, value_count, computed_at)
WITH i AS (
  SELECT id, value_type, value_type IN ('percentage', 'ratio') AS ratio, aggregation_across AS across, aggregation_over_time AS over_time
    FROM indicators WHERE collaboration_id = $1 AND periodicity = 'month'
),
pc AS (
  SELECT iv.indicator_id, iv.partner_id, iv.period, iv.cell, i.across,
         CASE i.across WHEN 'average' THEN avg(CASE WHEN i.ratio THEN iv.numerator ELSE iv.value END)
                       WHEN 'min' THEN min(iv.value) WHEN 'max' THEN max(iv.value)
                       ELSE sum(CASE WHEN i.ratio THEN iv.numerator ELSE iv.value END) END AS num,
         sum(iv.denominator) AS den, count(*)::int AS vc
    FROM indicator_values iv JOIN i ON i.id = iv.indicator_id
   WHERE iv.collaboration_id = $1 AND iv.status = ANY($2::text[]) AND ($4::text[] IS NULL OR iv.period = ANY($4::text[]))
   GROUP BY iv.indicator_id, iv.partner_id, iv.period, iv.cell, i.across
),
pt AS (
  SELECT indicator_id, partner_id, period, cell, across, num, den, vc FROM pc
  UNION ALL
  SELECT indicator_id, partner_id, period, 'total', across,
         CASE across WHEN 'average' THEN avg(num) WHEN 'min' THEN min(num) WHEN 'max' THEN max(num) ELSE sum(num) END,
         sum(den), sum(vc)::int
    FROM pc GROUP BY indicator_id, partner_id, period, across HAVING bool_and(cell <> 'total')
),
pp AS (
  SELECT pt.*, g.granularity, g.tperiod, k.ord
    FROM pt
   CROSS JOIN LATERAL (
     SELECT left(pt.period, 4)::int * 12 + substr(pt.period, 6, 2)::int AS ord,
            CASE WHEN $3::int = 1 THEN '' ELSE 'FY' END
              || (left(pt.period, 4)::int - (substr(pt.period, 6, 2)::int < $3::int)::int) AS ykey,
            '-Q' || (((substr(pt.period, 6, 2)::int - $3::int + 12) % 12) / 3 + 1) AS qsuffix
   ) k
   CROSS JOIN LATERAL (VALUES ('month', pt.period), ('quarter', k.ykey || k.qsuffix), ('year', k.ykey)) g(granularity, tperiod)
),
po AS (
  SELECT pp.indicator_id, pp.granularity, pp.tperiod, pp.partner_id, pp.cell, pp.across, i.over_time,
         CASE i.over_time WHEN 'sum' THEN sum(pp.num) WHEN 'average' THEN avg(pp.num)
                          ELSE (max(CASE WHEN i.over_time = 'last' THEN ARRAY[pp.ord, pp.num, pp.den, pp.vc] END))[2] END AS num,
         CASE i.over_time WHEN 'sum' THEN sum(pp.den) WHEN 'average' THEN avg(pp.den)
                          ELSE (max(CASE WHEN i.over_time = 'last' THEN ARRAY[pp.ord, pp.num, pp.den, pp.vc] END))[3] END AS den,
         CASE i.over_time WHEN 'last' THEN (max(CASE WHEN i.over_time = 'last' THEN ARRAY[pp.ord, pp.num, pp.den, pp.vc] END))[4]::int
                          ELSE sum(pp.vc)::int END AS vc
    FROM pp JOIN i ON i.id = pp.indicator_id
   GROUP BY pp.indicator_id, pp.granularity, pp.tperiod, pp.partner_id, pp.cell, pp.across, i.over_time
),
pa AS (
  SELECT indicator_id, granularity, tperiod, cell,
         CASE across WHEN 'average' THEN avg(num) WHEN 'min' THEN min(num) WHEN 'max' THEN max(num) ELSE sum(num) END AS num,
         sum(den) AS den, count(*)::int AS pcount, sum(vc)::int AS vc
    FROM po GROUP BY indicator_id, granularity, tperiod, cell, across
),
out AS (
  SELECT indicator_id, granularity, tperiod, cell, partner_id::text AS scope, num, den, 1 AS pcount, vc FROM po
  UNION ALL
  SELECT indicator_id, granularity, tperiod, cell, 'all', num, den, pcount, vc FROM pa
)
SELECT $1::uuid, o.indicator_id, o.granularity, o.tperiod, o.cell, o.scope,
       trim_scale(CASE i.value_type WHEN 'percentage' THEN (100 * o.num) / o.den WHEN 'ratio' THEN o.num / o.den ELSE o.num END),
       CASE WHEN i.ratio THEN trim_scale(o.num) END, CASE WHEN i.ratio THEN trim_scale(o.den) END,
       o.pcount, o.vc, now()
  FROM out o JOIN i ON i.id = o.indicator_id`;

/** Rows of the two tables that differ (key missing on one side, or a number differing beyond 1e-9 relative). */
const DIFF_SQL = `
SELECT count(*)::int AS n FROM
  (SELECT * FROM rollups WHERE collaboration_id = $1 AND ($2::text[] IS NULL OR period = ANY($2::text[]))) r
  FULL JOIN (SELECT * FROM bench_anchor WHERE collaboration_id = $1) a
    USING (collaboration_id, indicator_id, granularity, period, cell, scope)
 WHERE r.value IS NULL OR a.value IS NULL
    OR abs(r.value - a.value) > 1e-9 * greatest(abs(r.value), abs(a.value), 1)
    OR (r.numerator IS NULL) <> (a.numerator IS NULL)
    OR abs(r.numerator - a.numerator) > 1e-9 * greatest(abs(r.numerator), abs(a.numerator), 1)
    OR abs(r.denominator - a.denominator) > 1e-9 * greatest(abs(r.denominator), abs(a.denominator), 1)
    OR r.partner_count <> a.partner_count OR r.value_count <> a.value_count`;

/** The edit: whole monthly reports (every value of a partner's month), latest months first, until EDIT_VALUES. */
async function editThroughApi(db, base, cid, data) {
  const sessions = new Map();
  const kindOf = new Map(data.indicators.map((i) => [i.id, i]));
  const requests = [];
  let total = 0;
  const months = [...data.months].reverse();
  outer: for (const period of months) {
    for (const partnerId of data.partners) {
      if (total >= EDIT_VALUES) break outer;
      const { rows } = await db.query(
        `SELECT indicator_id, cell, activity_id, value::text, numerator::text, denominator::text
           FROM indicator_values WHERE collaboration_id = $1 AND partner_id = $2 AND period = $3`,
        [cid, partnerId, period],
      );
      const cellsOfB = new Map();
      for (const r of rows) if (kindOf.get(r.indicator_id).kind === 'B' && r.cell !== 'total') cellsOfB.set(r.indicator_id, (cellsOfB.get(r.indicator_id) ?? 0) + 1);
      const values = rows.map((r) => {
        const ind = kindOf.get(r.indicator_id);
        const cell = r.cell === 'total' ? 'total' : Object.fromEntries(r.cell.split(';').map((kv) => kv.split('=')));
        const row = { indicatorId: r.indicator_id, partnerId, period, cell, ...(r.activity_id ? { activityId: r.activity_id } : {}) };
        if (r.numerator !== null) {
          const n = Number(r.numerator);
          return { ...row, numerator: String(n + 1 <= Number(r.denominator) ? n + 1 : n - 1), denominator: r.denominator };
        }
        // Every cell + 1, so a total sent with its full breakdown (kind B) goes up by the number of cells.
        const step = ind.kind === 'B' && r.cell === 'total' ? cellsOfB.get(r.indicator_id) : ind.kind === 'C' ? 1.25 : 1;
        return { ...row, value: String(Number(r.value) + step) };
      });
      if (!sessions.has(partnerId)) sessions.set(partnerId, await memberSession(db, { cid, partnerId, role: 'partner_contributor' }));
      requests.push({ partnerId, period, values });
      total += values.length;
    }
  }
  const t0 = now();
  for (const r of requests) {
    const s = sessions.get(r.partnerId);
    for (let i = 0; i < r.values.length; i += 1000) {
      const res = await fetch(`${base}/api/collaborations/${cid}/values/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf, 'idempotency-key': randomUUID() },
        body: JSON.stringify({ values: r.values.slice(i, i + 1000), submit: true }),
      });
      const body = await res.json();
      if (res.status !== 200) throw new Error(`values/batch answered ${res.status}: ${JSON.stringify(body).slice(0, 2000)}`);
      if (body.updated !== Math.min(1000, r.values.length - i)) throw new Error(`values/batch updated ${body.updated} of ${r.values.length} values`);
    }
  }
  const periods = [...new Set(requests.map((r) => r.period))];
  return { values: total, reports: requests.length, months: periods.length, periods, seconds: seconds(now() - t0) };
}

/**
 * The worker's consumers (worker/dist startWorker, relay off; no scheduled reconciliation, which would
 * run at once over the whole collaboration), then its outbox relay: time until every job is done.
 */
async function incremental(dbUrl, prefix, pool, cid) {
  const workerDist = join(root, 'worker', 'dist', 'worker', 'src');
  const requireWorker = createRequire(join(root, 'worker', 'package.json'));
  const { Queue } = requireWorker('bullmq');
  const IORedis = requireWorker('ioredis');
  const { loadConfig } = await import(pathToFileURL(join(workerDist, 'config.js')).href);
  const { createLogger } = await import(pathToFileURL(join(workerDist, 'logger.js')).href);
  const { startWorker } = await import(pathToFileURL(join(workerDist, 'worker.js')).href);
  const { startOutboxRelay } = await import(pathToFileURL(join(workerDist, 'rollups', 'relay.js')).href);
  const config = loadConfig({ NODE_ENV: 'development', DATABASE_URL: dbUrl, REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', QUEUE_PREFIX: prefix, LOG_LEVEL: 'warn', RECONCILE_INTERVAL_MINUTES: '0' });
  const logger = createLogger(config);
  const runtime = await startWorker(config, { logger, relay: false });
  const connection = new IORedis(config.redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue('rollups', { connection, prefix });
  const [{ pending }] = (await pool.query(`SELECT count(*)::int AS pending FROM outbox WHERE collaboration_id = $1 AND processed_at IS NULL`, [cid])).rows;
  let relay;
  try {
    const t0 = now();
    relay = startOutboxRelay({ pool, queue, logger });
    for (;;) {
      const [{ left }] = (await pool.query(`SELECT count(*)::int AS left FROM outbox WHERE collaboration_id = $1 AND processed_at IS NULL`, [cid])).rows;
      const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed');
      if (c.failed > 0) throw new Error(`${c.failed} rollup job(s) failed`);
      if (left === 0 && c.waiting + c.active + c.delayed + c.prioritized + c['waiting-children'] === 0) {
        return { seconds: seconds(now() - t0), outboxRows: pending, jobs: c.completed };
      }
      await sleep(50);
    }
  } finally {
    await relay?.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    connection.disconnect();
    await runtime.close();
  }
}

export async function main() {
  build(['api', 'worker']);
  const workerDist = join(root, 'worker', 'dist', 'worker', 'src');
  const { fullRebuild } = await import(pathToFileURL(join(workerDist, 'rollups', 'recompute.js')).href);
  const { recomputeIndicatorProgress } = await import(pathToFileURL(join(workerDist, 'progress', 'index.js')).href);
  const database = createDatabase();
  const prefix = queuePrefix();
  let api = null;
  const pool = connect(database.url, { max: 4 });
  try {
    api = await startApi({ dbUrl: database.url, queuePrefix: prefix });
    const { cid, goalId } = await createCollaboration(api.base, { fiscalYearStartMonth: FY_START });
    const setup = await pool.connect();
    let data;
    try {
      log(`generating ~${VALUES.toLocaleString('en')} values (${YEARS} years × 49 indicators × partners)…`);
      data = await generateData(setup, cid, goalId);
    } finally {
      setup.release();
    }
    log(`  ${data.values.toLocaleString('en')} values (${data.counting.toLocaleString('en')} counting), ${data.partners.length} partners, ${data.indicators.length} indicators, ${data.months.length} months; load ${round(data.loadSeconds, 1)} s + indexes ${round(data.indexSeconds, 1)} s`);
    await pool.query(`CHECKPOINT`);

    // (a) the anchor first, then the worker's rebuild, each into an empty table with the same key, checks and foreign key.
    await pool.query(`CREATE TABLE bench_anchor (LIKE rollups INCLUDING ALL)`);
    await pool.query(`ALTER TABLE bench_anchor ADD FOREIGN KEY (collaboration_id, indicator_id) REFERENCES indicators (collaboration_id, id) ON DELETE CASCADE`);
    // The worker runs its rebuilds with SET LOCAL work_mem = REBUILD_WORK_MEM; the anchor gets the same.
    const { REBUILD_WORK_MEM } = await import(pathToFileURL(join(workerDist, 'rollups', 'recompute.js')).href);
    log(`anchor: one hand-written INSERT … SELECT … GROUP BY (work_mem ${REBUILD_WORK_MEM}, as the worker's rebuild)…`);
    const anchorClient = await pool.connect();
    let t;
    let anchor;
    let anchorSeconds;
    try {
      await anchorClient.query(`SET work_mem = '${REBUILD_WORK_MEM}'`);
      t = now();
      anchor = await anchorClient.query(ANCHOR_SQL, [cid, ['submitted', 'approved'], FY_START, null]);
      anchorSeconds = seconds(now() - t);
      await anchorClient.query(`RESET work_mem`);
    } finally {
      anchorClient.release();
    }
    log(`  ${anchor.rowCount.toLocaleString('en')} rows in ${anchorSeconds.toFixed(2)} s`);

    log('full rebuild with the worker’s code (fullRebuild)…');
    t = now();
    const rebuilt = await fullRebuild(pool, cid);
    const rebuildSeconds = seconds(now() - t);
    const rebuildRows = rebuilt.reduce((n, r) => n + r.rows, 0);
    log(`  ${rebuildRows.toLocaleString('en')} rows in ${rebuildSeconds.toFixed(2)} s`);
    t = now();
    for (const r of rebuilt) await recomputeIndicatorProgress(pool, cid, r.indicatorId);
    const progressSeconds = seconds(now() - t);
    log(`  progress, wins and trajectory of every period: ${progressSeconds.toFixed(2)} s`);

    const [{ n: differing }] = (await pool.query(DIFF_SQL, [cid, null])).rows;
    const [{ n: liveRows }] = (await pool.query(`SELECT count(*)::int AS n FROM rollups WHERE collaboration_id = $1`, [cid])).rows;
    if (liveRows !== anchor.rowCount || differing !== 0) {
      throw new Error(`the worker's rebuild and the hand-written SQL disagree: ${liveRows} vs ${anchor.rowCount} rows, ${differing} rows differ`);
    }

    // (b) a 10k-value edit through the api (worker stopped: the outbox fills), then the worker's incremental jobs.
    log(`editing ${EDIT_VALUES.toLocaleString('en')} values through the api (POST …/values/batch, submit)…`);
    const edit = await editThroughApi(pool, api.base, cid, data);
    log(`  ${edit.values.toLocaleString('en')} values (${edit.reports} partner monthly reports over ${edit.months} month(s)) in ${edit.seconds.toFixed(2)} s`);
    log('incremental: the worker’s outbox relay and rollup jobs, until drained…');
    const inc = await incremental(database.url, prefix, pool, cid);
    log(`  ${inc.outboxRows} outbox rows → ${inc.jobs} jobs in ${inc.seconds.toFixed(2)} s`);

    // The incremental result must equal a rebuild of the edited data: the anchor again, over the fiscal years edited.
    const fyOf = (m) => Number(m.slice(0, 4)) - (Number(m.slice(5, 7)) < FY_START ? 1 : 0);
    const editedYears = new Set(edit.periods.map(fyOf));
    const yearMonths = data.months.filter((m) => editedYears.has(fyOf(m)));
    const keys = [...yearMonths];
    for (const m of yearMonths) keys.push(`FY${fyOf(m)}-Q${Math.floor(((Number(m.slice(5, 7)) - FY_START + 12) % 12) / 3) + 1}`, `FY${fyOf(m)}`);
    await pool.query(`TRUNCATE bench_anchor`);
    await pool.query(ANCHOR_SQL, [cid, ['submitted', 'approved'], FY_START, yearMonths]);
    const [{ n: drift }] = (await pool.query(DIFF_SQL, [cid, [...new Set(keys)]])).rows;
    if (drift !== 0) throw new Error(`after the incremental jobs, ${drift} rollup rows of the edited fiscal years differ from the hand-written rebuild`);
    log(`  the rollups of the edited fiscal year(s) equal the hand-written rebuild's`);

    const rebuildRatio = rebuildSeconds / anchorSeconds;
    const rebuildJobSeconds = rebuildSeconds + progressSeconds;
    const incRatio = inc.seconds / rebuildJobSeconds;
    const incRatioRollupsOnly = inc.seconds / rebuildSeconds;
    const result = {
      workload: 'rollups',
      at: new Date().toISOString(),
      node: process.version,
      data: {
        values: data.values,
        counting: data.counting,
        partners: data.partners.length,
        indicators: data.indicators.length,
        months: data.months.length,
        loadSeconds: round(data.loadSeconds, 2),
        indexSeconds: round(data.indexSeconds, 2),
      },
      rebuild: { seconds: round(rebuildSeconds, 2), rows: rebuildRows, progressSeconds: round(progressSeconds, 2) },
      anchor: { name: 'one hand-written INSERT … SELECT … GROUP BY', seconds: round(anchorSeconds, 2), rows: anchor.rowCount },
      workMem: REBUILD_WORK_MEM,
      rebuildRatio: round(rebuildRatio),
      edit: { values: edit.values, reports: edit.reports, months: edit.months, apiSeconds: round(edit.seconds, 2) },
      incremental: { seconds: round(inc.seconds, 2), outboxRows: inc.outboxRows, jobs: inc.jobs },
      incrementalRatio: round(incRatio, 4),
      incrementalRatioRollupsOnly: round(incRatioRollupsOnly, 4),
      targets: { rebuildRatio: TARGET_REBUILD_RATIO, incrementalRatio: TARGET_INCREMENTAL_RATIO },
      met: { rebuildRatio: rebuildRatio <= TARGET_REBUILD_RATIO, incrementalRatio: incRatio <= TARGET_INCREMENTAL_RATIO },
    };
    console.log('');
    console.log(`Rollups over ${data.values.toLocaleString('en')} values (${data.partners.length} partners × ${data.indicators.length} indicators × ${data.months.length} months; ${result.rebuild.rows.toLocaleString('en')} rollup rows)`);
    console.log(`  full rebuild    ${rebuildSeconds.toFixed(2).padStart(9)} s   anchor (hand-written INSERT … SELECT … GROUP BY, same rows) ${anchorSeconds.toFixed(2)} s   ratio ${result.rebuildRatio}× (target ≤ ${TARGET_REBUILD_RATIO}×) ${met(result.met.rebuildRatio)}`);
    console.log(`  incremental     ${inc.seconds.toFixed(2).padStart(9)} s   after a ${edit.values.toLocaleString('en')}-value edit (${inc.outboxRows} outbox rows → ${inc.jobs} jobs, rollups + progress)`);
    console.log(`                              anchor: the full rebuild job (rollups ${rebuildSeconds.toFixed(2)} s + progress ${progressSeconds.toFixed(2)} s = ${rebuildJobSeconds.toFixed(2)} s)   ratio ${(incRatio * 100).toFixed(2)}% (target ≤ ${TARGET_INCREMENTAL_RATIO * 100}%) ${met(result.met.incrementalRatio)}; against the rollups alone ${(incRatioRollupsOnly * 100).toFixed(2)}%`);
    await writeResult('rollups', result);
    return result;
  } finally {
    await api?.stop();
    await pool.end().catch(() => undefined);
    database.drop();
  }
}
