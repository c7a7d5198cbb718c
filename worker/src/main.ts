import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { PreflightError } from './preflight';
import { RegistryError } from './registry';
import { startWorker } from './worker';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  const runtime = await startWorker(config, { logger });

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting without waiting for running jobs');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing running jobs');
    const timer = setTimeout(() => {
      logger.error(
        { timeoutMs: config.shutdownTimeoutMs },
        'shutdown timed out; unfinished jobs will be retried',
      );
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    runtime.close().then(
      () => {
        logger.info('worker stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err: (err as Error).message }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('unhandledRejection', (err) => {
    logger.fatal({ err: (err as Error)?.message ?? String(err) }, 'unhandled rejection');
    process.exit(1);
  });
}

main().catch((err: unknown) => {
  if (err instanceof PreflightError || err instanceof ConfigError || err instanceof RegistryError) {
    console.error(err.message);
  } else {
    console.error('The worker could not start:', err);
  }
  process.exit(1);
});
