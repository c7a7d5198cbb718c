import { verifyUnsubscribeToken } from '@constellation/shared/node';
import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { createLogger } from '../src/logger';
import { createNotifications } from '../src/notifications';
import { recoverLostEmailJobs, relayNotifications } from '../src/notifications/relay';
import { startWorker, type WorkerRuntime } from '../src/worker';
import { createTenant, freshRollupsDatabase, type Tenant, type TestDatabase } from './rollups-support';
import { closedPort, emailQueue, startSmtpServer, testConfig, until } from './support';

/**
 * The notification email outbox against PostgreSQL (built by the real migrations), Redis and a
 * real SMTP server: rows written 'pending' are relayed by the worker, emailed, and marked.
 */
const logger = createLogger({ logLevel: 'silent' });
const SECRET = 'worker-test-unsubscribe-secret-0123456789';
const PUBLIC_URL = 'http://app.example.test';

interface Person {
  userId: string;
  email: string;
}

async function person(pool: Pool, t: Tenant, opts: { member?: boolean } = {}): Promise<Person> {
  const email = `p-${randomBytes(4).toString('hex')}@example.test`;
  const { rows } = await pool.query<{ id: string }>(`INSERT INTO users (email, name, password_hash) VALUES ($1, 'Pat', 'x') RETURNING id`, [email]);
  const userId = rows[0]!.id;
  if (opts.member ?? true) {
    await pool.query(`INSERT INTO memberships (collaboration_id, user_id, partner_id, role) VALUES ($1, $2, $3, 'partner_contributor')`, [
      t.collaborationId,
      userId,
      t.partners[0],
    ]);
  }
  return { userId, email };
}

