// Workload `rollup-latency` (issue 4): submission-to-rollup latency at BENCH_LATENCY_RATE submissions/s
// (default 50) for BENCH_LATENCY_SECONDS (60), through the built api with the built worker running
// (its outbox relay and rollup jobs). A submission is one partner revising one value (POST …/values/batch
// with submit). Its latency runs from the api's 2xx to the arrival, on the collaboration's SSE stream
// (subscribed as the backbone admin), of the rollup-updated event of the job whose rollups reflect it
// (the partner's month row holds the submitted value and was computed no later than the event was
// sent). Anchor: the same submissions' api round-trips. Target (issue 4): p95 ≤ 2 s.
//
// Environment: BENCH_LATENCY_RATE, BENCH_LATENCY_SECONDS, BENCH_SKIP_BUILD=1, BENCH_KEEP_DB=1, BENCH_ADMIN_URL, REDIS_URL.
import { randomUUID } from 'node:crypto';
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
  percentile,
  queuePrefix,
  root,
  round,
  sleep,
  startApi,
  startWorkerProcess,
  writeResult,
} from '../lib.mjs';

const RATE = Number(process.env.BENCH_LATENCY_RATE ?? 50);
const DURATION = Number(process.env.BENCH_LATENCY_SECONDS ?? 60);
const PARTNERS = 30;
const INDICATORS = 10;
const YEARS = 2;
const TARGET_P95_MS = 2000;

const ms = () => performance.now();

function months() {
  const keys = [];
  const y0 = new Date().getUTCFullYear() - YEARS + 1;
  for (let y = y0; y < y0 + YEARS; y++) for (let m = 1; m <= 12; m++) keys.push(`${y}-${String(m).padStart(2, '0')}`);
  return keys;
}

/** Indicators (counts by sex with totals, and ratios), commitments and two years of values, rolled up. */
async function setUpData(pool, cid, goalId) {
  const partners = await createPartners(pool, cid, PARTNERS);
  const q = (sql, params) => pool.query(sql, params).then((r) => r.rows);
  const indicators = [];
  for (let i = 0; i < INDICATORS; i++) {
    const ratio = i % 5 === 4;
    const [ind] = await q(
      `INSERT INTO indicators (collaboration_id, code, name, definition, unit, value_type, direction, periodicity, aggregation_across,
                               aggregation_over_time, goal_id, baseline_value, baseline_period, measure_type, status)
       VALUES ($1, $2, $3, 'Benchmark', 'people', $4, 'increase', 'month', $5, 'sum', $6, 0, $7, 'performance', 'active') RETURNING id`,
      [cid, `L${i + 1}`, `Latency indicator ${i + 1}`, ratio ? 'ratio' : 'count', ratio ? 'ratio' : 'sum', goalId, String(Number(months()[0].slice(0, 4)) - 1)],
    );
    await q(`INSERT INTO indicator_targets (collaboration_id, indicator_id, period, value, kind) VALUES ($1, $2, $3, 1000000, 'long_term')`, [cid, ind.id, '2030']);
    indicators.push({ id: ind.id, ratio });
  }
  const keys = months();
  await q(
    `INSERT INTO commitments (collaboration_id, partner_id, indicator_id, start_period)
     SELECT $1, p, i, $4 FROM unnest($2::uuid[]) p CROSS JOIN unnest($3::uuid[]) i`,
    [cid, partners, indicators.map((i) => i.id), keys[0]],
  );
  await q(
    `INSERT INTO indicator_values (collaboration_id, indicator_id, partner_id, period, cell, value, numerator, denominator, status, via, submitted_at)
     SELECT $1, i.id, p, m, 'total',
            CASE WHEN i.ratio THEN NULL ELSE floor(random() * 100) END,
            CASE WHEN i.ratio THEN floor(random() * 50) END, CASE WHEN i.ratio THEN 50 END, 'submitted', 'import', now()
       FROM unnest($2::uuid[], $3::boolean[]) AS i(id, ratio) CROSS JOIN unnest($4::uuid[]) p CROSS JOIN unnest($5::text[]) m`,
    [cid, indicators.map((i) => i.id), indicators.map((i) => i.ratio), partners, keys],
  );
  const { fullRebuild } = await import(pathToFileURL(join(root, 'worker', 'dist', 'worker', 'src', 'rollups', 'recompute.js')).href);
  await fullRebuild(pool, cid);
  return { partners, indicators, months: keys };
}

