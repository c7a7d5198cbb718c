import type { WorkerConfig } from '../config';
import type { Logger } from '../logger';
import type { HandlerRegistry } from '../registry';
import { createDigest, type Digest } from '../digest';
import { createImports, type Imports } from '../imports';
import { createNotifications, type Notifications } from '../notifications';
import { createReminderHandler } from '../reminders';
import { createRollups, type Rollups } from '../rollups';
import { createEmailHandler, createSmtpTransport, type MailTransport } from './email.handler';

export interface Handlers {
  registry: HandlerRegistry;
  /** The rollup consumers' resources (PostgreSQL pool, publisher) and the outbox relay. */
  rollups: Rollups;
  /** The daily digest (its job scheduler is installed by startWorker). */
  digest: Digest;
  /** The notification email relay and the pool the email handler marks notifications with. */
  notifications: Notifications;
  /** Value imports' jobs and the recovery of imports whose job was lost. */
  imports: Imports;
  /** Release what the handlers hold (SMTP connections). */
  close(): Promise<void>;
}

/** One handler per job declared in shared/src/queues.ts; the compiler checks this object is complete. */
export function createHandlers(config: WorkerConfig, logger: Logger, transport?: MailTransport): Handlers {
  const mail = transport ?? (config.smtpUrl ? createSmtpTransport(config.smtpUrl) : undefined);
  const rollups = createRollups(config, logger);
  const imports = createImports(config, logger);
  const digest = createDigest(config, logger);
  const notifications = createNotifications(config, logger);
  const registry: HandlerRegistry = {
    email: {
      send: createEmailHandler({
        mailFrom: config.mailFrom,
        logger,
        transport: mail,
        logBodies: config.env !== 'production',
        notifications: notifications.marker,
      }),
      digest: digest.handler,
    },
    rollups: rollups.handlers,
    imports: imports.handlers,
    reminders: { run: createReminderHandler({ pool: notifications.pool, logger }) },
  };
  return {
    registry,
    rollups,
    digest,
    notifications,
    imports,
    close: async () => {
      mail?.close();
      await notifications.close();
      await rollups.close();
      await imports.close();
      await digest.close();
    },
  };
}
