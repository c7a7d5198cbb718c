import { Client } from 'pg';
import { startTestApp, type TestApp } from './support/app';
import { commit, createIndicator, type MeasurementFixture, measurementFixture } from './support/measurement-fixture';

/**
 * Writes to one partner's values lock the collaboration shared and the partner exclusive
 * (CollaborationWriteLock.lockForPartner): different partners' saves run side by side, the same
 * partner's wait for each other, and collaboration-wide writes (period locks, reviews, definitions)
 * wait for them. A blocker session holds the locks an in-flight write would hold; an observer
 * session sees who waits on a lock (no timing involved).
 */
let t: TestApp;
let fx: MeasurementFixture;
let indicatorId: string;

beforeAll(async () => {
  t = await startTestApp();
  fx = await measurementFixture(t);
  indicatorId = await createIndicator(t, fx, { valueType: 'count', periodicity: 'quarter' });
  await commit(t, fx, fx.partnerId, indicatorId);
  await commit(t, fx, fx.otherPartnerId, indicatorId);
});
afterAll(async () => {
  await t?.close();
});

/** Hold, in another session, the locks partner `partnerId`'s write holds while it runs. */
async function partnerWriteInFlight(partnerId: string): Promise<{ release: () => Promise<void>; waiting: () => Promise<number> }> {
  const blocker = new Client({ connectionString: t.dbUrl });
  const observer = new Client({ connectionString: t.dbUrl });
  await Promise.all([blocker.connect(), observer.connect()]);
  await blocker.query('BEGIN');
  await blocker.query(`SELECT 1 FROM collaborations WHERE id = $1 FOR SHARE`, [fx.collaborationId]);
  await blocker.query(`SELECT 1 FROM partners WHERE collaboration_id = $1 AND id = $2 FOR NO KEY UPDATE`, [fx.collaborationId, partnerId]);
  return {
    waiting: async () =>
      (
        await observer.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND wait_event_type = 'Lock'`,
        )
      ).rows[0]!.n,
    release: async () => {
      await blocker.query('COMMIT');
      await Promise.all([blocker.end(), observer.end()]);
    },
  };
}

/** Resolve once `n` sessions wait on a lock (polling the observer). */
async function untilWaiting(w: { waiting: () => Promise<number> }, n: number): Promise<void> {
  for (let i = 0; (await w.waiting()) < n; i++) {
    if (i > 400) throw new Error('the request never queued behind the lock');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const save = (who: 'partner' | 'other', period: string, value: number) =>
  fx[who].post(`${fx.base}/values/batch`, {
    values: [{ indicatorId, partnerId: who === 'partner' ? fx.partnerId : fx.otherPartnerId, period, value }],
  });

it("another partner's save goes through while a partner's write is in flight; the same partner's waits for it", async () => {
  const inFlight = await partnerWriteInFlight(fx.partnerId);
  try {
    const other = await save('other', '2024-Q1', 3);
    expect(other.status).toBe(200);
    expect(await inFlight.waiting()).toBe(0);

    const same = save('partner', '2024-Q1', 4);
    await untilWaiting(inFlight, 1);
    await inFlight.release();
    expect((await same).status).toBe(200);
  } catch (err) {
    await inFlight.release().catch(() => undefined);
    throw err;
  }
});

it("a partner's submission waits only for its own partner's writes", async () => {
  const saved = await save('partner', '2024-Q2', 5);
  const ids = (saved.body as { values: Array<{ id: string }> }).values.map((v) => v.id);
  const inFlight = await partnerWriteInFlight(fx.otherPartnerId);
  try {
    expect((await fx.partner.post(`${fx.base}/values/submit`, { ids })).status).toBe(200);
  } finally {
    await inFlight.release();
  }
});

it('a collaboration-wide write (closing a period) waits for a partner write in flight', async () => {
  const inFlight = await partnerWriteInFlight(fx.otherPartnerId);
  let released = false;
  try {
    const lock = fx.staff.post(`${fx.base}/period-locks`, { period: '2023-Q4' });
    await untilWaiting(inFlight, 1);
    await inFlight.release();
    released = true;
    expect((await lock).status).toBe(201);
  } finally {
    if (!released) await inFlight.release();
  }
});
