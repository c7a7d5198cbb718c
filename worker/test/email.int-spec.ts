import type { Queue } from 'bullmq';
import { createLogger } from '../src/logger';
import { startWorker, type WorkerRuntime } from '../src/worker';
import { closedPort, emailQueue, startSmtpServer, testConfig, until, waitForState } from './support';

const logger = createLogger({ logLevel: 'silent' });
const email = {
  to: 'ana@example.org',
  subject: 'You are invited to Riverside Literacy',
  text: 'Accept the invitation: http://localhost:3000/invitations/abc123',
  kind: 'invitation',
};

describe('email worker against a real SMTP server and Redis', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let runtime: WorkerRuntime;
  let producer: ReturnType<typeof emailQueue>;
  let queue: Queue;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    const config = testConfig({ SMTP_URL: smtp.url });
    runtime = await startWorker(config, { logger });
    producer = emailQueue(config);
    queue = producer.queue;
  });
  afterAll(async () => {
    await runtime?.close();
    await producer?.close();
    await smtp?.close();
  });

  it('delivers a queued email', async () => {
    const job = await queue.add('send', email, { attempts: 3, backoff: { type: 'exponential', delay: 100 } });
    const done = await waitForState(queue, job.id!, ['completed', 'failed']);
    expect(await done.getState()).toBe('completed');
    expect(done.attemptsMade).toBe(1);

    expect(smtp.messages).toHaveLength(1);
    const [mail] = smtp.messages;
    expect(mail!.to).toMatchObject({ value: [{ address: 'ana@example.org' }] });
    expect(mail!.from).toMatchObject({
      value: [{ address: 'no-reply@constellation.test', name: 'Constellation Test' }],
    });
    expect(mail!.subject).toBe(email.subject);
    expect(mail!.text?.trim()).toBe(email.text);
    expect(mail!.headers.get('x-constellation-kind')).toBe('invitation');
  });

  it('passes the one-click unsubscribe headers of notification emails to the SMTP server (RFC 8058)', async () => {
    const before = smtp.messages.length;
    const unsubscribe = '<http://localhost:3000/api/notifications/unsubscribe?token=abc.def>';
    const job = await queue.add('send', {
      ...email,
      kind: 'notification.mention',
      headers: { 'List-Unsubscribe': unsubscribe, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
    const done = await waitForState(queue, job.id!, ['completed', 'failed']);
    expect(await done.getState()).toBe('completed');
    const mail = smtp.messages[before]!;
    const line = (key: string) => mail.headerLines.find((h) => h.key === key)?.line.replace(/\r\n\s*/g, ' ');
    expect(line('list-unsubscribe')).toBe(`List-Unsubscribe: ${unsubscribe}`);
    expect(line('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(mail.headers.get('x-constellation-kind')).toBe('notification.mention');
  });

  it('refuses any other header in a job (only the unsubscribe pair may be set)', async () => {
    const before = smtp.messages.length;
    const job = await queue.add('send', { ...email, headers: { Bcc: 'everyone@example.org' } }, { attempts: 3, backoff: { type: 'fixed', delay: 50 } });
    const failed = await waitForState(queue, job.id!, ['failed', 'completed']);
    expect(await failed.getState()).toBe('failed');
    expect(failed.attemptsMade).toBe(1);
    expect(smtp.messages).toHaveLength(before);
  });

  it('fails a job with a bad payload at once, without retry, and sends nothing', async () => {
    const before = smtp.messages.length;
    const job = await queue.add(
      'send',
      { ...email, to: 'not-an-email' },
      { attempts: 5, backoff: { type: 'fixed', delay: 50 } },
    );
    const failed = await waitForState(queue, job.id!, ['failed', 'completed']);
    expect(await failed.getState()).toBe('failed');
    expect(failed.attemptsMade).toBe(1);
    expect(failed.failedReason).toMatch(/Invalid email\/send payload: to:/);
    expect(smtp.messages).toHaveLength(before);
  });
});

describe('email worker when the SMTP server is down', () => {
  let runtime: WorkerRuntime;
  let producer: ReturnType<typeof emailQueue>;

  beforeAll(async () => {
    const config = testConfig({ SMTP_URL: `smtp://127.0.0.1:${await closedPort()}` });
    runtime = await startWorker(config, { logger });
    producer = emailQueue(config);
  });
  afterAll(async () => {
    await runtime?.close();
    await producer?.close();
  });

  it('retries with backoff, then ends failed after its attempts', async () => {
    const { queue } = producer;
    const seen: { attemptsMade: number; state: string }[] = [];
    runtime.workers[0]!.on('failed', (job) => {
      if (job) void job.getState().then((state) => seen.push({ attemptsMade: job.attemptsMade, state }));
    });
    const job = await queue.add('send', email, { attempts: 3, backoff: { type: 'exponential', delay: 300 } });

    const failed = await waitForState(queue, job.id!, ['failed', 'completed']);
    expect(await failed.getState()).toBe('failed');
    expect(failed.attemptsMade).toBe(3);
    expect(failed.failedReason).toMatch(/ECONNREFUSED|connect/i);
    // Each failure but the last was put back to wait for its backoff.
    await until(() => seen.length === 3);
    expect(seen).toEqual([
      { attemptsMade: 1, state: 'delayed' },
      { attemptsMade: 2, state: 'delayed' },
      { attemptsMade: 3, state: 'failed' },
    ]);
  });
});
