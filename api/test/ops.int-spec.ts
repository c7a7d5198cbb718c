import { QUEUES } from '@constellation/shared';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import request from 'supertest';
import { createUser, dataSourceOf, type UserAgent } from './support/fixtures';
import { type MeasurementFixture, measurementFixture } from './support/measurement-fixture';
import { startTestApp, type TestApp } from './support/app';

/** Operations: Prometheus metrics behind METRICS_TOKEN, and the queue dashboard for ADMIN_EMAILS only. */
const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const OPERATOR = 'operator@example.test';

let t: TestApp;
let fx: MeasurementFixture;
let operator: UserAgent;
let redis: IORedis;
let rollupsQueue: Queue;

beforeAll(async () => {
  t = await startTestApp({ METRICS_TOKEN, ADMIN_EMAILS: ` Someone@Example.test , ${OPERATOR.toUpperCase()}` });
  fx = await measurementFixture(t);
  operator = await createUser(t, { email: OPERATOR, name: 'Olive Operator' });
  redis = new IORedis(t.config.redisUrl, { maxRetriesPerRequest: null });
  rollupsQueue = new Queue(QUEUES.rollups, { connection: redis, prefix: t.config.queuePrefix });
});

afterAll(async () => {
  await rollupsQueue?.obliterate({ force: true }).catch(() => undefined);
  await rollupsQueue?.close();
  redis?.disconnect();
  await t?.close();
});

const scrape = (token?: string) => {
  const req = request(t.app.getHttpServer()).get('/api/metrics');
  return token ? req.set('authorization', `Bearer ${token}`) : req;
};

const sample = (text: string, name: string, labels = ''): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `) || (labels === '' && l.startsWith(`${name} `)));
  return line === undefined ? undefined : Number(line.split(' ').pop());
};

describe('GET /api/metrics', () => {
  it('requires the configured bearer token', async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape('wrong-token-0123456789abcdef')).status).toBe(401);
    // A signed-in session is not enough either.
    expect((await fx.admin.get('/api/metrics')).status).toBe(401);
    const ok = await scrape(METRICS_TOKEN);
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toMatch(/^text\/plain/);
  });

  it('counts notification emails per state (failed: not delivered after the retries)', async () => {
    const before = sample((await scrape(METRICS_TOKEN)).text, 'constellation_notification_emails', '{state="failed"}');
    expect(before).toBe(0);
    const [user] = await dataSourceOf(t).query(`SELECT user_id AS id, collaboration_id AS cid FROM memberships LIMIT 1`);
    await dataSourceOf(t).query(
      `INSERT INTO notifications (user_id, collaboration_id, kind, title, link, email_state, email_error) VALUES ($1, $2, 'mention', 'x', '/x', 'failed', 'SMTP down')`,
      [user.id, user.cid],
    );
    const after = (await scrape(METRICS_TOKEN)).text;
    expect(sample(after, 'constellation_notification_emails', '{state="failed"}')).toBe(1);
    expect(sample(after, 'constellation_notification_emails', '{state="sent"}')).toBe(0);
  });

  it('reports rollup lag and pending outbox rows', async () => {
    const before = (await scrape(METRICS_TOKEN)).text;
    expect(sample(before, 'constellation_rollup_lag_seconds')).toBe(0);
    await dataSourceOf(t).query(
      `INSERT INTO outbox (collaboration_id, kind, indicator_id, period, created_at)
       VALUES ($1, 'values_changed', gen_random_uuid(), '2026-Q1', now() - interval '90 seconds')`,
      [fx.collaborationId],
    );
    const after = (await scrape(METRICS_TOKEN)).text;
    expect(sample(after, 'constellation_rollup_lag_seconds')).toBeGreaterThanOrEqual(90);
    expect(sample(after, 'constellation_outbox_pending')).toBe(1);
    await dataSourceOf(t).query(`UPDATE outbox SET processed_at = now() WHERE collaboration_id = $1`, [fx.collaborationId]);
  });

  it('reports queue depth per queue and state', async () => {
    await rollupsQueue.add('period', { collaborationId: fx.collaborationId, indicatorId: fx.collaborationId, period: '2026-Q1' });
    const text = (await scrape(METRICS_TOKEN)).text;
    expect(sample(text, 'constellation_queue_jobs', '{queue="rollups",state="waiting"}')).toBe(1);
    expect(sample(text, 'constellation_queue_jobs', '{queue="email",state="failed"}')).toBe(0);
  });

  it('times HTTP requests by route pattern, not by raw URL', async () => {
    await fx.admin.get(`${fx.base}/rollups`);
    const text = (await scrape(METRICS_TOKEN)).text;
    expect(text).toMatch(/constellation_http_request_duration_seconds_count\{method="GET",route="\/api\/collaborations\/:collaborationId\/rollups",status_code="200"\} [1-9]/);
    expect(text).not.toContain(fx.collaborationId);
  });
});

describe('/api/admin/queues (Bull Board)', () => {
  it('refuses anonymous people with 401 and signed-in non-operators with 403', async () => {
    const anonymous = await request(t.app.getHttpServer()).get('/api/admin/queues');
    expect(anonymous.status).toBe(401);
    const member = await fx.admin.get('/api/admin/queues');
    expect(member.status).toBe(403);
    expect(member.body.message).toMatch(/platform operators/);
    expect((await fx.admin.get('/api/admin/queues/api/queues')).status).toBe(403);
  });

  it('lets an operator listed in ADMIN_EMAILS in', async () => {
    const page = await operator.get('/api/admin/queues');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html');
    const queues = await operator.get('/api/admin/queues/api/queues');
    expect(queues.status).toBe(200);
    expect((queues.body as { queues: Array<{ name: string }> }).queues.map((q) => q.name).sort()).toEqual(['email', 'imports', 'reminders', 'rollups']);
  });

  it('refuses operator actions from another origin', async () => {
    const res = await operator.http
      .put('/api/admin/queues/api/queues/rollups/retry/failed')
      .set('origin', 'https://evil.example');
    expect(res.status).toBe(403);
  });
});
