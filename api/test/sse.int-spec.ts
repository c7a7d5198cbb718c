import { ROLLUP_UPDATED_CHANNEL, type RollupUpdatedMessage } from '@constellation/shared';
import IORedis from 'ioredis';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { SessionsService } from '../src/modules/access/sessions.service';
import { RollupEventsHub } from '../src/modules/rollups/rollup-events.hub';
import { createUser, type UserAgent } from './support/fixtures';
import { commit, createIndicator, type MeasurementFixture, measurementFixture } from './support/measurement-fixture';
import { startTestApp, type TestApp } from './support/app';
import { connectSse } from './support/sse-client';

/**
 * Live updates over server-sent events, read the way EventSource reads them: a plain HTTP GET
 * with `Accept: text/event-stream`, parsing `event:`/`data:` blocks from the text stream, while
 * the test publishes on Redis as the worker does.
 */
let t: TestApp;
let fx: MeasurementFixture;
let port: number;
let publisher: IORedis;

async function cookieOf(user: UserAgent): Promise<string> {
  const { token } = await t.app.get(SessionsService).create(user.user.id, '127.0.0.1', 'sse-test');
  return `constellation_session=${token}`;
}

const connect = (collaborationId: string, cookie: string, accept?: string) =>
  connectSse({ port, path: `/api/collaborations/${collaborationId}/events`, cookie, accept });

const message = (collaborationId: string, indicatorId = randomUUID()): RollupUpdatedMessage => ({
  collaborationId,
  indicatorId,
  periods: ['2026-Q1', '2026'],
  computedAt: new Date().toISOString(),
});

beforeAll(async () => {
  t = await startTestApp();
  const server = t.app.getHttpServer() as http.Server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  fx = await measurementFixture(t);
  publisher = new IORedis(t.config.redisUrl);
});

afterAll(async () => {
  publisher?.disconnect();
  await t?.close();
});

describe('GET /collaborations/:id/events', () => {
  it("forwards this collaboration's rollup-updated messages, and not another collaboration's", async () => {
    const client = await connect(fx.collaborationId, await cookieOf(fx.partner));
    try {
      expect(client.status).toBe(200);
      await client.next((e) => e.event === 'ready');
      const foreign = message(randomUUID());
      const mine = message(fx.collaborationId);
      await publisher.publish(ROLLUP_UPDATED_CHANNEL, JSON.stringify(foreign));
      await publisher.publish(ROLLUP_UPDATED_CHANNEL, 'not json');
      await publisher.publish(ROLLUP_UPDATED_CHANNEL, JSON.stringify(mine));
      const received = await client.next((e) => e.event === 'rollup-updated');
      expect(JSON.parse(received.data)).toEqual({ indicatorId: mine.indicatorId, periods: mine.periods, computedAt: mine.computedAt });
      // Redis delivers in order on the one subscriber connection: the foreign message came first and was dropped.
      expect(client.events.filter((e) => e.event === 'rollup-updated')).toHaveLength(1);
      expect(client.body()).not.toContain(foreign.indicatorId);
    } finally {
      client.close();
    }
  });

  it('tells every member (a funder-safe "values-changed", no details) when values are written, submitted and reviewed', async () => {
    const indicatorId = await createIndicator(t, fx);
    await commit(t, fx, fx.partnerId, indicatorId);
    const client = await connect(fx.collaborationId, await cookieOf(fx.admin));
    try {
      await client.next((e) => e.event === 'ready');
      const seen = () => client.events.filter((e) => e.event === 'values-changed').length;
      const written = await fx.partner.post(`${fx.base}/values/batch`, {
        values: [{ indicatorId, partnerId: fx.partnerId, period: '2025-Q1', value: 7 }],
      });
      expect(written.status).toBe(200);
      const first = await client.next((e) => e.event === 'values-changed');
      expect(Object.keys(JSON.parse(first.data))).toEqual(['at']);
      const submitted = await fx.partner.post(`${fx.base}/values/submit`, { ids: [written.body.values[0].id] });
      expect(submitted.status).toBe(200);
      for (let i = 0; i < 250 && seen() < 2; i++) await new Promise((r) => setTimeout(r, 20));
      expect(seen()).toBe(2);
      // An unchanged rewrite changes nothing and says nothing.
      const same = await fx.partner.post(`${fx.base}/values/batch`, {
        values: [{ indicatorId, partnerId: fx.partnerId, period: '2025-Q1', value: 7 }],
      });
      expect(same.body.unchanged).toBe(1);
      const reviewed = await fx.staff.post(`${fx.base}/values/review`, { ids: [written.body.values[0].id], decision: 'approve' });
      expect(reviewed.status).toBe(200);
      for (let i = 0; i < 250 && seen() < 3; i++) await new Promise((r) => setTimeout(r, 20));
      // Redis delivers in order: had the unchanged rewrite published, the approval's event would be the 4th.
      await new Promise((r) => setTimeout(r, 200));
      expect(seen()).toBe(3);
      expect(client.body()).not.toContain(indicatorId);
    } finally {
      client.close();
    }
  });

  it('fans out from one subscriber connection to every client of the collaboration', async () => {
    const cookie = await cookieOf(fx.admin);
    const [a, b] = await Promise.all([connect(fx.collaborationId, cookie), connect(fx.collaborationId, cookie)]);
    try {
      await Promise.all([a.next((e) => e.event === 'ready'), b.next((e) => e.event === 'ready')]);
      const m = message(fx.collaborationId);
      await publisher.publish(ROLLUP_UPDATED_CHANNEL, JSON.stringify(m));
      for (const c of [a, b]) expect(JSON.parse((await c.next((e) => e.event === 'rollup-updated')).data).indicatorId).toBe(m.indicatorId);
    } finally {
      a.close();
      b.close();
    }
  });

  it('lets go of a client that disconnects', async () => {
    const hub = t.app.get(RollupEventsHub);
    const client = await connect(fx.collaborationId, await cookieOf(fx.staff));
    await client.next((e) => e.event === 'ready');
    const before = hub.clientCount;
    expect(before).toBeGreaterThanOrEqual(1);
    client.close();
    for (let i = 0; i < 50 && hub.clientCount >= before; i++) await new Promise((r) => setTimeout(r, 20));
    expect(hub.clientCount).toBe(before - 1);
  });

  it('checks access when subscribing: a non-member gets 404, anonymous 401', async () => {
    const stranger = await createUser(t, { name: 'Sam Stranger' });
    const res = await connect(fx.collaborationId, await cookieOf(stranger));
    expect(res.status).toBe(404);
    const anonymous = await connect(fx.collaborationId, '');
    expect(anonymous.status).toBe(401);
  });

  it('answers 406 to a client that does not ask for an event stream', async () => {
    const res = await connect(fx.collaborationId, await cookieOf(fx.partner), 'application/json');
    expect(res.status).toBe(406);
  });
});
