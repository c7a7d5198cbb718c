import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import pino from 'pino';
import { Writable } from 'node:stream';
import { Client } from 'pg';
import type { Logger } from '../src/logger';
import {
  createBusyIndicators,
  createPendingCheck,
  RECONCILE_SCHEDULER_ID,
  reconcile,
  reconcileCollaboration,
  scheduleReconciliation,
} from '../src/reconcile';
import type { ReconcileDeps } from '../src/reconcile/run';
import { fullRebuild } from '../src/rollups/recompute';
import { startWorker, type WorkerRuntime } from '../src/worker';
import {
  close,
  createIndicator,
  createTenant,
  freshRollupsDatabase,
  readRollups,
  until,
  upsertValue,
  type Tenant,
  type TestDatabase,
} from './rollups-support';
import { testConfig } from './support';

/**
 * The scheduled reconciliation (worker/src/reconcile): a rebuild into a scratch table compared
 * with the live rollups. Real PostgreSQL (fresh database, real migrations) and Redis (random
 * queue prefix). Drift is made by corrupting live rollup rows in SQL, as a bug or a hand edit would.
 */

interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}
const WARN = 40;

function capturingLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

let db: TestDatabase;
let tenant: Tenant;
let counts: string;
let shares: string;
let config: ReturnType<typeof testConfig>;
let connection: IORedis;
let queue: Queue;

interface Recorded {
  indicatorsChecked: number;
  indicatorsSkipped: number;
  cellsCompared: number;
  cellsDrifted: number;
  cellsMissing: number;
  cellsExtra: number;
  cellsDifferent: number;
  examples: Array<{ indicatorId: string; kind: string; granularity: string; period: string; scope: string; live: { value: string } | null; expected: { value: string } | null }>;
  repaired: boolean;
}

async function records(collaborationId = tenant.collaborationId): Promise<Recorded[]> {
  const { rows } = await db.pool.query<Recorded>(
    `SELECT indicators_checked AS "indicatorsChecked", indicators_skipped AS "indicatorsSkipped",
            cells_compared AS "cellsCompared", cells_drifted AS "cellsDrifted", cells_missing AS "cellsMissing",
            cells_extra AS "cellsExtra", cells_different AS "cellsDifferent", examples, repaired
       FROM rollup_reconciliations WHERE collaboration_id = $1 ORDER BY id`,
    [collaborationId],
  );
  return rows;
}
const latest = async () => (await records()).at(-1)!;

const deps = (logger: Logger, extra: Partial<ReconcileDeps> = {}): ReconcileDeps => ({
  pool: db.pool,
  logger,
  pending: createPendingCheck(() => queue),
  ...extra,
});

