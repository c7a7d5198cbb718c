import { JOBS, type JobRegistry } from '@constellation/shared';
import { type Job, UnrecoverableError } from 'bullmq';
import type { z } from 'zod';

/**
 * The typed handler registry: one handler per (queue, job name) declared in shared/src/queues.ts
 * (JOBS). The compiler makes a HandlerRegistry complete; `assertComplete` checks it again at boot,
 * because the shared package is a separate build that may be newer than the worker's.
 */
export type QueueKey = keyof JobRegistry & string;
export type JobNameOf<Q extends QueueKey> = keyof JobRegistry[Q] & string;
export type PayloadOf<Q extends QueueKey, N extends JobNameOf<Q>> = JobRegistry[Q][N] extends z.ZodType
  ? z.output<JobRegistry[Q][N]>
  : never;

/** A handler receives the validated payload. Throw to retry; throw UnrecoverableError to fail for good. */
export type JobHandler<P> = (payload: P, job: Job) => Promise<unknown>;

export type HandlerRegistry = {
  [Q in QueueKey]: { [N in JobNameOf<Q>]: JobHandler<PayloadOf<Q, N>> };
};

/** What a registry may look like at run time (possibly incomplete). */
export type LooseRegistry = Record<string, Record<string, unknown> | undefined>;
type LooseJobs = Record<string, Record<string, z.ZodType>>;

/** "queue/job" for every job declared in `jobs` that has no handler function. */
export function missingHandlers(handlers: LooseRegistry, jobs: LooseJobs = JOBS): string[] {
  const missing: string[] = [];
  for (const [queue, names] of Object.entries(jobs)) {
    for (const name of Object.keys(names)) {
      if (typeof handlers[queue]?.[name] !== 'function') missing.push(`${queue}/${name}`);
    }
  }
  return missing;
}

export class RegistryError extends Error {}

/** Refuse to start with a job that nothing would process. */
export function assertComplete(handlers: LooseRegistry, jobs: LooseJobs = JOBS): void {
  const missing = missingHandlers(handlers, jobs);
  if (missing.length > 0) {
    throw new RegistryError(
      `The worker has no handler for ${missing.join(', ')}. Add one to worker/src/handlers (every job in shared/src/queues.ts needs one).`,
    );
  }
}

/**
 * The BullMQ processor for one queue: look up the handler by job name, validate the payload with
 * the job's shared zod schema, then run the handler. Unknown names and invalid payloads can never
 * succeed, so they fail at once (UnrecoverableError: no retry) with the field paths.
 */
export function createProcessor(
  queue: string,
  handlers: Record<string, unknown>,
  jobs: LooseJobs = JOBS,
): (job: Job) => Promise<unknown> {
  return async (job: Job) => {
    const schema = jobs[queue]?.[job.name];
    const handler = handlers[job.name];
    if (!schema || typeof handler !== 'function') {
      throw new UnrecoverableError(`Unknown job "${job.name}" on queue "${queue}"`);
    }
    const parsed = schema.safeParse(job.data);
    if (!parsed.success) {
      const details = parsed.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`);
      throw new UnrecoverableError(`Invalid ${queue}/${job.name} payload: ${details.join('; ')}`);
    }
    return (handler as JobHandler<unknown>)(parsed.data, job);
  };
}
