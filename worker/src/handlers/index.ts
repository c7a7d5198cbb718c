import type { WorkerConfig } from '../config';
import type { Logger } from '../logger';
import type { HandlerRegistry } from '../registry';
import { createEmailHandler, createSmtpTransport, type MailTransport } from './email.handler';

export interface Handlers {
  registry: HandlerRegistry;
  /** Release what the handlers hold (SMTP connections). */
  close(): Promise<void>;
}

/** One handler per job declared in shared/src/queues.ts; the compiler checks this object is complete. */
export function createHandlers(config: WorkerConfig, logger: Logger, transport?: MailTransport): Handlers {
  const mail = transport ?? (config.smtpUrl ? createSmtpTransport(config.smtpUrl) : undefined);
  const registry: HandlerRegistry = {
    email: {
      send: createEmailHandler({
        mailFrom: config.mailFrom,
        logger,
        transport: mail,
        logBodies: config.env !== 'production',
      }),
    },
  };
  return {
    registry,
    close: async () => mail?.close(),
  };
}
