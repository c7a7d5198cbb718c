import { type Job, Queue } from 'bullmq';
import IORedis from 'ioredis';
import { simpleParser, type ParsedMail } from 'mailparser';
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { loadConfig, type WorkerConfig } from '../src/config';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Worker config for one suite: the real Redis with a random queue prefix, nothing logged. */
export function testConfig(env: Record<string, string> = {}): WorkerConfig {
  return loadConfig({
    NODE_ENV: 'test',
    REDIS_URL,
    QUEUE_PREFIX: `{wtest-${randomBytes(4).toString('hex')}}`,
    LOG_LEVEL: 'silent',
    MAIL_FROM: 'Constellation Test <no-reply@constellation.test>',
    ...env,
  });
}

/** A producer for the email queue, as the api creates it. */
export function emailQueue(config: WorkerConfig): { queue: Queue; close: () => Promise<void> } {
  const connection = new IORedis(config.redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue('email', { connection, prefix: config.queuePrefix });
  return {
    queue,
    close: async () => {
      await queue.obliterate({ force: true });
      await queue.close();
      await connection.quit();
    },
  };
}

/** A real SMTP server on a random port that keeps what it receives. */
export async function startSmtpServer(port = 0): Promise<{
  url: string;
  messages: ParsedMail[];
  close: () => Promise<void>;
}> {
  const messages: ParsedMail[] = [];
  const server = new SMTPServer({
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
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${bound}`,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port nothing listens on. */
export async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

/** Poll until the job reaches one of the states (no fixed sleeps). */
export async function waitForState(
  queue: Queue,
  id: string,
  states: string[],
  timeoutMs = 15000,
): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await queue.getJobState(id);
    // Read the job after its state, so attemptsMade and failedReason are at least as recent.
    if (states.includes(state)) return (await queue.getJob(id))!;
    if (Date.now() > deadline)
      throw new Error(`job ${id} did not reach ${states.join('/')} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function until(check: () => Promise<boolean> | boolean, timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