const rollupCount = async () =>
  (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM rollups WHERE collaboration_id = $1`, [tenant.collaborationId])).rows[0]!.n;

beforeAll(async () => {
  db = await freshRollupsDatabase();
  config = testConfig({ DATABASE_URL: db.url });
  connection = new IORedis(config.redisUrl, { maxRetriesPerRequest: null });
  queue = new Queue('rollups', { connection, prefix: config.queuePrefix });
  tenant = await createTenant(db.pool, { fiscalYearStartMonth: 4, requiresApproval: false, partners: 3 });
  counts = await createIndicator(db.pool, tenant, { valueType: 'count', periodicity: 'month', across: 'sum', overTime: 'sum' });
  shares = await createIndicator(db.pool, tenant, { valueType: 'percentage', periodicity: 'quarter', across: 'ratio', overTime: 'last' });
  const months = ['2025-03', '2025-04', '2025-05', '2025-06', '2025-07'];
  for (const [p, partnerId] of tenant.partners.entries()) {
    for (const [i, period] of months.entries()) {
      const base = { partnerId, period, activityId: null, numerator: null, denominator: null, status: 'submitted' as const };
      await upsertValue(db.pool, tenant, { ...base, indicatorId: counts, cell: 'total', value: String(10 * p + i + 0.5) });
    }
    for (const period of ['FY2025-Q1', 'FY2025-Q2']) {
      await upsertValue(db.pool, tenant, {
        indicatorId: shares,
        partnerId,
        period,
        cell: 'total',
        activityId: null,
        value: null,
        numerator: String(p + 1),
        denominator: '3',
        status: 'approved',
      });
    }
  }
  await fullRebuild(db.pool, tenant.collaborationId);
});

afterAll(async () => {
  await queue?.obliterate({ force: true }).catch(() => undefined);
  await queue?.close();
  await connection?.quit();
  await db?.drop();
});

describe('reconciliation', () => {
  it('a clean run compares every cell and reports zero drift', async () => {
    const { logger, lines } = capturingLogger();
    const summary = await reconcile(deps(logger), tenant.collaborationId);
    const cells = await rollupCount();
    expect(cells).toBeGreaterThan(20);
    expect(summary).toEqual({ collaborations: 1, cellsCompared: cells, cellsDrifted: 0, indicatorsSkipped: 0 });
    expect(await latest()).toEqual({
      indicatorsChecked: 2,
      indicatorsSkipped: 0,
      cellsCompared: cells,
      cellsDrifted: 0,
      cellsMissing: 0,
      cellsExtra: 0,
      cellsDifferent: 0,
      examples: [],
      repaired: false,
    });
    expect(lines.filter((l) => l.level >= WARN)).toEqual([]);
    expect(lines.some((l) => /rollups equal a rebuild/.test(l.msg))).toBe(true);
  });

  it('reports a changed, a deleted and an invented live cell — in the table and the log — and fixes nothing', async () => {
    const [p0] = tenant.partners;
    await db.pool.query(
      `UPDATE rollups SET value = value + 1 WHERE collaboration_id = $1 AND indicator_id = $2
          AND granularity = 'year' AND period = 'FY2025' AND cell = 'total' AND scope = 'all'`,
      [tenant.collaborationId, counts],
    );
    await db.pool.query(
      `DELETE FROM rollups WHERE collaboration_id = $1 AND indicator_id = $2
          AND granularity = 'quarter' AND period = 'FY2025-Q2' AND cell = 'total' AND scope = $3`,
      [tenant.collaborationId, shares, p0],
    );
    await db.pool.query(
      `INSERT INTO rollups (collaboration_id, indicator_id, granularity, period, cell, scope, value, partner_count, value_count)
       VALUES ($1, $2, 'month', '2031-01', 'total', 'all', 99, 1, 1)`,
      [tenant.collaborationId, counts],
    );
    const corrupted = await readRollups(db.pool, tenant.collaborationId);
    const { logger, lines } = capturingLogger();
    const summary = await reconcile(deps(logger), tenant.collaborationId);
    expect(summary.cellsDrifted).toBe(3);

    const r = await latest();
    expect(r).toMatchObject({ indicatorsChecked: 2, cellsDrifted: 3, cellsMissing: 1, cellsExtra: 1, cellsDifferent: 1, repaired: false });
    const byKind = Object.fromEntries(r.examples.map((e) => [e.kind, e]));
    expect(byKind.different).toMatchObject({ indicatorId: counts, granularity: 'year', period: 'FY2025', scope: 'all' });
    expect(Number(byKind.different!.live!.value) - Number(byKind.different!.expected!.value)).toBe(1);
    expect(byKind.missing).toMatchObject({ indicatorId: shares, period: 'FY2025-Q2', scope: p0, live: null });
    expect(byKind.missing!.expected!.value).toBeDefined();
    expect(byKind.extra).toMatchObject({ indicatorId: counts, period: '2031-01', expected: null, live: expect.objectContaining({ value: '99' }) });

    const warning = lines.find((l) => l.level === WARN);
    expect(warning).toMatchObject({
      msg: expect.stringMatching(/rollup drift/),
      collaborationId: tenant.collaborationId,
      cellsDrifted: 3,
      missing: 1,
      extra: 1,
      different: 1,
      examples: expect.arrayContaining([expect.objectContaining({ kind: 'extra', period: '2031-01' })]),
    });
    // Reporting only: the live rollups are exactly as corrupted.
    expect(await readRollups(db.pool, tenant.collaborationId)).toEqual(corrupted);
  });

  it('allows 1e-9 relative: a difference below it is not drift, one above it is', async () => {
    await fullRebuild(db.pool, tenant.collaborationId);
    const where = `collaboration_id = $1 AND indicator_id = $2 AND granularity = 'quarter' AND period = 'FY2025-Q1' AND cell = 'total' AND scope = 'all'`;
    const { rows } = await db.pool.query<{ value: string }>(`SELECT value::text AS value FROM rollups WHERE ${where}`, [tenant.collaborationId, shares]);
    const exact = rows[0]!.value;
    const set = (v: string) => db.pool.query(`UPDATE rollups SET value = $3::numeric WHERE ${where}`, [tenant.collaborationId, shares, v]);
    const { logger } = capturingLogger();

    const tiny = (Number(exact) * (1 + 1e-12)).toPrecision(17);
    expect(close(tiny, exact)).toBe(true);
    await set(tiny);
    await reconcile(deps(logger), tenant.collaborationId);
    expect((await latest()).cellsDrifted).toBe(0);

    await set((Number(exact) * (1 + 1e-6)).toPrecision(17));
    await reconcile(deps(logger), tenant.collaborationId);
    expect(await latest()).toMatchObject({ cellsDrifted: 1, cellsDifferent: 1 });
    await set(exact);
  });

  it('leaves an indicator whose changes are still on their way (outbox row, queued job) for the next run', async () => {
    await db.pool.query(
      `UPDATE rollups SET value = value * 2 WHERE collaboration_id = $1 AND indicator_id = $2 AND granularity = 'month' AND period = '2025-04' AND scope = 'all'`,
      [tenant.collaborationId, counts],
    );
    const { logger } = capturingLogger();
    const { rows } = await db.pool.query<{ id: string }>(
      `INSERT INTO outbox (collaboration_id, kind, indicator_id, period) VALUES ($1, 'values_changed', $2, '2025-04') RETURNING id::text AS id`,
      [tenant.collaborationId, counts],
    );
    await reconcile(deps(logger), tenant.collaborationId);
    expect(await latest()).toMatchObject({ indicatorsChecked: 1, indicatorsSkipped: 1, cellsDrifted: 0 });

    // Relayed: the row is processed, its job waits in the queue.
    await db.pool.query(`UPDATE outbox SET processed_at = now() WHERE collaboration_id = $1 AND id = $2`, [tenant.collaborationId, rows[0]!.id]);
    const job = await queue.add('period', { collaborationId: tenant.collaborationId, indicatorId: counts, period: '2025-04' });
    await reconcile(deps(logger), tenant.collaborationId);
    expect(await latest()).toMatchObject({ indicatorsSkipped: 1, cellsDrifted: 0 });
    // The same seen up front, from one listing of the queue, without rebuilding the indicator.
    await reconcile(deps(logger, { busy: createBusyIndicators(() => queue) }), tenant.collaborationId);
    expect(await latest()).toMatchObject({ indicatorsChecked: 1, indicatorsSkipped: 1, cellsDrifted: 0 });

    // Nothing on its way any more (say the job failed for good): the difference is drift.
    await job.remove();
    await reconcile(deps(logger), tenant.collaborationId);
    expect(await latest()).toMatchObject({ indicatorsChecked: 2, indicatorsSkipped: 0, cellsDrifted: 1, cellsDifferent: 1 });
  });

  it('with repair on, rebuilds the drifted indicators after reporting them; the next run is clean', async () => {
    const { logger, lines } = capturingLogger();
    const repaired: string[] = [];
    const withRepair = deps(logger, {
      repair: async (collaborationId, indicatorId) => {
        repaired.push(indicatorId);
        await fullRebuild(db.pool, collaborationId, indicatorId);
      },
    });
    await reconcile(withRepair, tenant.collaborationId);
    expect(repaired).toEqual([counts]);
    expect(await latest()).toMatchObject({ cellsDrifted: 1, repaired: true });
    expect(lines.some((l) => l.level === WARN && /rebuilding the drifted indicators/.test(l.msg))).toBe(true);
    await reconcile(withRepair, tenant.collaborationId);
    expect(await latest()).toMatchObject({ cellsDrifted: 0, repaired: false });
    expect(repaired).toEqual([counts]);
  });

  it('skips a collaboration another reconciliation is busy with', async () => {
    const other = new Client({ connectionString: db.url });
    await other.connect();
    try {
      await other.query(`SELECT pg_advisory_lock(hashtextextended('reconcile:' || $1::text, 42))`, [tenant.collaborationId]);
      const before = (await records()).length;
      const { logger } = capturingLogger();
      expect(await reconcileCollaboration(deps(logger), tenant.collaborationId)).toBeNull();
      expect(await records()).toHaveLength(before);
    } finally {
      await other.end();
    }
  });
});

describe('the job scheduler', () => {
  let runtimes: WorkerRuntime[] = [];
  afterAll(async () => {
    await Promise.all(runtimes.map((r) => r.close()));
    runtimes = [];
  });

  it('several worker instances install one scheduler; its first run reconciles every collaboration', async () => {
    const second = await createTenant(db.pool, { fiscalYearStartMonth: 1, requiresApproval: false, partners: 1 });
    const before = (await records()).length;
    const { logger } = capturingLogger();
    const scheduled = { ...config, reconcileIntervalMinutes: 30 };
    runtimes.push(await startWorker(scheduled, { logger, reconcile: true }));
    runtimes.push(await startWorker(scheduled, { logger, reconcile: true }));
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers).toEqual([expect.objectContaining({ key: RECONCILE_SCHEDULER_ID, name: 'reconcile', every: 30 * 60_000 })]);
    await until(async () => (await records()).length > before && (await records(second.collaborationId)).length > 0, 30000);
    expect(await latest()).toMatchObject({ cellsDrifted: 0, indicatorsChecked: 2 });
    expect(await records(second.collaborationId)).toEqual([expect.objectContaining({ indicatorsChecked: 0, cellsCompared: 0 })]);
  });

  it('RECONCILE_INTERVAL_MINUTES=0 removes the scheduler', async () => {
    const { logger } = capturingLogger();
    await scheduleReconciliation(queue, 0, logger);
    expect(await queue.getJobSchedulers()).toEqual([]);
    // Removing what is not there is harmless.
    await scheduleReconciliation(queue, 0, logger);
  });
});
