import { addDays, periodAtIndex, toMonthIndex } from '@constellation/shared';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { type ParsedMail, simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { type Child, SHARED_REDIS_URL, startWorker } from './support/processes';
import { addPartner, type Collaboration, commit, createCollaboration, createIndicator, type Partner, submitValues } from './support/scenario';
import { Stack } from './support/stack';
import { until } from './support/wait';

/**
 * Issue 6, "done when": two BUILT worker processes against PostgreSQL, Redis and a real SMTP
 * server send every due reporting reminder exactly once — with both workers' schedulers and with
 * extra reminder jobs fired at the same moment — and only to partners with missing reports.
 */
describe('reporting reminders with two worker processes', () => {
  const messages: ParsedMail[] = [];
  let smtp: SMTPServer;
  let stack: Stack;
  let second: Child | undefined;
  let c: Collaboration;
  let partners: Partner[];
  let queue: Queue;
  let connection: IORedis;
  let smtpUrl: string;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((mail) => {
            messages.push(mail);
            callback();
          })
          .catch((err: Error) => callback(err));
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
    // The workers start with reminders off: the collaboration is set up first, then both start.
    stack = new Stack({ redisUrl: SHARED_REDIS_URL, workerEnv: { SMTP_URL: smtpUrl } });
    await stack.start();
    c = await createCollaboration(stack.baseUrl, { fiscalYearStartMonth: 1, requiresApproval: false });
    const spec = { valueType: 'count', aggregationAcrossPartners: 'sum', aggregationOverTime: 'sum', baselinePeriod: '2020-01', longTermPeriod: '2032-12' } as const;
    const a = await createIndicator(c, { ...spec, code: 'REM-A', periodicity: 'month' });
    const b = await createIndicator(c, { ...spec, code: 'REM-B', periodicity: 'month' });
    partners = [await addPartner(c, 'rem-one'), await addPartner(c, 'rem-two'), await addPartner(c, 'rem-three')];
    for (const p of partners) await commit(c, p, [{ indicatorId: a, startPeriod: '2020-01' }, { indicatorId: b, startPeriod: '2020-01' }]);

    const now = new Date();
    const today = now.toISOString().slice(0, 10);
    const last = periodAtIndex(toMonthIndex(now.getUTCFullYear(), now.getUTCMonth() + 1) - 1, 'month', 1).key;
    // Partner one reported A only, partner two nothing, partner three both.
    await submitValues(c, partners[0]!, [{ indicatorId: a, partnerId: partners[0]!.id, period: last, value: '3' }]);
    await submitValues(c, partners[2]!, [
      { indicatorId: a, partnerId: partners[2]!.id, period: last, value: '1' },
      { indicatorId: b, partnerId: partners[2]!.id, period: last, value: '2' },
    ]);
    // Monthly reports due on the period's last day, one overdue reminder a day later, from 00:00
    // UTC; last month's reports were due yesterday, so its overdue reminder is due today.
    await c.admin.expect(200, 'PUT', `${c.base}/reporting-calendar`, {
      month: { rule: 'days_after_end', days: 0, remindDaysBefore: 0, overdueDays: [1] },
      reminderHour: 0,
    });
    await c.admin.expect(200, 'PUT', `${c.base}/reporting-calendar/overrides/${last}`, { dueDate: addDays(today, -1) });

    connection = new IORedis(SHARED_REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue('reminders', { connection, prefix: stack.queuePrefix });
  }, 300_000);

  afterAll(async () => {
    await second?.stop().catch(() => undefined);
    await queue?.close().catch(() => undefined);
    connection?.disconnect();
    await stack?.stop();
    await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  });

  it('each due reminder is emailed exactly once, to the partners with missing reports only', async () => {
    // Two more worker processes with reminders on (every minute: the scheduler enqueues a run at
    // once), and two extra runs fired at the same moment while they work.
    const env = { SMTP_URL: smtpUrl, REMINDER_INTERVAL_MINUTES: '1', NOTIFICATION_EMAIL_BACKOFF_MS: '200' };
    const options = { databaseUrl: stack.databaseUrl, redisUrl: SHARED_REDIS_URL, queuePrefix: stack.queuePrefix, env };
    const [w1, w2] = await Promise.all([startWorker(options, 'reminders-1'), startWorker(options, 'reminders-2')]);
    second = w2;
    const extra = await queue.addBulk([
      { name: 'run', data: {} },
      { name: 'run', data: {} },
      { name: 'run', data: { collaborationId: c.id } },
    ]);
    for (const job of extra) {
      await until(async () => ['completed', 'failed'].includes(await queue.getJobState(job.id!)), {
        timeoutMs: 60_000,
        what: `reminder job ${job.id} to finish`,
        detail: () => `${w1.tail()}\n${w2.tail()}`,
      });
      expect(await queue.getJobState(job.id!)).toBe('completed');
    }

    const reminders = async () =>
      (
        await stack.pool.query<{ partner_id: string; kind: string; indicator_codes: string[]; notification_ids: string[] }>(
          `SELECT partner_id, kind, indicator_codes, notification_ids FROM reminders WHERE collaboration_id = $1 ORDER BY indicator_codes`,
          [c.id],
        )
      ).rows;
    const rows = await reminders();
    expect(rows.map((r) => [r.partner_id, r.kind, r.indicator_codes])).toEqual([
      [partners[1]!.id, 'overdue_1', ['REM-A', 'REM-B']],
      [partners[0]!.id, 'overdue_1', ['REM-B']],
    ]);
    const ids = rows.flatMap((r) => r.notification_ids);
    expect(ids).toHaveLength(2);
    await until(
      async () => {
        const { rows: states } = await stack.pool.query<{ email_state: string }>(`SELECT email_state FROM notifications WHERE id = ANY($1::uuid[])`, [ids]);
        return states.every((s) => s.email_state === 'sent');
      },
      { timeoutMs: 60_000, what: 'the reminder emails to be sent', detail: () => `${w1.tail()}\n${w2.tail()}` },
    );

    // The SMTP server's view: one reminder email per recipient and period.
    const reminderMails = messages.filter((m) => m.headers.get('x-constellation-kind') === 'notification.reminder');
    const perRecipient = new Map<string, number>();
    for (const m of reminderMails) {
      const to = (Array.isArray(m.to) ? m.to : [m.to]).flatMap((a) => a?.value.map((v) => v.address) ?? []).join(',');
      perRecipient.set(`${to}|${m.subject}`, (perRecipient.get(`${to}|${m.subject}`) ?? 0) + 1);
    }
    expect([...perRecipient.values()]).toEqual([1, 1]);
    const recipients = [...perRecipient.keys()].map((k) => k.split('|')[0]).sort();
    expect(recipients).toEqual([partners[0]!.person.email, partners[1]!.person.email].sort());
    const toTwo = reminderMails.find((m) => JSON.stringify(m.to).includes(partners[1]!.person.email))!;
    expect(toTwo.text).toContain('REM-A, REM-B');
    expect(toTwo.text).toContain(`/collaborations/${c.id}/report?year=`);

    // The backbone sees who was reminded and that the emails went out.
    const seen = await c.admin.expect<{ items: Array<{ partner: { id: string }; recipients: Array<{ emailState: string }> }> }>(200, 'GET', `${c.base}/reminders`);
    expect(seen.items.map((i) => i.partner.id).sort()).toEqual([partners[0]!.id, partners[1]!.id].sort());
    expect(seen.items.flatMap((i) => i.recipients.map((r) => r.emailState))).toEqual(['sent', 'sent']);

    // Running again (another scheduled or fired run) sends nothing more.
    const again = await queue.add('run', {});
    await until(async () => (await queue.getJobState(again.id!)) === 'completed', { timeoutMs: 60_000, what: 'the last run' });
    expect(await reminders()).toHaveLength(2);
    expect(messages.filter((m) => m.headers.get('x-constellation-kind') === 'notification.reminder')).toHaveLength(2);
    await w1.stop();
  });
});
