// Workload `values-batch` (QUALITY.md): 500-value batches through the api (POST …/values/batch: every row validated,
// upserted, a revision each, the audit event) at saturation — BENCH_BATCH_CONNECTIONS clients (default 8), one partner
// organisation each, every client sending its next batch as soon as the last one is answered, BENCH_BATCH_ROUNDS batches
// each (default 20) — measured as values/s and batch latency, beside a direct `INSERT … ON CONFLICT` of the same rows
// with pg (the same number of connections, one 500-row statement per batch) into the same table for a twin
// collaboration set up the same way. No target is set; the ratio says what validation, revisions and audit cost.
//
// Environment: BENCH_BATCH_CONNECTIONS, BENCH_BATCH_ROUNDS, BENCH_SKIP_BUILD=1, BENCH_KEEP_DB=1, BENCH_ADMIN_URL, REDIS_URL.
import {
  build,
  connect,
  createCollaboration,
  createDatabase,
  createPartners,
  log,
  memberSession,
  now,
  percentile,
  queuePrefix,
  round,
  seconds,
  startApi,
  writeResult,
} from '../lib.mjs';

const CONNECTIONS = Number(process.env.BENCH_BATCH_CONNECTIONS ?? 8);
const ROUNDS = Number(process.env.BENCH_BATCH_ROUNDS ?? 20);
const INDICATORS = 50;
const MONTHS_PER_BATCH = 10; // 50 indicators × 10 months = 500 values
const BATCH = INDICATORS * MONTHS_PER_BATCH;
const FIRST_YEAR = 2000;

