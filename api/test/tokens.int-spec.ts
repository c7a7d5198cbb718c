import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';
import { dataSourceOf } from './support/fixtures';
import { commit, createIndicator, type MeasurementFixture, measurementFixture } from './support/measurement-fixture';

let t: TestApp;
let fx: MeasurementFixture;
let second: MeasurementFixture;

beforeAll(async () => {
  t = await startTestApp();
  fx = await measurementFixture(t);
  second = await measurementFixture(t);
});
afterAll(async () => {
  await t?.close();
});

const http = () => request(t.app.getHttpServer());
const tokensUrl = (f: MeasurementFixture, partnerId = f.partnerId) => `${f.base}/partners/${partnerId}/api-tokens`;

async function newToken(name = 'Case management system'): Promise<{ id: string; token: string }> {
  const res = await fx.partnerAdmin.post(tokensUrl(fx), { name });
  expect(res.status).toBe(201);
  return res.body as { id: string; token: string };
}

describe('API tokens', () => {
  it('are shown once, stored hashed, and listed by name and prefix', async () => {
    const created = await newToken();
    expect(created.token).toMatch(/^cst_[A-Za-z0-9_-]{43}$/);
    const [stored]: Array<{ token_hash: string; token_prefix: string }> = await dataSourceOf(t).query(
      `SELECT token_hash, token_prefix FROM api_tokens WHERE id = $1`,
      [created.id],
    );
    expect(stored!.token_hash).not.toContain(created.token);
    expect(stored!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(created.token.startsWith(stored!.token_prefix)).toBe(true);
    const list = await fx.partnerAdmin.get(tokensUrl(fx));
    expect(list.status).toBe(200);
    expect(list.body.items[0]).toMatchObject({ id: created.id, name: 'Case management system', prefix: stored!.token_prefix, revokedAt: null });
    expect(JSON.stringify(list.body)).not.toContain(created.token);
  });

  it("partner admins manage only their own organisation's tokens; contributors not at all", async () => {
    expect((await fx.partnerAdmin.get(tokensUrl(fx, fx.otherPartnerId))).status).toBe(404);
    expect((await fx.partnerAdmin.post(tokensUrl(fx, fx.otherPartnerId), { name: 'x' })).status).toBe(404);
    expect((await fx.partner.get(tokensUrl(fx))).status).toBe(403);
  });

  it('a token writes and reads its own partner values (via api, no CSRF), acting as a contributor', async () => {
    const { token, id } = await newToken('Sync');
    const ind = await createIndicator(t, fx);
    await commit(t, fx, fx.partnerId, ind);
    const res = await http()
      .post(`${fx.base}/values/batch`)
      .set('authorization', `Bearer ${token}`)
      .send({ values: [{ indicatorId: ind, partnerId: fx.partnerId, period: '2025-Q1', value: 7 }], submit: true });
    expect(res.status).toBe(200);
    expect(res.body.values[0]).toMatchObject({ status: 'submitted', via: 'api' });

    const list = await http().get(`${fx.base}/values?indicatorId=${ind}`).set('authorization', `Bearer ${token}`);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);

    const history = await http().get(`${fx.base}/values/${res.body.values[0].id}/history`).set('authorization', `Bearer ${token}`);
    expect(history.body.items[0]).toMatchObject({ via: 'api', actor: { kind: 'token', id } });
    const [audit]: Array<{ after: { apiToken?: { id: string } } }> = await dataSourceOf(t).query(
      `SELECT after FROM audit_events WHERE collaboration_id = $1 AND action = 'values.batch' ORDER BY id DESC LIMIT 1`,
      [fx.collaborationId],
    );
    expect(audit!.after.apiToken?.id).toBe(id);

    // Only its own partner: another organisation's row is refused.
    const foreign = await http()
      .post(`${fx.base}/values/batch`)
      .set('authorization', `Bearer ${token}`)
      .send({ values: [{ indicatorId: ind, partnerId: fx.otherPartnerId, period: '2025-Q1', value: 7 }] });
    expect(foreign.status).toBe(404);
    // Not a reviewer, and not valid on other routes.
    expect((await http().get(`${fx.base}/values/review-queue`).set('authorization', `Bearer ${token}`)).status).toBe(403);
    expect((await http().get(fx.base).set('authorization', `Bearer ${token}`)).status).toBe(403);
    expect((await http().get('/api/me').set('authorization', `Bearer ${token}`)).status).toBe(403);
  });

  it('is never valid outside its collaboration (404)', async () => {
    const { token } = await newToken('Wrong place');
    const res = await http().get(`${second.base}/values`).set('authorization', `Bearer ${token}`);
    expect(res.status).toBe(404);
    expect(res.body.message).toBe('Collaboration not found');
  });

  it('a revoked or unknown token gets 401', async () => {
    const { token, id } = await newToken('Old system');
    expect((await http().get(`${fx.base}/values`).set('authorization', `Bearer ${token}`)).status).toBe(200);
    expect((await fx.partnerAdmin.delete(`${tokensUrl(fx)}/${id}`)).status).toBe(204);
    expect((await http().get(`${fx.base}/values`).set('authorization', `Bearer ${token}`)).status).toBe(401);
    expect((await http().get(`${fx.base}/values`).set('authorization', 'Bearer cst_nope')).status).toBe(401);
    const list = await fx.partnerAdmin.get(tokensUrl(fx));
    expect(list.body.items.find((x: { id: string }) => x.id === id).revokedAt).toEqual(expect.any(String));
  });

  it('Idempotency-Key with a token: a retry creates one record', async () => {
    const { token } = await newToken('Retrying system');
    const ind = await createIndicator(t, fx);
    await commit(t, fx, fx.partnerId, ind);
    const send = () =>
      http()
        .post(`${fx.base}/values/batch`)
        .set('authorization', `Bearer ${token}`)
        .set('idempotency-key', 'sync-2025-q1')
        .send({ values: [{ indicatorId: ind, partnerId: fx.partnerId, period: '2025-Q1', value: 7 }] });
    const [a, b] = await Promise.all([send(), send()]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(b.body).toEqual(a.body);
    const [{ n }]: Array<{ n: number }> = await dataSourceOf(t).query(`SELECT count(*)::int AS n FROM value_revisions r JOIN indicator_values v ON v.id = r.value_id WHERE v.indicator_id = $1`, [ind]);
    expect(n).toBe(1);
  });
});
