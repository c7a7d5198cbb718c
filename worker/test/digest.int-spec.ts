import { emailJobSchema, type EmailJob, type NotificationKind } from '@constellation/shared';
import type { Job } from 'bullmq';
import { randomBytes } from 'node:crypto';
import type { WorkerConfig } from '../src/config';
import { unsubscribeToken as workerUnsubscribeToken } from '@constellation/shared/node';
import { DIGEST_SCHEDULER_ID, queueEnqueue, runDigests, type DigestDeps } from '../src/digest';
import type { Logger } from '../src/logger';
import { startWorker, type WorkerRuntime } from '../src/worker';
import type { MailTransport } from '../src/handlers/email.handler';
import { createTenant, freshRollupsDatabase, type Tenant, type TestDatabase } from './rollups-support';
import { emailQueue, testConfig, until } from './support';

/**
 * The daily digest against the real PostgreSQL and Redis: who is due (their local time past their
 * digest hour, in their own time zone), one email job per person and local date carrying every
 * 'digest' notification, rows marked 'queued' with it, and one digest however many runs race.
 */
const SECRET = 's'.repeat(40);
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined, child: () => silent } as unknown as Logger;

let db: TestDatabase;
let config: WorkerConfig;
let email: ReturnType<typeof emailQueue>;
let home: Tenant;
let other: Tenant;

beforeAll(async () => {
  db = await freshRollupsDatabase();
  config = testConfig({ DATABASE_URL: db.url, UNSUBSCRIBE_SECRET: SECRET, PUBLIC_URL: 'https://impact.example.org' });
  email = emailQueue(config);
  home = await createTenant(db.pool, { fiscalYearStartMonth: 1, requiresApproval: false, partners: 1 });
  other = await createTenant(db.pool, { fiscalYearStartMonth: 1, requiresApproval: false, partners: 1 });
  await db.pool.query(`UPDATE collaborations SET name = 'Ready by Five' WHERE id = $1`, [home.collaborationId]);
  await db.pool.query(`UPDATE collaborations SET name = 'Anchor Coalition' WHERE id = $1`, [other.collaborationId]);
  await db.pool.query(`UPDATE agenda_versions SET time_zone = 'Asia/Tokyo' WHERE collaboration_id = $1`, [other.collaborationId]);
});
afterAll(async () => {
  await email?.close();
  await db?.drop();
});

const deps = (): DigestDeps => ({ pool: db.pool, enqueue: queueEnqueue(email.queue), logger: silent, publicUrl: config.publicUrl, unsubscribeSecret: SECRET });

async function person(opts: { timeZone?: string | null; hour?: number; collaborations: Tenant[] }): Promise<string> {
  const tag = randomBytes(5).toString('hex');
  const { rows } = await db.pool.query<{ id: string }>(
    `INSERT INTO users (email, name, password_hash, time_zone, digest_hour) VALUES ($1, $2, 'x', $3, $4) RETURNING id`,
    [`p-${tag}@example.test`, `Person ${tag}`, opts.timeZone ?? null, opts.hour ?? 8],
  );
  const id = rows[0]!.id;
  for (const c of opts.collaborations) {
    await db.pool.query(`INSERT INTO memberships (collaboration_id, user_id, partner_id, role, created_at) VALUES ($1, $2, $3, 'partner_contributor', now() + ($4 || ' seconds')::interval)`, [
      c.collaborationId,
      id,
      c.partners[0],
      String(opts.collaborations.indexOf(c)),
    ]);
  }
  return id;
}

