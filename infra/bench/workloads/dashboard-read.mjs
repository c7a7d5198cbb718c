// Workload `dashboard-read` (issue 4): the dashboard read endpoint — GET /api/collaborations/:id/rollups for
// the year's monthly totals of every indicator, as a signed-in backbone member — under autocannon at
// BENCH_DASHBOARD_CONNECTIONS (100) connections for BENCH_DASHBOARD_SECONDS (20) s, beside a bare node:http +
// pg handler (below) that runs the same rollups SQL with the same parameters and sends the rows as JSON,
// measured the same way right before. Targets (issue 4): ≥ 60% of the bare handler's requests/s and
// p95 ≤ 50 ms.
//
// Every request carries the Accept-Encoding Chromium sends. The api answers gzip (computed once per
// read-cache entry: api/src/common/prepared-json.ts); the bare handler ignores the header and sends
// the JSON as it is (bytes per response are printed for both).
//
// The api answers from its read cache (api/src/modules/mail/read-cache.ts), which the worker's
// rollup-updated events empty: during every measured api run an event for this collaboration is
// published every BENCH_DASHBOARD_EVENT_MS (1000) ms, as if partners were reporting all the time,
// so the figure includes a database read after each one. The same load is also run against a
// second api with READ_CACHE_SECONDS=0 (every request reads the database), printed beside it.
//
// Environment: BENCH_DASHBOARD_CONNECTIONS, BENCH_DASHBOARD_SECONDS, BENCH_DASHBOARD_EVENT_MS, BENCH_SKIP_BUILD=1,
// BENCH_KEEP_DB=1, BENCH_ADMIN_URL, REDIS_URL.
import autocannon from 'autocannon';
import IORedis from 'ioredis';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import {
  build,
  connect,
  createCollaboration,
  createDatabase,
  createPartners,
  freePort,
  log,
  met,
  percentile,
  queuePrefix,
  root,
  round,
  startApi,
  writeResult,
} from '../lib.mjs';

const CONNECTIONS = Number(process.env.BENCH_DASHBOARD_CONNECTIONS ?? 100);
const DURATION = Number(process.env.BENCH_DASHBOARD_SECONDS ?? 20);
const WARMUP = 3;
const EVENT_MS = Number(process.env.BENCH_DASHBOARD_EVENT_MS ?? 1000);
const PARTNERS = 40;
const INDICATORS = 24;
const YEARS = 3;
const TARGET_RATIO = 0.6;
const TARGET_P95_MS = 50;
const SEXES = ['female', 'male', 'other'];
/** What Chromium sends with a fetch(). */
const BROWSER = { 'accept-encoding': 'gzip, deflate, br, zstd' };

