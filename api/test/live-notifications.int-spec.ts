import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { SessionsService } from '../src/modules/access/sessions.service';
import { unsubscribeToken } from '@constellation/shared/node';
import { APP_CONFIG, type AppConfig } from '../src/config/config';
import { NotificationsListener } from '../src/modules/comments/notifications-listener';
import { addMember, createCollaboration, createUser, type UserAgent } from './support/fixtures';
import { startTestApp, type TestApp } from './support/app';
import { connectSse, type SseClient } from './support/sse-client';

/**
 * The live bell: a notification committed by anyone (here: another connection, as the worker
 * writes them) reaches its person's GET /api/me/events stream through PostgreSQL NOTIFY and the
 * api's one LISTEN connection — and nobody else's, never for a rolled-back write, and still after
 * the listening backend was terminated.
 */
let t: TestApp;
let port: number;
let pool: Pool;
let alice: UserAgent;
let bob: UserAgent;
let collaborationId: string;

const connect = (cookie: string, accept?: string) => connectSse({ port, path: '/api/me/events', cookie, accept });

async function cookieOf(user: UserAgent): Promise<string> {
  const { token } = await t.app.get(SessionsService).create(user.user.id, '127.0.0.1', 'live-test');
  return `constellation_session=${token}`;
}

/** A notification written by another connection (as the worker would), committed or rolled back. */
async function writeNotification(userId: string, opts: { rollback?: boolean } = {}): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await c.query(
      `INSERT INTO notifications (user_id, collaboration_id, kind, title, link) VALUES ($1, $2, 'milestone_met', 'Milestone met', '/collaborations')`,
      [userId, collaborationId],
    );
    await c.query(opts.rollback ? 'ROLLBACK' : 'COMMIT');
  } finally {
    c.release();
  }
}

const notificationEvents = (c: SseClient) => c.events.filter((e) => e.event === 'notification').map((e) => JSON.parse(e.data) as { unread: number; reason: string });

beforeAll(async () => {
  t = await startTestApp();
  const server = t.app.getHttpServer() as http.Server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  pool = new Pool({ connectionString: t.dbUrl, max: 3 });
  alice = await createUser(t, { name: 'Alice Live' });
  bob = await createUser(t, { name: 'Bob Live' });
  collaborationId = (await createCollaboration(alice)).id;
  await addMember(t, collaborationId, bob.user.id, 'partner_contributor');
});

afterAll(async () => {
  await pool?.end();
  await t?.close();
});

describe('GET /api/me/events', () => {
  it("sends the person's new unread count when a notification for them commits, and nothing to anyone else", async () => {
    const [a, b] = await Promise.all([connect(await cookieOf(alice)), connect(await cookieOf(bob))]);
    try {
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(JSON.parse((await a.next((e) => e.event === 'ready')).data)).toEqual({ unread: 0 });
      expect(JSON.parse((await b.next((e) => e.event === 'ready')).data)).toEqual({ unread: 0 });

      await writeNotification(alice.user.id);
      await a.next((e) => e.event === 'notification');
      expect(notificationEvents(a)).toEqual([{ unread: 1, reason: 'notification' }]);

      // PostgreSQL delivers in commit order on the one listening connection: had Bob's stream been
      // sent Alice's announcement, it would hold two events once his own arrives.
      await writeNotification(bob.user.id);
      await b.next((e) => e.event === 'notification');
      expect(notificationEvents(b)).toEqual([{ unread: 1, reason: 'notification' }]);
      expect(notificationEvents(a)).toHaveLength(1);
    } finally {
      a.close();
      b.close();
    }
  });

  it('a rolled-back notification announces nothing', async () => {
    const a = await connect(await cookieOf(alice));
    try {
      const { unread } = JSON.parse((await a.next((e) => e.event === 'ready')).data) as { unread: number };
      await writeNotification(alice.user.id, { rollback: true });
      await writeNotification(alice.user.id);
      await a.next((e) => e.event === 'notification');
      // One event, counting only the committed row: the rolled-back insert came first and said nothing.
      expect(notificationEvents(a)).toEqual([{ unread: unread + 1, reason: 'notification' }]);
    } finally {
      a.close();
    }
  });

  it('counts only collaborations the person is still a member of (the rule of the list)', async () => {
    const carol = await createUser(t, { name: 'Carol Left' });
    const a = await connect(await cookieOf(carol));
    try {
      await a.next((e) => e.event === 'ready');
      await writeNotification(carol.user.id); // Carol is not a member of this collaboration
      await a.next((e) => e.event === 'notification');
      expect(notificationEvents(a)).toEqual([{ unread: 0, reason: 'notification' }]);
    } finally {
      a.close();
    }
  });

  it('survives a terminated listening backend: reconnects, resyncs open streams, and keeps delivering', async () => {
    const listener = t.app.get(NotificationsListener);
    const a = await connect(await cookieOf(alice));
    try {
      const { unread } = JSON.parse((await a.next((e) => e.event === 'ready')).data) as { unread: number };
      const pid = listener.backendPid;
      expect(pid).toEqual(expect.any(Number));
      const [killed] = (await pool.query<{ ok: boolean }>('SELECT pg_terminate_backend($1) AS ok', [pid])).rows;
      expect(killed?.ok).toBe(true);
      // The open stream is told to resync once the listener is back (it may have missed announcements).
      expect(JSON.parse((await a.next((e) => e.event === 'notification')).data)).toEqual({ unread, reason: 'resync' });
      expect(listener.backendPid).not.toBe(pid);
      await writeNotification(alice.user.id);
      const after = await a.next((e) => e.event === 'notification' && JSON.parse(e.data).reason === 'notification');
      expect(JSON.parse(after.data)).toEqual({ unread: unread + 1, reason: 'notification' });
    } finally {
      a.close();
    }
  });

  it('lets go of a client that disconnects', async () => {
    const listener = t.app.get(NotificationsListener);
    const a = await connect(await cookieOf(bob));
    await a.next((e) => e.event === 'ready');
    const before = listener.clientCount;
    a.close();
    for (let i = 0; i < 100 && listener.clientCount >= before; i++) await new Promise((r) => setTimeout(r, 20));
    expect(listener.clientCount).toBe(before - 1);
  });

  it('answers 401 without a session and 406 to a client that does not ask for an event stream', async () => {
    expect((await connect('')).status).toBe(401);
    expect((await connect(await cookieOf(alice), 'application/json')).status).toBe(406);
  });
});

