import type { Logger } from './logger';

export interface PollLoop {
  /** Stops polling; resolves once the batch in progress (if any) has finished. */
  close(): Promise<void>;
}

export interface PollLoopOptions {
  /** Named in the log lines ("<name> failed, retrying", "<name> recovered"). */
  name: string;
  logger: Logger;
  /** Handles one batch; answers how many rows it took. */
  batch: (batchSize: number) => Promise<number>;
  batchSize: number;
  /** Pause after a batch that was not full (nothing more waiting). */
  idleMs: number;
  /** Longest pause after consecutive failures (PostgreSQL or Redis down). */
  maxBackoffMs: number;
}

/**
 * The worker's outbox relays: drain full batches back to back, then wait idleMs; after a failure
 * wait longer each time (doubling, up to maxBackoffMs), logging the first failure and the recovery.
 */
export function startPollLoop(o: PollLoopOptions): PollLoop {
  let stopped = false;
  let wake: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const loop = async () => {
    let failures = 0;
    while (!stopped) {
      try {
        const n = await o.batch(o.batchSize);
        if (failures > 0) o.logger.info(`${o.name} recovered`);
        failures = 0;
        if (n < o.batchSize && !stopped) await pause(o.idleMs);
      } catch (err) {
        failures++;
        if (failures === 1) o.logger.error({ err: (err as Error).message }, `${o.name} failed, retrying`);
        if (!stopped) await pause(Math.min(o.maxBackoffMs, o.idleMs * 2 ** Math.min(failures, 10)));
      }
    }
  };
  const running = loop();
  return {
    close: async () => {
      stopped = true;
      wake?.();
      await running;
    },
  };
}