/** Indicators (half with a sex breakdown), commitments, three years of monthly values, rolled up by the worker's rebuild. */
async function setUpData(pool, cid, goalId) {
  const partners = await createPartners(pool, cid, PARTNERS);
  const q = (sql, params) => pool.query(sql, params).then((r) => r.rows);
  const [dim] = await q(`INSERT INTO dimensions (collaboration_id, key, name) VALUES ($1, 'sex', 'Sex') RETURNING id`, [cid]);
  await q(
    `INSERT INTO dimension_categories (collaboration_id, dimension_id, key, name, position)
     SELECT $1, $2, k, k, p - 1 FROM unnest($3::text[]) WITH ORDINALITY AS c(k, p)`,
    [cid, dim.id, SEXES],
  );
  const year0 = new Date().getUTCFullYear() - YEARS + 1;
  const months = [];
  for (let y = year0; y < year0 + YEARS; y++) for (let m = 1; m <= 12; m++) months.push(`${y}-${String(m).padStart(2, '0')}`);
  const ids = [];
  for (let i = 0; i < INDICATORS; i++) {
    const [ind] = await q(
      `INSERT INTO indicators (collaboration_id, code, name, definition, unit, value_type, direction, periodicity, aggregation_across,
                               aggregation_over_time, goal_id, baseline_value, baseline_period, measure_type, status)
       VALUES ($1, $2, $3, 'Benchmark', 'people', 'count', 'increase', 'month', 'sum', 'sum', $4, 0, $5, 'performance', 'active') RETURNING id`,
      [cid, `D${i + 1}`, `Dashboard indicator ${i + 1}`, goalId, String(year0 - 1)],
    );
    if (i % 2 === 0) await q(`INSERT INTO indicator_dimensions (collaboration_id, indicator_id, dimension_id, position) VALUES ($1, $2, $3, 0)`, [cid, ind.id, dim.id]);
    ids.push({ id: ind.id, cells: i % 2 === 0 ? SEXES.map((s) => `sex=${s}`) : ['total'] });
  }
  await q(
    `INSERT INTO commitments (collaboration_id, partner_id, indicator_id, start_period)
     SELECT $1, p, i, $4 FROM unnest($2::uuid[]) p CROSS JOIN unnest($3::uuid[]) i`,
    [cid, partners, ids.map((i) => i.id), months[0]],
  );
  for (const ind of ids) {
    await q(
      `INSERT INTO indicator_values (collaboration_id, indicator_id, partner_id, period, cell, value, status, via, submitted_at)
       SELECT $1, $2, p, m, c, floor(random() * 100), 'submitted', 'import', now()
         FROM unnest($3::uuid[]) p CROSS JOIN unnest($4::text[]) m CROSS JOIN unnest($5::text[]) c`,
      [cid, ind.id, partners, months, ind.cells],
    );
  }
  await q(`ANALYZE`);
  const { fullRebuild } = await import(pathToFileURL(join(root, 'worker', 'dist', 'worker', 'src', 'rollups', 'recompute.js')).href);
  const rebuilt = await fullRebuild(pool, cid);
  return { year: year0 + YEARS - 1, rollupRows: rebuilt.reduce((n, r) => n + r.rows, 0) };
}

/**
 * The anchor: node:http + pg, no framework, no session, no access check. It runs the rollups query the
 * api runs for this request (api/src/modules/rollups/rollups.repository.ts, scope 'all') with the same
 * parameters and answers the rows as JSON.
 */
const ROLLUPS_SQL = `SELECT r.indicator_id AS "indicatorId", r.granularity, r.period, r.cell, r.scope,
              o.name AS "organisationName",
              r.value::text AS value, r.numerator::text AS numerator, r.denominator::text AS denominator,
              r.partner_count AS "partnerCount", r.value_count AS "valueCount", r.computed_at AS "computedAt"
         FROM rollups r
         LEFT JOIN partners p ON r.scope <> 'all' AND p.collaboration_id = r.collaboration_id AND p.id::text = r.scope
         LEFT JOIN organisations o ON o.id = p.organisation_id
        WHERE r.collaboration_id = $1
          AND ($2::uuid IS NULL OR r.indicator_id = $2)
          AND ($3::text IS NULL OR r.granularity = $3)
          AND ($4::text[] IS NULL OR r.period = ANY($4))
          AND ($5::text IS NULL OR r.cell = $5)
          AND r.scope = 'all'
        ORDER BY r.indicator_id, r.granularity, r.period, r.cell <> 'total', r.cell, r.scope <> 'all', o.name, r.scope
        LIMIT 20000`;

