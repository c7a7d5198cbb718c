import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import pino from 'pino';
import { Writable } from 'node:stream';
import { createEmailHandler, type MailTransport } from './email.handler';

function captureLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      cb();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

const job = { id: '7', name: 'send', attemptsMade: 0 } as unknown as Job;
const email = {
  to: 'ana@example.org',
  subject: 'Reset your password',
  text: 'Open http://localhost:3000/reset?token=abc to choose a new password.',
  kind: 'password_reset',
};

function fakeTransport(impl: MailTransport['sendMail']): MailTransport & { sendMail: jest.Mock } {
  return { sendMail: jest.fn(impl), close: jest.fn() };
}

describe('email handler', () => {
  it('sends through the transport with the configured sender, and logs no body', async () => {
    const { logger, lines } = captureLogger();
    const transport = fakeTransport(async () => ({ messageId: '<m1@x>' }));
    const send = createEmailHandler({ mailFrom: 'C <no-reply@c.test>', logger, transport, logBodies: true });
    await expect(send(email, job)).resolves.toEqual({ delivered: true, messageId: '<m1@x>' });
    expect(transport.sendMail).toHaveBeenCalledWith(
      expect.objectContaining({
        from: 'C <no-reply@c.test>',
        to: email.to,
        subject: email.subject,
        text: email.text,
      }),
    );
    expect(JSON.stringify(lines)).not.toContain('token=abc');
    expect(lines).toEqual([
      expect.objectContaining({ msg: 'email sent', jobId: '7', kind: 'password_reset' }),
    ]);
  });

  it('without SMTP, logs the text (links included) for local development', async () => {
    const { logger, lines } = captureLogger();
    const send = createEmailHandler({ mailFrom: 'x@y.z', logger, logBodies: true });
    await expect(send(email, job)).resolves.toEqual({ delivered: false });
    expect(lines[0]).toMatchObject({ level: 30, to: email.to, subject: email.subject, text: email.text });
  });

  it('without SMTP in production, never logs the text', async () => {
    const { logger, lines } = captureLogger();
    const send = createEmailHandler({ mailFrom: 'x@y.z', logger, logBodies: false });
    await send(email, job);
    expect(JSON.stringify(lines)).not.toContain('token=abc');
    expect(lines[0]).toMatchObject({ level: 40 });
  });

  it('fails for good when the server refuses the recipient (5xx), retries otherwise', async () => {
    const { logger } = captureLogger();
    const refused = Object.assign(new Error('Recipient refused'), {
      code: 'EENVELOPE',
      responseCode: 550,
      permanent: true,
    });
    const send1 = createEmailHandler({
      mailFrom: 'x@y.z',
      logger,
      logBodies: false,
      transport: fakeTransport(async () => Promise.reject(refused)),
    });
    await expect(send1(email, job)).rejects.toBeInstanceOf(UnrecoverableError);

    const down = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET' });
    const send2 = createEmailHandler({
      mailFrom: 'x@y.z',
      logger,
      logBodies: false,
      transport: fakeTransport(async () => Promise.reject(down)),
    });
    const err = await send2(email, job).catch((e: unknown) => e);
    expect(err).toBe(down);

    const busy = Object.assign(new Error('Try later'), {
      code: 'EENVELOPE',
      responseCode: 451,
      permanent: false,
    });
    const send3 = createEmailHandler({
      mailFrom: 'x@y.z',
      logger,
      logBodies: false,
      transport: fakeTransport(async () => Promise.reject(busy)),
    });
    await expect(send3(email, job)).rejects.not.toBeInstanceOf(UnrecoverableError);
  });
});
