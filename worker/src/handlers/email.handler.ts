import type { EmailJob } from '@constellation/shared';
import { UnrecoverableError } from 'bullmq';
import { createTransport } from 'nodemailer';
import type { Logger } from '../logger';
import type { NotificationMarker } from '../notifications/marker';
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
  /** Marks the notifications an email delivers (job.notificationIds) sent or failed. */
  notifications?: NotificationMarker;
}

export function createEmailHandler(deps: EmailHandlerDeps): JobHandler<EmailJob> {
  const log = deps.logger.child({ queue: 'email' });
  return async (email, job) => {
    const meta = { jobId: job.id, kind: email.kind, attempt: job.attemptsMade + 1 };
    const ids = email.notificationIds ?? [];
    const marker = ids.length > 0 ? deps.notifications : undefined;
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
      // Not delivered, and retrying cannot help: the person's notification list says so.
      await marker?.attemptFailed(ids, 'not sent: SMTP_URL is not set', true).catch(() => undefined);
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
      // Sent: a failure to record it must not fail the job (a retry would send it again).
      await marker?.sent(ids).catch((err: Error) =>
        log.error({ ...meta, err: err.message }, 'email sent, but its notifications could not be marked sent'),
      );
      return { delivered: true, messageId: info.messageId };
    } catch (err) {
      const e = err as Error & SmtpError;
      const permanent = isPermanentRejection(e);
      const final = permanent || job.attemptsMade + 1 >= (job.opts?.attempts ?? 1);
      await marker?.attemptFailed(ids, e.message, final).catch((markErr: Error) =>
        log.error({ ...meta, err: markErr.message }, 'could not record the failed email on its notifications'),
      );
      if (permanent) {
        log.error(
          { ...meta, to: email.to, code: e.code, responseCode: e.responseCode },
          'email refused by the SMTP server',
        );
        throw new UnrecoverableError(
          `SMTP server refused the email (${e.responseCode ?? e.code}): ${e.message}`,
        );
      }
      log.warn(
        { ...meta, code: e.code, responseCode: e.responseCode, err: e.message, final },
        final ? 'email not sent, no attempts left' : 'email not sent, will retry',
      );
      throw err;
    }
  };
}