/** The collaboration's SSE stream: calls onEvent(name, data, arrivedAtMs) for every event. */
async function subscribe(base, cid, cookie, onEvent) {
  const controller = new AbortController();
  const res = await fetch(`${base}/api/collaborations/${cid}/events`, { headers: { accept: 'text/event-stream', cookie }, signal: controller.signal });
  if (res.status !== 200) throw new Error(`the events stream answered ${res.status}: ${await res.text()}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let ready;
  const isReady = new Promise((r) => (ready = r));
  const pump = (async () => {
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ done: true }));
      if (done) return;
      buffer += value;
      let i;
      while ((i = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        const at = ms();
        const name = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (name === 'ready') ready();
        if (name && data) onEvent(name, JSON.parse(data), at);
      }
    }
  })();
  await isReady;
  return { close: async () => { controller.abort(); await pump; } };
}

export async function main() {
  build(['api', 'worker']);
  const database = createDatabase();
  const prefix = queuePrefix();
  let api = null;
  let worker = null;
  let stream = null;
  const pool = connect(database.url, { max: 6 });
  try {
    api = await startApi({ dbUrl: database.url, queuePrefix: prefix });
    const { cid, goalId, admin } = await createCollaboration(api.base);
    const data = await setUpData(pool, cid, goalId);
    const sessions = new Map();
    for (const p of data.partners) sessions.set(p, await memberSession(pool, { cid, partnerId: p, role: 'partner_contributor' }));
    log(`${PARTNERS} partners × ${INDICATORS} indicators × ${data.months.length} months of values, rolled up; starting the worker…`);
    // No scheduled reconciliation: its first run starts at once and is not the path measured here.
    worker = startWorkerProcess({ dbUrl: database.url, queuePrefix: prefix, env: { RECONCILE_INTERVAL_MINUTES: '0' } });

    // Every submission revises a distinct (partner, indicator, month) to a distinct value, so the rollup row that reflects it is unambiguous.
    const keys = [];
    for (const m of data.months.slice(-12)) for (const ind of data.indicators) for (const p of data.partners) keys.push({ partnerId: p, indicator: ind, period: m });
    for (let i = keys.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [keys[i], keys[j]] = [keys[j], keys[i]];
    }
    const total = Math.round(RATE * DURATION);
    if (total + 1 > keys.length) throw new Error(`${total} submissions need more than ${keys.length} distinct keys; lower BENCH_LATENCY_SECONDS`);

    const pending = new Map(); // `${indicatorId}|${period}` → submissions awaiting their rollup
    const done = [];
    const checks = [];
    const onEvent = (name, msg, at) => {
      if (name !== 'rollup-updated') return;
      const waiting = msg.periods.flatMap((p) => pending.get(`${msg.indicatorId}|${p}`) ?? []);
      if (waiting.length === 0) return;
      checks.push(
        pool
          .query(
            `SELECT scope, value::text AS value, numerator::text AS numerator, computed_at <= $4::timestamptz AS before
               FROM rollups WHERE collaboration_id = $1 AND indicator_id = $2 AND granularity = 'month' AND period = ANY($3::text[])
                AND cell = 'total' AND scope <> 'all'`,
            [cid, msg.indicatorId, msg.periods, msg.computedAt],
          )
          .then(({ rows }) => {
            const byScope = new Map(rows.map((r) => [r.scope, r]));
            for (const s of waiting) {
              if (s.arrivedAt !== undefined) continue;
              const r = byScope.get(s.partnerId);
              if (r && r.before && (s.indicator.ratio ? r.numerator : r.value) === s.value && r.scope === s.partnerId) {
                s.arrivedAt = at;
                const list = pending.get(`${s.indicator.id}|${s.period}`);
                list.splice(list.indexOf(s), 1);
                done.push(s);
              }
            }
          }),
      );
    };
    stream = await subscribe(api.base, cid, admin.cookie, onEvent);

    const submit = async (s) => {
      const session = sessions.get(s.partnerId);
      const row = { indicatorId: s.indicator.id, partnerId: s.partnerId, period: s.period, cell: 'total' };
      const body = { values: [s.indicator.ratio ? { ...row, numerator: s.value, denominator: '1000000' } : { ...row, value: s.value }], submit: true };
      const list = pending.get(`${s.indicator.id}|${s.period}`) ?? [];
      list.push(s);
      pending.set(`${s.indicator.id}|${s.period}`, list);
      s.sentAt = ms();
      const res = await fetch(`${api.base}/api/collaborations/${cid}/values/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf, 'idempotency-key': randomUUID() },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`values/batch answered ${res.status}: ${text.slice(0, 1000)}`);
      s.okAt = ms();
    };
    const waitFor = async (subs, timeoutMs) => {
      const until = ms() + timeoutMs;
      while (subs.some((s) => s.arrivedAt === undefined) && ms() < until) await sleep(50);
    };

    // Warm-up (also waits for the worker to be up): one submission, seen through to its event.
    const warm = { ...keys.pop(), value: '900000' };
    await submit(warm);
    await waitFor([warm], 60_000);
    if (warm.arrivedAt === undefined) throw new Error('the warm-up submission never reached the rollups');
    done.length = 0;

    log(`${total} submissions at ${RATE}/s for ${DURATION} s…`);
    const subs = keys.slice(0, total).map((k, i) => ({ ...k, value: String(1_000_000 + i) }));
    const t0 = ms();
    const inflight = [];
    for (const [i, s] of subs.entries()) {
      const wait = t0 + (i * 1000) / RATE - ms();
      if (wait > 0) await sleep(wait);
      inflight.push(submit(s));
    }
    await Promise.all(inflight);
    const sendSeconds = (ms() - t0) / 1000;
    await waitFor(subs, 60_000);
    await Promise.all(checks);
    const missing = subs.filter((s) => s.arrivedAt === undefined).length;
    if (missing > 0) throw new Error(`${missing} of ${subs.length} submissions never showed in the rollups within 60 s of the last one`);

    // An event can beat the client's view of its own 2xx: that counts as 0.
    const latency = subs.map((s) => Math.max(0, s.arrivedAt - s.okAt)).sort((a, b) => a - b);
    const roundTrip = subs.map((s) => s.okAt - s.sentAt).sort((a, b) => a - b);
    const p = (arr, q) => round(percentile(arr, q), 1);
    const result = {
      workload: 'rollup-latency',
      at: new Date().toISOString(),
      node: process.version,
      rate: RATE,
      seconds: DURATION,
      achievedRate: round(subs.length / sendSeconds, 1),
      submissions: subs.length,
      data: { partners: PARTNERS, indicators: INDICATORS, months: data.months.length },
      latencyMs: { p50: p(latency, 50), p95: p(latency, 95), p99: p(latency, 99), max: p(latency, 100) },
      anchor: { name: 'the same submissions’ api round-trip (request → 2xx)', p50: p(roundTrip, 50), p95: p(roundTrip, 95), max: p(roundTrip, 100) },
      targets: { p95Ms: TARGET_P95_MS },
      met: { p95: percentile(latency, 95) <= TARGET_P95_MS },
    };
    console.log('');
    console.log(`Submission → rollup latency, ${subs.length} submissions at ${RATE}/s (achieved ${result.achievedRate}/s), api 2xx → SSE event of the job that reflects it`);
    console.log(`  latency     p50 ${String(result.latencyMs.p50).padStart(7)} ms   p95 ${String(result.latencyMs.p95).padStart(7)} ms (target ≤ ${TARGET_P95_MS} ms) ${met(result.met.p95)}   p99 ${result.latencyMs.p99} ms   max ${result.latencyMs.max} ms`);
    console.log(`  anchor      p50 ${String(result.anchor.p50).padStart(7)} ms   p95 ${String(result.anchor.p95).padStart(7)} ms   (the same submissions' api round-trip)`);
    await writeResult('rollup-latency', result);
    return result;
  } finally {
    await stream?.close().catch(() => undefined);
    await worker?.stop();
    await api?.stop();
    await pool.end().catch(() => undefined);
    database.drop();
  }
}
