import { ROLLUP_UPDATED_CHANNEL, type RollupUpdatedMessage } from '@constellation/shared';
import { Queue, type Job } from 'bullmq';
import IORedis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { createLogger } from '../src/logger';
import { relayBatch } from '../src/rollups/relay';
import { startWorker, type WorkerRuntime } from '../src/worker';
import {
  createIndicator,
  createTenant,
  freshRollupsDatabase,
  readRollups,
  until,
  upsertValue,
  type Tenant,
  type TestDatabase,
} from './rollups-support';
import { REDIS_URL, testConfig, waitForState } from './support';

/**
 * The whole path: values + outbox rows in PostgreSQL → outbox relay → BullMQ "rollups" → set-based
 * recompute → rollups table → Redis pub/sub "rollup-updated". Real PostgreSQL (fresh database,
 * real migrations) and Redis (random queue prefix).
 */
const logger = createLogger({ logLevel: 'silent' });

let db: TestDatabase;
let runtime: WorkerRuntime;
let queue: Queue;
let producerConnection: IORedis;
let subscriber: IORedis;
const messages: RollupUpdatedMessage[] = [];
let tenant: Tenant;

beforeAll(async () => {
  db = await freshRollupsDatabase();
  const config = testConfig({ DATABASE_URL: db.url });
  subscriber = new IORedis(REDIS_URL);
  await subscriber.subscribe(ROLLUP_UPDATED_CHANNEL);
  subscriber.on('message', (_channel, text: string) => messages.push(JSON.parse(text) as RollupUpdatedMessage));
  producerConnection = new IORedis(config.redisUrl, { maxRetriesPerRequest: null });
  queue = new Queue('rollups', { connection: producerConnection, prefix: config.queuePrefix });
  runtime = await startWorker(config, { logger, relay: true });
  tenant = await createTenant(db.pool, { fiscalYearStartMonth: 4, requiresApproval: false, partners: 2 });
});

afterAll(async () => {
  await runtime?.close();
  await queue?.obliterate({ force: true }).catch(() => undefined);
  await queue?.close();
  await producerConnection?.quit();
  await subscriber?.quit();
  await db?.drop();
});

async function outbox(kind: string, indicatorId: string, period: string | null): Promise<void> {
  await db.pool.query(`INSERT INTO outbox (collaboration_id, kind, indicator_id, period) VALUES ($1, $2, $3, $4)`, [
    tenant.collaborationId,
    kind,
    indicatorId,
    period,
  ]);
}

const find = async (indicatorId: string, granularity: string, period: string, scope = 'all') =>
  (await readRollups(db.pool, tenant.collaborationId)).find(
    (r) =>
      r.indicatorId === indicatorId &&
      r.granularity === granularity &&
      r.period === period &&
      r.cell === 'total' &&
      r.scope === scope,
  );