/** A notification the relay put on 'digest' (C's relay: pending → digest). */
async function digestRow(userId: string, c: Tenant, kind: NotificationKind, title: string, state = 'digest'): Promise<string> {
  const { rows } = await db.pool.query<{ id: string }>(
    `INSERT INTO notifications (user_id, collaboration_id, kind, title, link, email_state) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [userId, c.collaborationId, kind, title, `/collaborations/${c.collaborationId}/x`, state],
  );
  return rows[0]!.id;
}

async function jobsFor(userId: string): Promise<Job<EmailJob>[]> {
  const jobs = (await email.queue.getJobs(['waiting', 'active', 'completed', 'delayed', 'prioritized'])) as Job<EmailJob>[];
  return jobs.filter((j) => j.id?.startsWith(`digest-${userId}-`)).sort((a, b) => (a.id! < b.id! ? -1 : 1));
}
async function states(ids: string[]): Promise<Record<string, string>> {
  const { rows } = await db.pool.query<{ id: string; email_state: string }>(`SELECT id, email_state FROM notifications WHERE id = ANY($1::uuid[])`, [ids]);
  return Object.fromEntries(rows.map((r) => [r.id, r.email_state]));
}

describe('daily digest', () => {
  it('respects time zones: Auckland and Los Angeles at the same UTC instants; one email per local day with every digest row', async () => {
    const kiwi = await person({ timeZone: 'Pacific/Auckland', collaborations: [home] });
    const angeleno = await person({ timeZone: 'America/Los_Angeles', collaborations: [home, other] });
    const k1 = await digestRow(kiwi, home, 'mention', 'Ana mentioned you');
    const a1 = await digestRow(angeleno, home, 'mention', 'Ana mentioned you too');
    const a2 = await digestRow(angeleno, other, 'milestone_met', 'Milestone met: Reading reached 130 for 2025');
    const a3 = await digestRow(angeleno, home, 'value_approved', 'Your value was approved');
    const immediate = await digestRow(angeleno, home, 'mention', 'Sent on its own', 'sent');

    // 15:30 UTC: 08:30 on 10 March in Los Angeles (due), 04:30 on 11 March in Auckland (not yet).
    await runDigests(deps(), new Date('2026-03-10T15:30:00Z'));
    expect(await jobsFor(kiwi)).toEqual([]);
    const [la] = await jobsFor(angeleno);
    expect(la?.id).toBe(`digest-${angeleno}-2026-03-10`);
    const job = emailJobSchema.parse(la!.data);
    expect(la!.name).toBe('send');
    expect(la!.opts.attempts).toBe(8);
    expect(new Set(job.notificationIds)).toEqual(new Set([a1, a2, a3]));
    expect(job.subject).toBe('Your Constellation digest: 3 notifications');
    // Grouped by collaboration, then kind.
    const t = job.text;
    const at = ['Anchor Coalition', 'Milestone met: Reading', 'Ready by Five', 'Ana mentioned you too', 'Your value was approved'].map((s) => t.indexOf(s));
    expect(at.every((x) => x >= 0)).toBe(true);
    expect([...at].sort((x, y) => x - y)).toEqual(at);
    expect(t).not.toContain('Sent on its own');
    expect(t).toContain(`https://impact.example.org/unsubscribe?token=${workerUnsubscribeToken(SECRET, angeleno, 'milestone_met')}`);
    expect(job.headers?.['List-Unsubscribe']).toBe(`<https://impact.example.org/api/notifications/unsubscribe?token=${workerUnsubscribeToken(SECRET, angeleno, 'digest')}>`);
    expect(await states([a1, a2, a3, immediate, k1])).toEqual({ [a1]: 'queued', [a2]: 'queued', [a3]: 'queued', [immediate]: 'sent', [k1]: 'digest' });
    // Each queued row names the digest's job (for the lost-job recovery, notifications/relay.ts).
    const named = await db.pool.query<{ email_job: string }>(`SELECT DISTINCT email_job FROM notifications WHERE id = ANY($1::uuid[])`, [[a1, a2, a3]]);
    expect(named.rows).toEqual([{ email_job: `digest-${angeleno}-2026-03-10` }]);

    // Later the same local day: a new row waits for tomorrow's digest.
    const a4 = await digestRow(angeleno, home, 'mention', 'Another mention');
    await runDigests(deps(), new Date('2026-03-10T23:00:00Z'));
    expect(await jobsFor(angeleno)).toHaveLength(1);
    expect(await states([a4])).toEqual({ [a4]: 'digest' });

    // 19:30 UTC: 08:30 on 11 March in Auckland.
    await runDigests(deps(), new Date('2026-03-10T19:30:00Z'));
    const kiwiJobs = await jobsFor(kiwi);
    expect(kiwiJobs.map((j) => j.id)).toEqual([`digest-${kiwi}-2026-03-11`]);
    expect(kiwiJobs[0]!.data.notificationIds).toEqual([k1]);

    // The next local day in Los Angeles.
    await runDigests(deps(), new Date('2026-03-11T16:00:00Z'));
    const laJobs = await jobsFor(angeleno);
    expect(laJobs.map((j) => j.id)).toEqual([`digest-${angeleno}-2026-03-10`, `digest-${angeleno}-2026-03-11`]);
    expect(laJobs[1]!.data.notificationIds).toEqual([a4]);
    const { rows: runs } = await db.pool.query(
      `SELECT to_char(local_date, 'YYYY-MM-DD') AS date, time_zone AS zone, notifications FROM digest_runs WHERE user_id = $1 ORDER BY local_date`,
      [angeleno],
    );
    expect(runs).toEqual([
      { date: '2026-03-10', zone: 'America/Los_Angeles', notifications: 3 },
      { date: '2026-03-11', zone: 'America/Los_Angeles', notifications: 1 },
    ]);
  });

  it('uses the digest hour, and without a chosen zone the first collaboration’s (else UTC)', async () => {
    const tokyo = await person({ collaborations: [other, home], hour: 18 }); // Asia/Tokyo from 'Anchor Coalition'
    const utc = await person({ collaborations: [], hour: 7 });
    const t1 = await digestRow(tokyo, other, 'reminder', 'Report due');
    const u1 = await digestRow(utc, home, 'decision', 'Decision recorded');
    // 08:30 UTC = 17:30 in Tokyo: before 18:00.
    await runDigests(deps(), new Date('2026-03-12T08:30:00Z'));
    expect(await jobsFor(tokyo)).toEqual([]);
    // ...but Person UTC is not a member of 'Ready by Five': their row is dropped, nothing sent.
    expect(await jobsFor(utc)).toEqual([]);
    expect(await states([u1, t1])).toEqual({ [u1]: 'skipped', [t1]: 'digest' });
    await runDigests(deps(), new Date('2026-03-12T09:00:00Z'));
    expect((await jobsFor(tokyo)).map((j) => j.id)).toEqual([`digest-${tokyo}-2026-03-12`]);
  });

  it('leaves out kinds turned off since, and collaborations the person left (skipped)', async () => {
    const p = await person({ timeZone: 'UTC', collaborations: [home, other] });
    const keep = await digestRow(p, home, 'mention', 'Kept');
    const off = await digestRow(p, home, 'reminder', 'Turned off');
    const left = await digestRow(p, other, 'mention', 'From a collaboration left');
    await db.pool.query(`INSERT INTO notification_preferences (user_id, kind, email) VALUES ($1, 'reminder', 'off')`, [p]);
    await db.pool.query(`DELETE FROM memberships WHERE user_id = $1 AND collaboration_id = $2`, [p, other.collaborationId]);
    await runDigests(deps(), new Date('2026-03-13T12:00:00Z'));
    const [job] = await jobsFor(p);
    expect(job!.data.notificationIds).toEqual([keep]);
    expect(await states([keep, off, left])).toEqual({ [keep]: 'queued', [off]: 'skipped', [left]: 'skipped' });
  });

  it('two concurrent runs send one digest per person', async () => {
    const people = await Promise.all(Array.from({ length: 4 }, () => person({ timeZone: 'Europe/Paris', collaborations: [home] })));
    const rows = await Promise.all(people.flatMap((p) => [digestRow(p, home, 'mention', 'One'), digestRow(p, home, 'value_returned', 'Two')]));
    const at = new Date('2026-03-14T10:00:00Z');
    const [a, b] = await Promise.all([runDigests(deps(), at), runDigests(deps(), at)]);
    const mine = (s: typeof a) => s.sent.filter((x) => people.includes(x.userId));
    expect(mine(a).length + mine(b).length).toBe(people.length);
    for (const p of people) {
      const jobs = await jobsFor(p);
      expect(jobs).toHaveLength(1);
      expect(jobs[0]!.data.notificationIds).toHaveLength(2);
    }
    expect(new Set(Object.values(await states(rows)))).toEqual(new Set(['queued']));
    const { rows: runs } = await db.pool.query(`SELECT count(*)::int AS n FROM digest_runs WHERE user_id = ANY($1::uuid[])`, [people]);
    expect(runs[0].n).toBe(people.length);
  });
});