describe('digest time zone and hour (PUT /api/me/notification-preferences)', () => {
  it('defaults to the first collaboration’s time zone and 08:00; sets both, audited; null goes back to the default', async () => {
    const start = (await bob.get('/api/me/notification-preferences')).body;
    expect(start).toMatchObject({ timeZone: null, effectiveTimeZone: 'Europe/London', digestHour: 8 });

    const res = await bob.put('/api/me/notification-preferences', { email: { mention: 'digest' }, timeZone: 'Pacific/Auckland', digestHour: 17 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ timeZone: 'Pacific/Auckland', effectiveTimeZone: 'Pacific/Auckland', digestHour: 17 });
    expect(res.body.email.mention).toBe('digest');
    const [audit] = await pool.query(
      `SELECT before, after FROM audit_events WHERE action = 'notifications.preferences' AND actor_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [bob.user.id],
    ).then((r) => r.rows);
    expect(audit).toMatchObject({ before: { timeZone: null, digestHour: 8 }, after: { timeZone: 'Pacific/Auckland', digestHour: 17 } });

    const reset = await bob.put('/api/me/notification-preferences', { timeZone: null });
    expect(reset.body).toMatchObject({ timeZone: null, effectiveTimeZone: 'Europe/London', digestHour: 17 });
    expect(reset.body.email.mention).toBe('digest');

    const stranger = await createUser(t);
    expect((await stranger.get('/api/me/notification-preferences')).body).toMatchObject({ timeZone: null, effectiveTimeZone: 'UTC', digestHour: 8 });
  });

  it('refuses a zone that does not exist or an hour out of range with 400 naming the field; nothing changes', async () => {
    const before = (await alice.get('/api/me/notification-preferences')).body;
    const res = await alice.put('/api/me/notification-preferences', { timeZone: 'Mars/Olympus', digestHour: 24, email: { mention: 'off' } });
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { path: string }) => d.path).sort()).toEqual(['digestHour', 'timeZone']);
    const half = await alice.put('/api/me/notification-preferences', { digestHour: 7.5 });
    expect(half.status).toBe(400);
    expect(half.body.details).toEqual([{ path: 'digestHour', message: 'must be a whole hour from 0 to 23' }]);
    expect((await alice.get('/api/me/notification-preferences')).body).toEqual(before);
  });
});

describe("the daily digest's one-click unsubscribe (token kind 'digest', written by the worker)", () => {
  it('turns off every kind on "Daily digest", and only those; audited as the person', async () => {
    const dana = await createUser(t, { name: 'Dana Digest' });
    await dana.put('/api/me/notification-preferences', { email: { mention: 'digest', milestone_met: 'digest', reminder: 'off' } });
    const token = unsubscribeToken(t.app.get<AppConfig>(APP_CONFIG).unsubscribeSecret, dana.user.id, 'digest');
    const res = await t.agent().http.post(`/api/notifications/unsubscribe?token=${token}`).type('form').send('List-Unsubscribe=One-Click');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ kind: 'digest', label: 'Daily digest', email: 'off' });
    expect((await dana.get('/api/me/notification-preferences')).body.email).toEqual({
      mention: 'off',
      value_returned: 'immediate',
      value_approved: 'immediate',
      milestone_met: 'off',
      reminder: 'off',
      decision: 'immediate',
    });
    const [audit] = (
      await pool.query(`SELECT actor_id AS "actorId", before, after FROM audit_events WHERE action = 'notifications.unsubscribe' AND entity_id = $1`, [dana.user.id])
    ).rows;
    expect(audit).toEqual({ actorId: dana.user.id, before: { mention: 'digest', milestone_met: 'digest' }, after: { mention: 'off', milestone_met: 'off' } });
  });
});
