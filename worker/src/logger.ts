import pino, { type Logger } from 'pino';
import type { WorkerConfig } from './config';

export type { Logger };

/** Structured JSON logs (one object a line) for the worker process. */
export function createLogger(config: Pick<WorkerConfig, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'worker' },
    // Belt and braces: never print credentials even if an object carrying them is logged.
    redact: {
      paths: ['password', '*.password', 'smtpUrl', '*.smtpUrl', 'auth', '*.auth'],
      censor: '[redacted]',
    },
  });
}
