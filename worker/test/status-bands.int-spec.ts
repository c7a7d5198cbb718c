import { createLogger } from '../src/logger';
import { startWorker, type WorkerRuntime } from '../src/worker';
import {
  createIndicator,
  createTenant,
  freshRollupsDatabase,
  until,
  upsertValue,
  type Tenant,
  type TestDatabase,
} from './rollups-support';
import { testConfig } from './support';

/**
 * Per-collaboration status bands (collaborations.status_band_on_track / _at_risk): the worker's
 * progress uses them, and a change recomputes progress through the outbox exactly as the api asks
 * for it (one 'rebuild_requested' row per indicator, written with the new bands). Real PostgreSQL
 * and Redis, the whole path: outbox → relay → rebuild job → rollups → progress.
 */
const logger = createLogger({ logLevel: 'silent' });

let db: TestDatabase;
let runtime: WorkerRuntime;
let tenant: Tenant;
let indicatorId: string;

/** What the api writes in the transaction that saves new bands (collaborations.repository.ts). */
async function saveBands(onTrack: number, atRisk: number): Promise<void> {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`UPDATE collaborations SET status_band_on_track = $2, status_band_at_risk = $3 WHERE id = $1`, [
      tenant.collaborationId,
      onTrack,
      atRisk,
    ]);
    await client.query(
      `INSERT INTO outbox (collaboration_id, kind, indicator_id, payload)
       SELECT collaboration_id, 'rebuild_requested', id, jsonb_build_object('reason', 'status_bands_changed')
         FROM indicators WHERE collaboration_id = $1`,
      [tenant.collaborationId],
    );
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}

const progressOf = async (period: string) =>
  (
    await db.pool.query<{ status: string; ratio: number; computedAt: Date }>(
      `SELECT status, ratio, computed_at AS "computedAt" FROM progress
        WHERE collaboration_id = $1 AND indicator_id = $2 AND granularity = 'year' AND period = $3`,
      [tenant.collaborationId, indicatorId, period],
    )
  ).rows[0];

beforeAll(async () => {
  db = await freshRollupsDatabase();
  runtime = await startWorker(testConfig({ DATABASE_URL: db.url }), { logger, relay: true });
  tenant = await createTenant(db.pool, { fiscalYearStartMonth: 1, requiresApproval: false, partners: 1 });
  // A stock reported yearly: baseline 0 in 2024, long-term target 100 in 2026, so the 2025 target is 50.
  indicatorId = await createIndicator(db.pool, tenant, { valueType: 'count', periodicity: 'year', across: 'sum', overTime: 'last' });
  await db.pool.query(
    `INSERT INTO indicator_targets (collaboration_id, indicator_id, period, value, kind) VALUES ($1, $2, '2026', 100, 'long_term')`,
    [tenant.collaborationId, indicatorId],
  );
  await upsertValue(db.pool, tenant, {
    indicatorId,
    partnerId: tenant.partners[0]!,
    period: '2025',
    cell: 'total',
    activityId: null,
    value: '42',
    numerator: null,
    denominator: null,
    status: 'submitted',
  });
});

afterAll(async () => {
  await runtime?.close();
  await db?.drop();
});

describe('status bands per collaboration', () => {
  it('the defaults (0.95 / 0.80) put 42 against a target of 50 (ratio 0.84) at risk', async () => {
    await db.pool.query(`INSERT INTO outbox (collaboration_id, kind, indicator_id) VALUES ($1, 'rebuild_requested', $2)`, [
      tenant.collaborationId,
      indicatorId,
    ]);
    const p = await until(async () => progressOf('2025'));
    expect(p).toMatchObject({ status: 'at_risk', ratio: 0.84 });
  });

  it('wider bands saved by the backbone make the worker recompute it: on track', async () => {
    const before = (await progressOf('2025'))!;
    await saveBands(0.8, 0.5);
    const p = await until(async () => {
      const r = await progressOf('2025');
      return r && r.computedAt > before.computedAt ? r : undefined;
    });
    expect(p).toMatchObject({ status: 'on_track', ratio: 0.84 });
  });

  it('stricter bands: off track', async () => {
    await saveBands(1, 0.9);
    const p = await until(async () => {
      const r = await progressOf('2025');
      return r?.status !== 'on_track' ? r : undefined;
    });
    expect(p).toMatchObject({ status: 'off_track', ratio: 0.84 });
  });

  it('the database refuses bands the api would refuse', async () => {
    await expect(
      db.pool.query(`UPDATE collaborations SET status_band_on_track = 0.5, status_band_at_risk = 0.6 WHERE id = $1`, [
        tenant.collaborationId,
      ]),
    ).rejects.toThrow(/collaborations_status_bands_check/);
  });
});