describe('in the worker', () => {
  let runtime: WorkerRuntime | undefined;
  afterAll(async () => {
    await runtime?.close();
  });

  it('installs one scheduler; an email/digest job queues the digest, which the email handler sends with its headers', async () => {
    const sent: Parameters<MailTransport['sendMail']>[0][] = [];
    const transport: MailTransport = { sendMail: async (m) => (sent.push(m), { messageId: `<${sent.length}@test>` }), close: () => undefined };
    runtime = await startWorker({ ...config, digestIntervalMinutes: 15 }, { logger: silent, transport, digest: true });
    expect(await email.queue.getJobSchedulers()).toEqual([expect.objectContaining({ key: DIGEST_SCHEDULER_ID, name: 'digest', every: 15 * 60_000 })]);
    const p = await person({ timeZone: 'Pacific/Auckland', collaborations: [home] });
    const n = await digestRow(p, home, 'mention', 'Through the worker');
    await email.queue.add('digest', { at: '2026-03-15T22:00:00.000Z' }); // 11:00 on 16 March in Auckland
    await until(async () => sent.some((m) => m.text.includes('Through the worker')), 20_000);
    const message = sent.find((m) => m.text.includes('Through the worker'))!;
    expect(message.subject).toBe('Your Constellation digest: 1 notification');
    expect(message.headers).toMatchObject({
      'X-Constellation-Kind': 'notification.digest',
      'List-Unsubscribe': `<https://impact.example.org/api/notifications/unsubscribe?token=${workerUnsubscribeToken(SECRET, p, 'digest')}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    // 'queued' by the digest; the email handler marks notificationIds 'sent' once the outbox relay lands (helper C).
    expect(['queued', 'sent']).toContain((await states([n]))[n]);
  });
});