async function startBare(dbUrl, params) {
  const pool = new pg.Pool({ connectionString: dbUrl, max: 20 });
  pool.on('error', () => undefined);
  const server = createServer(async (req, res) => {
    try {
      const { rows } = await pool.query(ROLLUPS_SQL, params);
      const body = JSON.stringify({ items: rows });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
  const port = await freePort();
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${port}/`, close: async () => { await new Promise((r) => server.close(r)); await pool.end(); } };
}

/** autocannon, with every response's latency kept for an exact p95 (autocannon's own histogram has p90 and p97.5). */
async function load(url, headers, seconds) {
  const latencies = [];
  const statuses = new Map();
  const instance = autocannon({ url, connections: CONNECTIONS, duration: seconds, headers, timeout: 60 });
  instance.on('response', (_client, status, _bytes, responseTime) => {
    latencies.push(responseTime);
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  });
  const r = await instance;
  latencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: round(r.requests.total / seconds, 1),
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    p50: round(percentile(latencies, 50), 1),
    p95: round(percentile(latencies, 95), 1),
    p99: round(percentile(latencies, 99), 1),
    bytesPerResponse: r.requests.total ? Math.round(r.throughput.total / r.requests.total) : 0,
    statuses: Object.fromEntries(statuses),
  };
}

/** Publishes the worker's rollup-updated event for the collaboration every EVENT_MS while the load runs. */
function liveEvents(cid) {
  const redis = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  let sent = 0;
  const timer = setInterval(() => {
    sent++;
    redis.publish('rollup-updated', JSON.stringify({ collaborationId: cid, indicatorIds: [], at: new Date().toISOString() })).catch(() => undefined);
  }, EVENT_MS);
  return { stop: () => { clearInterval(timer); redis.disconnect(); return sent; } };
}

/** The api's read-cache counters from its /api/metrics. */
async function cacheCounters(base) {
  const text = await (await fetch(`${base}/api/metrics`)).text();
  const pick = (result) => Number(text.match(new RegExp(`constellation_read_cache_requests_total\\{result="${result}"\\} (\\d+)`))?.[1] ?? 0);
  return { hits: pick('hit'), misses: pick('miss') };
}

export async function main() {
  build(['api', 'worker']);
  const database = createDatabase();
  let api = null;
  let uncachedApi = null;
  let bare = null;
  const pool = connect(database.url, { max: 4 });
  try {
    api = await startApi({ dbUrl: database.url, queuePrefix: queuePrefix() });
    const { cid, goalId, admin } = await createCollaboration(api.base);
    const data = await setUpData(pool, cid, goalId);
    const query = `granularity=month&from=${data.year}-01&to=${data.year}-12&cell=total`;
    const apiUrl = `${api.base}/api/collaborations/${cid}/rollups?${query}`;
    const first = await fetch(apiUrl, { headers: { cookie: admin.cookie } });
    const member = { ...BROWSER, cookie: admin.cookie };
    const firstBody = await first.json();
    if (first.status !== 200) throw new Error(`the rollups endpoint answered ${first.status}: ${JSON.stringify(firstBody)}`);
    const periods = Array.from({ length: 12 }, (_, i) => `${data.year}-${String(i + 1).padStart(2, '0')}`);
    bare = await startBare(database.url, [cid, null, 'month', periods, 'total']);
    const bareBody = await (await fetch(bare.url)).json();
    if (bareBody.items.length !== firstBody.items.length || firstBody.items.length === 0) {
      throw new Error(`the api answered ${firstBody.items.length} rows, the bare handler ${bareBody.items.length}`);
    }
    log(`${PARTNERS} partners × ${INDICATORS} indicators × ${YEARS} years (${data.rollupRows.toLocaleString('en')} rollup rows); the request answers ${firstBody.items.length} rows`);

    // One request at a time first: what a single request costs each side, without queueing.
    const serial = async (url, headers) => {
      const times = [];
      for (let i = 0; i < 50; i++) {
        const t0 = performance.now();
        const res = await fetch(url, { headers });
        await res.arrayBuffer();
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      return round(percentile(times, 50), 2);
    };
    const serialBare = await serial(bare.url, BROWSER);
    const serialApi = await serial(apiUrl, member);
    log(`one request at a time (median of 50): bare ${serialBare} ms, api ${serialApi} ms`);
    log(`bare node:http + pg handler: ${WARMUP} s warm-up, then ${DURATION} s at ${CONNECTIONS} connections…`);
    await load(bare.url, BROWSER, WARMUP);
    const anchor = await load(bare.url, BROWSER, DURATION);
    log(`GET /api/collaborations/:id/rollups?${query}: ${WARMUP} s warm-up, then ${DURATION} s…`);
    await load(apiUrl, member, WARMUP);
    const before = await cacheCounters(api.base);
    const events = liveEvents(cid);
    const measured = await load(apiUrl, member, DURATION);
    const eventsSent = events.stop();
    const after = await cacheCounters(api.base);
    const cache = { hits: after.hits - before.hits, misses: after.misses - before.misses, rollupUpdatedEvents: eventsSent };
    cache.hitRatio = round(cache.hits / Math.max(1, cache.hits + cache.misses), 4);
    log(`read cache: ${cache.hits} hits, ${cache.misses} misses (${eventsSent} rollup-updated events during the run)`);

    // The same api with the cache off: what each request costs when it reads the database.
    uncachedApi = await startApi({ dbUrl: database.url, queuePrefix: queuePrefix(), env: { READ_CACHE_SECONDS: '0' } });
    const uncachedUrl = apiUrl.replace(api.base, uncachedApi.base);
    log(`the same with READ_CACHE_SECONDS=0: ${WARMUP} s warm-up, then ${DURATION} s…`);
    await load(uncachedUrl, member, WARMUP);
    const uncached = await load(uncachedUrl, member, DURATION);
    for (const [name, r] of [['api', measured], ['api without cache', uncached], ['bare', anchor]]) {
      if (r.non2xx || r.errors) throw new Error(`failed requests (${name}): ${JSON.stringify(r.statuses)}, errors ${r.errors}`);
    }
    const ratio = measured.requestsPerSecond / anchor.requestsPerSecond;
    const result = {
      workload: 'dashboard-read',
      at: new Date().toISOString(),
      node: process.version,
      connections: CONNECTIONS,
      seconds: DURATION,
      query,
      rowsPerResponse: firstBody.items.length,
      serialMedianMs: { api: serialApi, bare: serialBare },
      data: { partners: PARTNERS, indicators: INDICATORS, years: YEARS, rollupRows: data.rollupRows },
      api: measured,
      cache,
      apiWithoutCache: { ...uncached, ratio: round(uncached.requestsPerSecond / anchor.requestsPerSecond) },
      anchor: { name: 'bare node:http + pg handler running the same rollups query', ...anchor },
      ratio: round(ratio),
      targets: { ratio: TARGET_RATIO, p95Ms: TARGET_P95_MS },
      met: { ratio: ratio >= TARGET_RATIO, p95: measured.p95 <= TARGET_P95_MS },
    };
    console.log('');
    console.log(`Dashboard read: GET …/rollups?${query} (${result.rowsPerResponse} rows) as a signed-in member, ${CONNECTIONS} connections, ${DURATION} s`);
    console.log(`  requests/s  ${String(measured.requestsPerSecond).padStart(9)}   anchor (bare node:http + pg, same query) ${anchor.requestsPerSecond}   ratio ${result.ratio} (target ≥ ${TARGET_RATIO}) ${met(result.met.ratio)}`);
    console.log(`  latency     p50 ${measured.p50} ms   p95 ${measured.p95} ms (target ≤ ${TARGET_P95_MS} ms) ${met(result.met.p95)}   p99 ${measured.p99} ms   anchor p50 ${anchor.p50} ms   p95 ${anchor.p95} ms`);
    console.log(`  bytes/response  api ${measured.bytesPerResponse} (gzip)   anchor ${anchor.bytesPerResponse}`);
    console.log(`  read cache  ${cache.hits} hits, ${cache.misses} misses (hit ratio ${cache.hitRatio}) with a rollup-updated event every ${EVENT_MS} ms (${eventsSent} events)`);
    console.log(`  without the cache (READ_CACHE_SECONDS=0): ${uncached.requestsPerSecond} req/s (ratio ${result.apiWithoutCache.ratio})   p50 ${uncached.p50} ms   p95 ${uncached.p95} ms`);
    await writeResult('dashboard-read', result);
    return result;
  } finally {
    await bare?.close().catch(() => undefined);
    await api?.stop();
    await uncachedApi?.stop();
    await pool.end().catch(() => undefined);
    database.drop();
  }
}