async function notify(pool: Pool, t: Tenant, p: Person, title: string, kind = 'mention'): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO notifications (user_id, collaboration_id, kind, title, body, link)
     VALUES ($1, $2, $3, $4, 'What do you think?', '/collaborations/x/indicators/y') RETURNING id`,
    [p.userId, t.collaborationId, kind, title],
  );
  return rows[0]!.id;
}

interface Row {
  email_state: string;
  email_attempts: number;
  email_error: string | null;
  emailed_at: Date | null;
}
const row = async (pool: Pool, id: string): Promise<Row> =>
  (await pool.query<Row>(`SELECT email_state, email_attempts, email_error, emailed_at FROM notifications WHERE id = $1`, [id])).rows[0]!;

describe('notification emails through the worker (outbox relay, real SMTP server)', () => {
  let db: TestDatabase;
  let tenant: Tenant;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let runtime: WorkerRuntime;
  let config: ReturnType<typeof testConfig>;

  beforeAll(async () => {
    db = await freshRollupsDatabase();
    tenant = await createTenant(db.pool, { fiscalYearStartMonth: 1, requiresApproval: false, partners: 1 });
    smtp = await startSmtpServer();
    config = testConfig({ SMTP_URL: smtp.url, DATABASE_URL: db.url, PUBLIC_URL, UNSUBSCRIBE_SECRET: SECRET });
    runtime = await startWorker(config, { logger, notificationRelay: true });
  });
  afterAll(async () => {
    await runtime?.close();
    await smtp?.close();
    await db?.drop();
  });

  it('emails a pending notification with its link and one-click unsubscribe, and marks it sent', async () => {
    const ana = await person(db.pool, tenant);
    const id = await notify(db.pool, tenant, ana, 'Bo mentioned you on Reading scores');
    await until(async () => (await row(db.pool, id)).email_state === 'sent');
    const mails = smtp.messages.filter((m) => m.subject === 'Bo mentioned you on Reading scores');
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.to).toMatchObject({ value: [{ address: ana.email }] });
    expect(mail.text).toContain('What do you think?');
    expect(mail.text).toContain(`Open it: ${PUBLIC_URL}/collaborations/x/indicators/y`);
    const header = mail.headerLines.find((h) => h.key === 'list-unsubscribe')!.line.replace(/\r\n\s*/g, ' ');
    const token = /token=([^>\s]+)>/.exec(header)![1]!;
    expect(header).toBe(`List-Unsubscribe: <${PUBLIC_URL}/api/notifications/unsubscribe?token=${token}>`);
    const post = mail.headerLines.find((h) => h.key === 'list-unsubscribe-post')!.line;
    expect(post).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(mail.text).toContain(`${PUBLIC_URL}/unsubscribe?token=${token}`);
    // The api verifies with the same key (UNSUBSCRIBE_SECRET of both).
    expect(verifyUnsubscribeToken(SECRET, token)).toEqual({ userId: ana.userId, kind: 'mention' });
    const r = await row(db.pool, id);
    expect(r).toMatchObject({ email_state: 'sent', email_attempts: 1, email_error: null });
    expect(r.emailed_at).toBeInstanceOf(Date);
  });

  it('skips a kind the person turned off and waits for the digest of a digest kind; sends nothing for either', async () => {
    const bo = await person(db.pool, tenant);
    await db.pool.query(`INSERT INTO notification_preferences (user_id, kind, email) VALUES ($1, 'mention', 'off'), ($1, 'value_returned', 'digest')`, [bo.userId]);
    const off = await notify(db.pool, tenant, bo, 'Off: mentioned');
    const digest = await notify(db.pool, tenant, bo, 'Digest: returned', 'value_returned');
    // A third one, emailed, shows the relay has passed the first two.
    const on = await notify(db.pool, tenant, bo, 'On: approved', 'value_approved');
    await until(async () => (await row(db.pool, on)).email_state === 'sent');
    expect((await row(db.pool, off)).email_state).toBe('skipped');
    expect((await row(db.pool, digest)).email_state).toBe('digest');
    expect(smtp.messages.filter((m) => m.to && JSON.stringify(m.to).includes(bo.email)).map((m) => m.subject)).toEqual(['On: approved']);
  });

  it('skips notifications of people who left the collaboration', async () => {
    const gone = await person(db.pool, tenant, { member: false });
    const id = await notify(db.pool, tenant, gone, 'Left: mentioned');
    await until(async () => (await row(db.pool, id)).email_state !== 'pending');
    expect((await row(db.pool, id)).email_state).toBe('skipped');
    expect(smtp.messages.some((m) => m.subject === 'Left: mentioned')).toBe(false);
  });

  it('marks every notification of a digest email (one job, many notificationIds)', async () => {
    const cy = await person(db.pool, tenant);
    await db.pool.query(`INSERT INTO notification_preferences (user_id, kind, email) VALUES ($1, 'mention', 'digest')`, [cy.userId]);
    const ids = [await notify(db.pool, tenant, cy, 'D1'), await notify(db.pool, tenant, cy, 'D2')];
    await until(async () => (await row(db.pool, ids[1]!)).email_state === 'digest');
    const producer = emailQueue(config);
    try {
      await producer.queue.add('send', { to: cy.email, subject: 'Your daily digest', text: 'D1\nD2', kind: 'notification.digest', notificationIds: ids });
      await until(async () => (await row(db.pool, ids[0]!)).email_state === 'sent' && (await row(db.pool, ids[1]!)).email_state === 'sent');
    } finally {
      await producer.close();
    }
    expect(smtp.messages.filter((m) => m.subject === 'Your daily digest')).toHaveLength(1);
  });
});

describe('two workers relaying the same notifications', () => {
  let db: TestDatabase;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  const runtimes: WorkerRuntime[] = [];

  beforeAll(async () => {
    db = await freshRollupsDatabase();
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    for (const r of runtimes) await r.close();
    await smtp?.close();
    await db?.drop();
  });

  it('sends each email exactly once, though both relays poll the same rows', async () => {
    const tenant = await createTenant(db.pool, { fiscalYearStartMonth: 1, requiresApproval: false, partners: 1 });
    const people = [await person(db.pool, tenant), await person(db.pool, tenant), await person(db.pool, tenant)];
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push(await notify(db.pool, tenant, people[i % 3]!, `Race ${i}`));
    const config = testConfig({ SMTP_URL: smtp.url, DATABASE_URL: db.url, PUBLIC_URL, UNSUBSCRIBE_SECRET: SECRET });
    // Two independent worker instances (own Redis connections and PostgreSQL pools), one queue.
    runtimes.push(...(await Promise.all([0, 1].map(() => startWorker(config, { logger, notificationRelay: true })))));
    await until(async () => {
      const { rows } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM notifications WHERE email_state = 'sent'`);
      return rows[0]!.n === ids.length;
    });
    const subjects = smtp.messages.map((m) => m.subject);
    expect(subjects.sort()).toEqual(ids.map((_, i) => `Race ${i}`).sort());
    // Relaying again finds nothing to do (every row left 'pending' once).
    const n = createNotifications(config, logger);
    try {
      expect(
        await relayNotifications({ pool: n.pool, queue: n.emailQueue(), logger, publicUrl: PUBLIC_URL, unsubscribeSecret: SECRET, attempts: 1, backoffMs: 10 }),
      ).toBe(0);
    } finally {
      await n.close();
    }
  });
});