describe('rollup pipeline: outbox → relay → job → rollups → rollup-updated', () => {
  it('rolls submitted values up to the month, fiscal quarter and fiscal year, and announces it', async () => {
    const indicatorId = await createIndicator(db.pool, tenant, {
      valueType: 'count',
      periodicity: 'month',
      across: 'sum',
      overTime: 'sum',
    });
    const [p1, p2] = tenant.partners;
    const base = { indicatorId, cell: 'total', activityId: null, numerator: null, denominator: null } as const;
    await upsertValue(db.pool, tenant, { ...base, partnerId: p1, period: '2025-04', value: '10', status: 'submitted' });
    await upsertValue(db.pool, tenant, { ...base, partnerId: p2, period: '2025-04', value: '5', status: 'approved' });
    await upsertValue(db.pool, tenant, { ...base, partnerId: p1, period: '2025-05', value: '7', status: 'submitted' });
    await upsertValue(db.pool, tenant, { ...base, partnerId: p2, period: '2025-05', value: '100', status: 'draft' });
    // A burst: several rows per (indicator, period) collapse into one job each.
    for (let i = 0; i < 5; i++) await outbox('values_changed', indicatorId, '2025-04');
    await outbox('values_changed', indicatorId, '2025-05');

    // Each period's job recomputes its month and the parents: wait until both months' jobs have run.
    const quarter = await until(async () => {
      const r = await find(indicatorId, 'quarter', 'FY2025-Q1');
      const april = await find(indicatorId, 'month', '2025-04');
      const may = await find(indicatorId, 'month', '2025-05');
      return r?.value === '22' && april && may ? r : undefined;
    });
    expect(quarter).toMatchObject({ partnerCount: 2, valueCount: 3 });
    expect(await find(indicatorId, 'month', '2025-04')).toMatchObject({ value: '15', partnerCount: 2 });
    expect(await find(indicatorId, 'month', '2025-05')).toMatchObject({ value: '7', partnerCount: 1 });
    expect(await find(indicatorId, 'year', 'FY2025')).toMatchObject({ value: '22' });
    expect(await find(indicatorId, 'year', 'FY2025', p1)).toMatchObject({ value: '17', partnerCount: 1 });

    const message = await until(async () =>
      messages.find((m) => m.indicatorId === indicatorId && m.periods.includes('2025-05')),
    );
    expect(message).toMatchObject({
      collaborationId: tenant.collaborationId,
      periods: ['2025-05', 'FY2025-Q1', 'FY2025'],
    });
    expect(Number.isNaN(Date.parse(message.computedAt))).toBe(false);
    await until(async () => {
      const { rows } = await db.pool.query(
        `SELECT count(*)::int AS n FROM outbox WHERE collaboration_id = $1 AND processed_at IS NULL`,
        [tenant.collaborationId],
      );
      return rows[0].n === 0;
    });

    // A revision replaces the value; the next job recomputes whole cells (never increments).
    await upsertValue(db.pool, tenant, { ...base, partnerId: p1, period: '2025-04', value: '1', status: 'submitted' });
    await outbox('values_changed', indicatorId, '2025-04');
    await until(async () => (await find(indicatorId, 'year', 'FY2025'))?.value === '13');

    // A definition change rebuilds the indicator: now a stock, the quarter takes the last month.
    await db.pool.query(`UPDATE indicators SET aggregation_over_time = 'last' WHERE collaboration_id = $1 AND id = $2`, [
      tenant.collaborationId,
      indicatorId,
    ]);
    await outbox('indicator_definition_changed', indicatorId, null);
    const last = await until(async () => {
      const r = await find(indicatorId, 'quarter', 'FY2025-Q1');
      return r?.value === '12' ? r : undefined; // p1's last month 7 + p2's last month 5
    });
    expect(last.partnerCount).toBe(2);
    await until(async () => messages.find((m) => m.indicatorId === indicatorId && m.periods[0] === '*'));
  });

  it('fails a job with an invalid payload for good (UnrecoverableError, no retry)', async () => {
    const job = await queue.add(
      'period',
      { collaborationId: 'not-a-uuid', indicatorId: randomUUID(), period: '2025-01' },
      { attempts: 5 },
    );
    const failed = await waitForState(queue, job.id!, ['failed']);
    expect(failed.attemptsMade).toBe(1);
    expect(failed.failedReason).toMatch(/collaborationId/);
  });

  it('skips a job whose indicator was deleted meanwhile, with the reason', async () => {
    const job = await queue.add('period', {
      collaborationId: tenant.collaborationId,
      indicatorId: randomUUID(),
      period: '2025-01',
    });
    const done: Job = await waitForState(queue, job.id!, ['completed', 'failed']);
    expect(done.returnvalue).toEqual({ skipped: 'indicator_deleted' });
  });

  it('relays each outbox row exactly once with several relays at the same time', async () => {
    const indicatorId = await createIndicator(db.pool, tenant, {
      valueType: 'count',
      periodicity: 'month',
      across: 'sum',
      overTime: 'sum',
    });
    // Stop the running relay so only the ones below claim rows.
    await runtime.close();
    const months = Array.from({ length: 12 }, (_, i) => `2024-${String(i + 1).padStart(2, '0')}`);
    for (let i = 0; i < 120; i++) await outbox('values_changed', indicatorId, months[i % 12]);
    const added: string[] = [];
    const fake = {
      add: async (_name: string, data: { period: string }) => {
        added.push(data.period);
        return {};
      },
    } as unknown as Queue;
    const claimed = await Promise.all(
      [0, 1, 2].map(async () => {
        let total = 0;
        for (;;) {
          const n = await relayBatch(db.pool, fake, logger, 7);
          if (n === 0) return total;
          total += n;
        }
      }),
    );
    expect(claimed.reduce((a, b) => a + b, 0)).toBe(120);
    // Every period was enqueued, and no more often than the batches that contained it.
    expect(new Set(added)).toEqual(new Set(months));
    const { rows } = await db.pool.query(
      `SELECT count(*)::int AS n FROM outbox WHERE indicator_id = $1 AND processed_at IS NULL`,
      [indicatorId],
    );
    expect(rows[0].n).toBe(0);
  });
});
