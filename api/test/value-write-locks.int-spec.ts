import { startTestApp, type TestApp } from './support/app';
import { commit, createIndicator, type MeasurementFixture, measurementFixture } from './support/measurement-fixture';
import { partnerWriteInFlight as inFlightFor, untilWaiting } from './support/locks';

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

const partnerWriteInFlight = (partnerId: string) => inFlightFor(t.dbUrl, fx.collaborationId, partnerId);

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
  } finally {
    await inFlight.release();
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
  try {
    const lock = fx.staff.post(`${fx.base}/period-locks`, { period: '2023-Q4' });
    await untilWaiting(inFlight, 1);
    await inFlight.release();
    expect((await lock).status).toBe(201);
  } finally {
    await inFlight.release();
  }
});