describe('notification emails when the SMTP server is down', () => {
  let db: TestDatabase;
  let runtime: WorkerRuntime | undefined;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>> | undefined;

  beforeAll(async () => {
    db = await freshRollupsDatabase();
  });
  afterAll(async () => {
    await runtime?.close();
    await smtp?.close();
    await db?.drop();
  });

  it('retries with backoff, then marks the notification failed with the error; a later one is delivered once the server is back', async () => {
    const tenant = await createTenant(db.pool, { fiscalYearStartMonth: 1, requiresApproval: false, partners: 1 });
    const eve = await person(db.pool, tenant);
    const port = await closedPort();
    const config = testConfig({
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      DATABASE_URL: db.url,
      PUBLIC_URL,
      UNSUBSCRIBE_SECRET: SECRET,
      NOTIFICATION_EMAIL_ATTEMPTS: '3',
      NOTIFICATION_EMAIL_BACKOFF_MS: '50',
    });
    runtime = await startWorker(config, { logger, notificationRelay: true });
    const lost = await notify(db.pool, tenant, eve, 'While the server is down');
    await until(async () => (await row(db.pool, lost)).email_state === 'failed');
    const r = await row(db.pool, lost);
    expect(r.email_attempts).toBe(3);
    expect(r.email_error).toMatch(/ECONNREFUSED|connect/i);
    expect(r.emailed_at).toBeNull();
    // Bull Board shows the job as failed, retried with exponential backoff.
    const producer = emailQueue(config);
    try {
      const job = await producer.queue.getJob(`notification-${lost}`);
      expect(await job!.getState()).toBe('failed');
      expect(job!.attemptsMade).toBe(3);
      expect(job!.opts.backoff).toEqual({ type: 'exponential', delay: 50 });
    } finally {
      await producer.close();
    }

    smtp = await startSmtpServer(port);
    const later = await notify(db.pool, tenant, eve, 'After the server is back');
    await until(async () => (await row(db.pool, later)).email_state === 'sent');
    expect(smtp.messages.map((m) => m.subject)).toEqual(['After the server is back']);
    expect((await row(db.pool, lost)).email_state).toBe('failed');
  });
});