const monthKey = (i) => `${FIRST_YEAR + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;

/** A collaboration with CONNECTIONS partners (a contributor session each), INDICATORS monthly counts, every partner committed. */
async function setUp(base, db) {
  const { cid, goalId } = await createCollaboration(base, { vision: 'Fast batches.' });
  const partnerIds = await createPartners(db, cid, CONNECTIONS);
  const { rows: indicators } = await db.query(
    `INSERT INTO indicators (collaboration_id, code, name, definition, unit, value_type, direction, periodicity, aggregation_across,
                             aggregation_over_time, goal_id, baseline_value, baseline_period, measure_type, status)
     SELECT $1, 'B' || g, 'Batch indicator ' || g, 'Benchmark', 'people', 'count', 'increase', 'month', 'sum', 'sum', $2, 0, $3, 'performance', 'active'
       FROM generate_series(1, $4::int) g RETURNING id`,
    [cid, goalId, String(FIRST_YEAR - 1), INDICATORS],
  );
  await db.query(
    `INSERT INTO commitments (collaboration_id, partner_id, indicator_id, start_period)
     SELECT $1, p, i, $4 FROM unnest($2::uuid[]) p, unnest($3::uuid[]) i`,
    [cid, partnerIds, indicators.map((r) => r.id), `${FIRST_YEAR}-01`],
  );
  const partners = [];
  for (const partnerId of partnerIds) {
    partners.push({ partnerId, ...(await memberSession(db, { cid, partnerId, role: 'partner_contributor', name: 'Bench contributor' })) });
  }
  return { cid, indicatorIds: indicators.map((r) => r.id), partners };
}

/** Batch `r` of a partner: every indicator × 10 months not written before. */
function batchRows(indicatorIds, partnerId, r) {
  const rows = [];
  for (let k = 0; k < MONTHS_PER_BATCH; k++) {
    const period = monthKey(r * MONTHS_PER_BATCH + k);
    for (const [i, indicatorId] of indicatorIds.entries()) rows.push({ indicatorId, partnerId, period, value: String(((r * 7 + k * 13 + i) % 97) + 1) });
  }
  return rows;
}

/** CONNECTIONS loops, one per partner, each running ROUNDS batches back to back; returns elapsed seconds and batch latencies (ms). */
async function saturate(partners, send) {
  const latencies = [];
  const t0 = now();
  await Promise.all(
    partners.map(async (p) => {
      for (let r = 0; r < ROUNDS; r++) {
        const s = performance.now();
        await send(p, r);
        latencies.push(performance.now() - s);
      }
    }),
  );
  return { seconds: seconds(now() - t0), latencies: latencies.sort((a, b) => a - b) };
}

export async function main() {
  build(['api']);
  const database = createDatabase();
  let api = null;
  const db = connect(database.url, { max: CONNECTIONS + 2 });
  try {
    api = await startApi({ dbUrl: database.url, queuePrefix: queuePrefix() });
    const viaApi = await setUp(api.base, db);
    const direct = await setUp(api.base, db);
    const total = CONNECTIONS * ROUNDS * BATCH;

    log(`api: ${CONNECTIONS} partners × ${ROUNDS} batches of ${BATCH} values (${total.toLocaleString('en')} values)…`);
    const apiRun = await saturate(viaApi.partners, async (p, r) => {
      const res = await fetch(`${api.base}/api/collaborations/${viaApi.cid}/values/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: p.cookie, 'x-csrf-token': p.csrf },
        body: JSON.stringify({ values: batchRows(viaApi.indicatorIds, p.partnerId, r) }),
      });
      const body = await res.json();
      if (res.status !== 200 || body.created !== BATCH) throw new Error(`a batch answered ${res.status}: ${JSON.stringify(body).slice(0, 500)}`);
    });

    log('anchor: the same rows with a direct INSERT … ON CONFLICT per batch, as many connections…');
    const anchorRun = await saturate(direct.partners, async (p, r) => {
      const rows = batchRows(direct.indicatorIds, p.partnerId, r);
      await db.query(
        `INSERT INTO indicator_values (collaboration_id, indicator_id, partner_id, period, cell, value, status, created_by, updated_by, via)
         SELECT $1, u.indicator_id, $2, u.period, 'total', u.value, 'draft', $3, $3, 'api'
           FROM unnest($4::uuid[], $5::text[], $6::numeric[]) AS u(indicator_id, period, value)
         ON CONFLICT (collaboration_id, indicator_id, partner_id, period, cell, (COALESCE(activity_id, '00000000-0000-0000-0000-000000000000'::uuid)))
         DO UPDATE SET value = EXCLUDED.value, version = indicator_values.version + 1, updated_at = now()`,
        [direct.cid, p.partnerId, p.userId, rows.map((x) => x.indicatorId), rows.map((x) => x.period), rows.map((x) => x.value)],
      );
    });

    const counted = async (cid) => (await db.query(`SELECT count(*)::int AS n FROM indicator_values WHERE collaboration_id = $1`, [cid])).rows[0].n;
    const [apiValues, anchorValues] = [await counted(viaApi.cid), await counted(direct.cid)];
    if (apiValues !== total || anchorValues !== total) throw new Error(`expected ${total} values on each side, found ${apiValues} (api) and ${anchorValues} (anchor)`);
    const revisions = (await db.query(`SELECT count(*)::int AS n FROM value_revisions WHERE collaboration_id = $1`, [viaApi.cid])).rows[0].n;
    if (revisions !== total) throw new Error(`expected a revision per value written through the api, found ${revisions}`);

    const apiRate = total / apiRun.seconds;
    const anchorRate = total / anchorRun.seconds;
    const result = {
      workload: 'values-batch',
      at: new Date().toISOString(),
      node: process.version,
      connections: CONNECTIONS,
      batches: CONNECTIONS * ROUNDS,
      batchSize: BATCH,
      values: total,
      api: {
        valuesPerSecond: Math.round(apiRate),
        seconds: round(apiRun.seconds, 2),
        batchMs: { p50: round(percentile(apiRun.latencies, 50), 1), p95: round(percentile(apiRun.latencies, 95), 1) },
      },
      anchor: {
        name: 'direct INSERT … ON CONFLICT of the same rows with pg',
        valuesPerSecond: Math.round(anchorRate),
        seconds: round(anchorRun.seconds, 2),
        batchMs: { p50: round(percentile(anchorRun.latencies, 50), 1), p95: round(percentile(anchorRun.latencies, 95), 1) },
      },
      ratio: round(apiRate / anchorRate),
    };
    console.log('');
    console.log(`${CONNECTIONS} partners sending ${BATCH}-value batches back to back, ${result.batches} batches, ${total.toLocaleString('en')} values`);
    console.log(
      `  values/s   ${result.api.valuesPerSecond.toLocaleString('en').padStart(8)} through the api   anchor (direct INSERT … ON CONFLICT) ${result.anchor.valuesPerSecond.toLocaleString('en').padStart(8)}   ratio ${result.ratio}`,
    );
    console.log(`  batch      p50 ${result.api.batchMs.p50} ms, p95 ${result.api.batchMs.p95} ms through the api   anchor p50 ${result.anchor.batchMs.p50} ms, p95 ${result.anchor.batchMs.p95} ms`);
    await writeResult('values-batch', result);
    return result;
  } finally {
    await api?.stop();
    await db.end().catch(() => undefined);
    database.drop();
  }
}
