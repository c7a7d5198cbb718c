import type { EmailJob } from '@constellation/shared';
import { UnrecoverableError } from 'bullmq';
import { createTransport } from 'nodemailer';
import type { Logger } from '../logger';
import type { JobHandler } from '../registry';

/** The part of a nodemailer transport the handler uses (a fake in unit tests). */
export interface MailTransport {
  sendMail(message: {
    from: string;
    to: string;
    subject: string;
    text: string;
    html?: string;
    headers?: Record<string, string>;
  }): Promise<{ messageId?: string }>;
  close(): void;
}

export function createSmtpTransport(smtpUrl: string): MailTransport {
  return createTransport({
    url: smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
}

interface SmtpError {
  code?: string;
  responseCode?: number;
  permanent?: boolean;
}

/**
 * The server refused this recipient or message for good (5xx, except 503): retrying the same
 * message would be refused again. Connection, TLS and authentication failures are retried, since
 * they are fixed by the SMTP server coming back or by the operator.
 */
export function isPermanentRejection(err: unknown): boolean {
  const e = err as SmtpError;
  return (e?.code === 'EENVELOPE' || e?.code === 'EMESSAGE') && e.permanent === true;
}

export interface EmailHandlerDeps {
  mailFrom: string;
  logger: Logger;
  /** Unset: no SMTP server is configured, the email is written to the log instead. */
  transport?: MailTransport;
  /** Whether the log-only mode may print the text of emails (never in production). */
  logBodies: boolean;
}

export function createEmailHandler(deps: EmailHandlerDeps): JobHandler<EmailJob> {
  const log = deps.logger.child({ queue: 'email' });
  return async (email, job) => {
    const meta = { jobId: job.id, kind: email.kind, attempt: job.attemptsMade + 1 };
    if (!deps.transport) {
      if (deps.logBodies) {
        // Local development only (no SMTP_URL): the text, including sign-in, invitation and
        // password-reset links, goes to the log so a developer can follow them. With SMTP
        // configured, or in production, the body is never logged.
        log.info(
          { ...meta, to: email.to, subject: email.subject, text: email.text },
          'email (not sent: SMTP_URL is not set)',
        );
      } else {
        log.warn({ ...meta, to: email.to, subject: email.subject }, 'email dropped: SMTP_URL is not set');
      }
      return { delivered: false };
    }
    try {
      const info = await deps.transport.sendMail({
        from: deps.mailFrom,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        headers: { 'X-Constellation-Kind': email.kind, ...email.headers },
      });
      log.info({ ...meta, to: email.to, messageId: info.messageId }, 'email sent');
      return { delivered: true, messageId: info.messageId };
    } catch (err) {
      const e = err as Error & SmtpError;
      if (isPermanentRejection(e)) {
        log.error(
          { ...meta, to: email.to, code: e.code, responseCode: e.responseCode },
          'email refused by the SMTP server',
        );
        throw new UnrecoverableError(
          `SMTP server refused the email (${e.responseCode ?? e.code}): ${e.message}`,
        );
      }
      log.warn(
        { ...meta, code: e.code, responseCode: e.responseCode, err: e.message },
        'email not sent, will retry',
      );
      throw err;
    }
  };
}
