import { get, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { SessionsService } from '../src/modules/access/sessions.service';
import { addMember, createUser, dataSourceOf, signIn, type UserAgent } from './support/fixtures';
import { commit, createIndicator, type MeasurementFixture, measurementFixture } from './support/measurement-fixture';
import { startTestApp, type TestApp } from './support/app';

/**
 * The access check of concurrent requests is answered by one query per batch (SessionsService:
 * DataLoader, sent in the event loop's check phase). Every request still gets its own answer, and a
 * session or membership removed before a request arrives is refused on that very request.
 * Also: the dashboard read (GET …/rollups) answers with an ETag (304 on If-None-Match) and gzip
 * when the client accepts it.
 */
let t: TestApp;
let fx: MeasurementFixture;
let outsider: UserAgent;
let indicatorId: string;

const rollups = () => `${fx.base}/rollups?indicatorId=${indicatorId}&granularity=quarter&from=2026-Q1&to=2026-Q4`;

beforeAll(async () => {
  t = await startTestApp();
  fx = await measurementFixture(t);
  outsider = await createUser(t, { name: 'Outside Olive' });
  indicatorId = await createIndicator(t, fx, { valueType: 'count', periodicity: 'quarter' });
  await commit(t, fx, fx.partnerId, indicatorId, '2026');
});

afterAll(async () => {
  await t?.close();
});

describe('session lookups answered together', () => {
  it('one query answers every lookup asked in the same turn of the event loop, each with its own row', async () => {
    const sessions = t.app.get(SessionsService);
    const ds = dataSourceOf(t);
    const cookieToken = (agent: UserAgent) => {
      const jar = (agent.http as unknown as { jar: { getCookie(name: string, access: object): { value: string } | undefined } }).jar;
      return jar.getCookie('constellation_session', { domain: '127.0.0.1', path: '/', secure: false, script: false })!.value;
    };
    const staffToken = cookieToken(fx.staff);
    const partnerToken = cookieToken(fx.partner);
    const spy = jest.spyOn(ds.manager, 'query');
    try {
      const answers = await Promise.all([
        sessions.resolve(staffToken, fx.collaborationId),
        sessions.resolve(staffToken, fx.collaborationId),
        sessions.resolve(partnerToken, fx.collaborationId),
        sessions.resolve(partnerToken),
        sessions.resolve(cookieToken(outsider), fx.collaborationId),
        sessions.resolve('not-a-session-token', fx.collaborationId),
      ]);
      const lookups = spy.mock.calls.filter(([sql]) => String(sql).includes('FROM unnest($1::text[], $2::uuid[])'));
      expect(lookups).toHaveLength(1);
      // Identical lookups are asked once.
      expect((lookups[0]![1] as string[][])[0]).toHaveLength(5);
      const [staffA, staffB, partnerHere, partnerAnywhere, outside, unknown] = answers;
      expect(staffA?.user.id).toBe(fx.staff.user.id);
      expect(staffA?.member).toMatchObject({ collaborationId: fx.collaborationId, role: 'backbone_staff' });
      expect(staffB?.member).toEqual(staffA?.member);
      expect(partnerHere?.user.id).toBe(fx.partner.user.id);
      expect(partnerHere?.member).toMatchObject({ role: 'partner_contributor', partnerId: fx.partnerId });
      expect(partnerAnywhere?.user.id).toBe(fx.partner.user.id);
      expect(partnerAnywhere?.member).toBeUndefined();
      expect(outside?.user.id).toBe(outsider.user.id);
      expect(outside?.member).toBeNull();
      expect(unknown).toBeNull();
    } finally {
      spy.mockRestore();
    }
  });

  it('concurrent requests of different people each get their own answer', async () => {
    const anonymous = t.agent();
    const who = [fx.admin, fx.staff, fx.partner, fx.other, outsider];
    const calls = Array.from({ length: 4 }, () => [
      ...who.map(async (agent) => ({ agent, kind: 'me' as const, res: await agent.get('/api/me') })),
      ...who.map(async (agent) => ({ agent, kind: 'rollups' as const, res: await agent.get(rollups()) })),
      (async () => ({ agent: null, kind: 'me' as const, res: await anonymous.get('/api/me') }))(),
    ]).flat();
    for (const { agent, kind, res } of await Promise.all(calls)) {
      if (!agent) {
        expect(res.status).toBe(401);
      } else if (kind === 'me') {
        expect(res.status).toBe(200);
        expect(res.body.user.id).toBe(agent.user.id);
      } else {
        // A member reads the rollups; someone outside the collaboration is told it does not exist.
        expect(res.status).toBe(agent === outsider ? 404 : 200);
      }
    }
  });

  it('a session or membership removed before a request arrives is refused on that request', async () => {
    const person = await createUser(t, { name: 'Soon Gone' });
    await addMember(t, fx.collaborationId, person.user.id, 'backbone_staff');
    const second = await signIn(t, person.user);
    const ds = dataSourceOf(t);
    // Busy: other people's requests in flight while the rows are removed.
    const busy = Promise.all(Array.from({ length: 20 }, () => fx.staff.get(rollups())));
    expect((await person.get(rollups())).status).toBe(200);
    await ds.query(`DELETE FROM memberships WHERE user_id = $1 AND collaboration_id = $2`, [person.user.id, fx.collaborationId]);
    expect((await person.get(rollups())).status).toBe(404);
    expect((await second.get('/api/me')).status).toBe(200);
    await ds.query(`DELETE FROM sessions WHERE user_id = $1`, [person.user.id]);
    expect((await second.get('/api/me')).status).toBe(401);
    expect((await busy).every((r) => r.status === 200)).toBe(true);
  });

  it('uses the SHA-256 of the cookie token, never the token, in the query', async () => {
    const ds = dataSourceOf(t);
    const spy = jest.spyOn(ds.manager, 'query');
    try {
      await fx.staff.get('/api/me');
      const params = spy.mock.calls.filter(([sql]) => String(sql).includes('FROM unnest($1::text[], $2::uuid[])')).flatMap(([, p]) => (p as string[][])[0]!);
      expect(params).toHaveLength(1);
      expect(params[0]).toMatch(/^[0-9a-f]{64}$/);
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM sessions WHERE token_hash = $1 AND user_id = $2`, [params[0], fx.staff.user.id]);
      expect(n).toBe(1);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('the dashboard read answer', () => {
  const wide = () => `${fx.base}/rollups?indicatorId=${indicatorId}&granularity=quarter&from=2020-Q1&to=2026-Q4`;
  const cookieHeader = (agent: UserAgent) => {
    const jar = (agent.http as unknown as { jar: { getCookies(access: object): { toValueString(): string } } }).jar;
    return jar.getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false }).toValueString();
  };
  let port: number;
  /** The response exactly as sent: status, headers and the bytes (not decompressed). */
  const raw = (agent: UserAgent, headers: Record<string, string>) =>
    new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      get({ host: '127.0.0.1', port, path: wide(), headers: { cookie: cookieHeader(agent), ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      }).on('error', reject);
    });

  beforeAll(async () => {
    const server = t.app.getHttpServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
    // Seven years of quarters: an answer worth compressing.
    await dataSourceOf(t).query(
      `INSERT INTO rollups (collaboration_id, indicator_id, granularity, period, cell, scope, value, partner_count, value_count, computed_at)
       SELECT $1, $2, 'quarter', y || '-Q' || q, 'total', 'all', y * 10 + q, 1, 1, now()
         FROM generate_series(2020, 2026) y CROSS JOIN generate_series(1, 4) q
       ON CONFLICT (collaboration_id, indicator_id, granularity, period, cell, scope) DO UPDATE SET value = EXCLUDED.value`,
      [fx.collaborationId, indicatorId],
    );
  });

  it('is gzip when the client accepts it, the same JSON otherwise, with one ETag; If-None-Match gets 304', async () => {
    const plain = await raw(fx.staff, { 'accept-encoding': 'identity' });
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(plain.headers.vary).toMatch(/Accept-Encoding/i);
    expect(plain.headers['cache-control']).toBe('private, no-cache');
    expect(plain.body.length).toBeGreaterThan(1024);
    const json = JSON.parse(plain.body.toString('utf8'));
    const values = json.items.filter((i: { scope: string }) => i.scope === 'all').map((i: { value: string }) => Number(i.value));
    expect(values).toHaveLength(28);
    expect(values[0]).toBe(20201);
    expect(values[27]).toBe(20264);

    const gz = await raw(fx.staff, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(gz.status).toBe(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(Number(gz.headers['content-length'])).toBe(gz.body.length);
    expect(gz.body.length).toBeLessThan(plain.body.length);
    expect(JSON.parse(gunzipSync(gz.body).toString('utf8'))).toEqual(json);
    expect(plain.headers.etag).toMatch(/^W\/"/);
    expect(gz.headers.etag).toBe(plain.headers.etag);

    const again = await raw(fx.staff, { 'accept-encoding': 'gzip', 'if-none-match': plain.headers.etag as string });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });
});
