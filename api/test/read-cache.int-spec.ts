import { ROLLUP_UPDATED_CHANNEL } from '@constellation/shared';
import IORedis from 'ioredis';
import { ReadCache } from '../src/modules/mail/read-cache';
import { addMember, createUser, dataSourceOf, type UserAgent } from './support/fixtures';
import { commit, createIndicator, type MeasurementFixture, measurementFixture } from './support/measurement-fixture';
import { startTestApp, type TestApp } from './support/app';

/**
 * The dashboard read cache (GET …/rollups): an answer is reused until the worker's rollup-updated
 * event or a write through the api says the collaboration changed; never across audiences; and
 * not at all while the event subscriber is not connected. Rollup rows are written the way the
 * worker writes them, WITHOUT the event, to show what the cache serves.
 */
let t: TestApp;
let fx: MeasurementFixture;
let indicatorId: string;
let publisher: IORedis;

const url = () => `${fx.base}/rollups?indicatorId=${indicatorId}&granularity=quarter&from=2026-Q1&to=2026-Q4`;
const valueOf = async (agent: UserAgent, u = url()) => {
  const res = await agent.get(u);
  expect(res.status).toBe(200);
  return (res.body.items as Array<{ value: string; scope: string }>).map((i) => `${i.scope === 'all' ? 'all' : 'partner'}:${i.value}`);
};
const setRollup = (scope: string, v: number) =>
  dataSourceOf(t).query(
    `INSERT INTO rollups (collaboration_id, indicator_id, granularity, period, cell, scope, value, partner_count, value_count, computed_at)
     VALUES ($1, $2, 'quarter', '2026-Q1', 'total', $3, $4, 1, 1, now())
     ON CONFLICT (collaboration_id, indicator_id, granularity, period, cell, scope) DO UPDATE SET value = EXCLUDED.value, computed_at = now()`,
    [fx.collaborationId, indicatorId, scope, v],
  );
/** Asks until the answer is the expected one (the event travels through Redis). */
async function eventually(read: () => Promise<string[]>, expected: string[]): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (JSON.stringify(await read()) === JSON.stringify(expected)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  expect(await read()).toEqual(expected);
}

beforeAll(async () => {
  t = await startTestApp();
  fx = await measurementFixture(t);
  indicatorId = await createIndicator(t, fx, { valueType: 'count', periodicity: 'quarter' });
  await commit(t, fx, fx.partnerId, indicatorId, '2026');
  await commit(t, fx, fx.otherPartnerId, indicatorId, '2026');
  publisher = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const cache = t.app.get(ReadCache);
  for (let i = 0; i < 200 && !cache.active; i++) await new Promise((r) => setTimeout(r, 25));
  expect(cache.active).toBe(true);
});

afterAll(async () => {
  publisher?.disconnect();
  await t?.close();
});

it('serves the same answer until the worker says the collaboration changed, then the new rows', async () => {
  await setRollup('all', 10);
  expect(await valueOf(fx.staff)).toEqual(['all:10']);
  await setRollup('all', 11);
  // Written without an event: the cached answer is still served (this is what the cache saves).
  expect(await valueOf(fx.staff)).toEqual(['all:10']);
  // Another collaboration's event changes nothing here.
  await publisher.publish(ROLLUP_UPDATED_CHANNEL, JSON.stringify({ collaborationId: '00000000-0000-4000-8000-000000000000', indicatorIds: [] }));
  expect(await valueOf(fx.staff)).toEqual(['all:10']);
  await publisher.publish(ROLLUP_UPDATED_CHANNEL, JSON.stringify({ collaborationId: fx.collaborationId, indicatorIds: [indicatorId] }));
  await eventually(() => valueOf(fx.staff), ['all:11']);
});

it('a write through this api is read back at once by the writer (pending changes)', async () => {
  const before = await fx.partner.get(url());
  expect(before.body.pendingChanges).toBe(0);
  const write = await fx.partner.post(`${fx.base}/values/batch`, {
    values: [{ partnerId: fx.partnerId, indicatorId, period: '2026-Q2', value: 4 }],
    submit: true,
  });
  expect(write.status).toBeLessThan(300);
  const after = await fx.partner.get(url());
  expect(after.body).toEqual(expect.objectContaining({ pendingChanges: 1, valuesPending: true }));
  await dataSourceOf(t).query(`UPDATE outbox SET processed_at = now() WHERE collaboration_id = $1`, [fx.collaborationId]);
});

it('never hands one audience the answer cached for another', async () => {
  await setRollup(fx.partnerId, 6);
  await setRollup(fx.otherPartnerId, 5);
  const partners = `${url()}&scope=partners`;
  expect((await valueOf(fx.staff, partners)).sort()).toEqual(['partner:5', 'partner:6']);
  expect(await valueOf(fx.partner, partners)).toEqual(['partner:6']);
  const funder = await createUser(t, { name: 'Fay Funder' });
  await addMember(t, fx.collaborationId, funder.user.id, 'funder');
  expect((await funder.get(partners)).status).toBe(403);
});

it('is bypassed while the event subscriber is disconnected', async () => {
  const cache = t.app.get(ReadCache);
  await valueOf(fx.staff);
  cache.setLive(false);
  await setRollup('all', 12);
  expect(await valueOf(fx.staff)).toEqual(['all:12']);
  await setRollup('all', 13);
  expect(await valueOf(fx.staff)).toEqual(['all:13']);
  cache.setLive(true);
});