describe('notification emails whose job Redis lost', () => {
  let db: TestDatabase;
  let tenant: Tenant;
  let n: ReturnType<typeof createNotifications>;
  const relay = () =>
    relayNotifications({ pool: n.pool, queue: n.emailQueue(), logger, publicUrl: PUBLIC_URL, unsubscribeSecret: SECRET, attempts: 1, backoffMs: 10 });
  const recover = (olderThanMs: number) => recoverLostEmailJobs({ pool: n.pool, queue: n.emailQueue(), logger, olderThanMs });
  const jobOf = async (id: string) =>
    (await db.pool.query<{ email_state: string; email_job: string | null; email_queued_at: Date | null }>(
      `SELECT email_state, email_job, email_queued_at FROM notifications WHERE id = $1`,
      [id],
    )).rows[0]!;

  beforeAll(async () => {
    db = await freshRollupsDatabase();
    tenant = await createTenant(db.pool, { fiscalYearStartMonth: 1, requiresApproval: false, partners: 1 });
    // No worker consumes the queue here: jobs stay in it until the test removes them.
    n = createNotifications(testConfig({ DATABASE_URL: db.url, PUBLIC_URL, UNSUBSCRIBE_SECRET: SECRET }), logger);
  });
  afterAll(async () => {
    await n?.emailQueue().obliterate({ force: true });
    await n?.close();
    await db?.drop();
  });

  it('hands a notification back to the relay when its job is gone, and only then', async () => {
    const dee = await person(db.pool, tenant);
    const id = await notify(db.pool, tenant, dee, 'Lost: mentioned');
    expect(await relay()).toBe(1);
    const queued = await jobOf(id);
    expect(queued).toMatchObject({ email_state: 'queued', email_job: `notification-${id}` });
    expect(queued.email_queued_at).toBeInstanceOf(Date);
    expect(await n.emailQueue().getJob(`notification-${id}`)).toBeTruthy();

    // The job is still in the queue: nothing to hand back, however old the row.
    expect(await recover(0)).toBe(0);
    expect((await jobOf(id)).email_state).toBe('queued');

    // Redis loses the job. Queued only just now: not yet considered lost.
    await (await n.emailQueue().getJob(`notification-${id}`))!.remove();
    expect(await recover(10 * 60_000)).toBe(0);
    expect((await jobOf(id)).email_state).toBe('queued');

    // Queued long enough ago: handed back, and the relay queues it again under the same job id.
    await db.pool.query(`UPDATE notifications SET email_queued_at = now() - interval '11 minutes' WHERE id = $1`, [id]);
    expect(await recover(10 * 60_000)).toBe(1);
    expect(await jobOf(id)).toEqual({ email_state: 'pending', email_job: null, email_queued_at: null });
    expect(await relay()).toBe(1);
    expect((await jobOf(id)).email_state).toBe('queued');
    const job = await n.emailQueue().getJob(`notification-${id}`);
    expect(job?.data).toMatchObject({ to: dee.email, subject: 'Lost: mentioned', notificationIds: [id] });
  });

  it("hands a lost digest's notifications back to the digest and forgets that day's digest run", async () => {
    const eve = await person(db.pool, tenant);
    const ids = [await notify(db.pool, tenant, eve, 'DL1'), await notify(db.pool, tenant, eve, 'DL2')];
    const job = `digest-${eve.userId}-2026-11-28`;
    // As the digest job leaves them (digest/run.ts), with its job gone from the queue.
    await db.pool.query(
      `UPDATE notifications SET email_state = 'queued', email_job = $2, email_queued_at = now() - interval '1 hour' WHERE id = ANY($1::uuid[])`,
      [ids, job],
    );
    await db.pool.query(`INSERT INTO digest_runs (user_id, local_date, time_zone, notifications) VALUES ($1, '2026-11-28', 'Europe/London', 2)`, [eve.userId]);
    expect(await recover(10 * 60_000)).toBe(2);
    for (const id of ids) expect(await jobOf(id)).toEqual({ email_state: 'digest', email_job: null, email_queued_at: null });
    const { rows } = await db.pool.query(`SELECT 1 FROM digest_runs WHERE user_id = $1`, [eve.userId]);
    expect(rows).toHaveLength(0);
  });
});
