import type { Queue } from 'bullmq';
import type { Pool } from 'pg';
import type { Logger } from '../logger';
import { type PollLoop, startPollLoop } from '../poll-loop';
import { PROGRESS_KINDS, progressJobFor } from '../progress/relay';

/**
 * The outbox relay: claims unprocessed outbox rows (FOR UPDATE SKIP LOCKED, so several worker
 * instances can run it), enqueues rollup jobs, and marks the rows processed in the same
 * transaction once Redis has accepted the jobs. If Redis is down the transaction rolls back and
 * the rows wait in the outbox; if the commit fails after the enqueue, the jobs run twice, which is
 * harmless (jobs recompute whole cells). Jobs are deduplicated per (collaboration, indicator,
 * period): a burst of changes collapses into one job, and a change that arrives while that job
 * runs queues exactly one more (keepLastIfActive), so no change is ever missed.
 */

/**
 * Outbox kinds the rollup relay consumes (indicator_targets_changed: see progress/relay.ts).
 * rebuild_requested: rebuild one indicator from its values (e.g. after seeding or a bulk load).
 */
export const RELAYED_KINDS = ['values_changed', 'indicator_definition_changed', 'rebuild_requested', ...PROGRESS_KINDS] as const;

export const ROLLUP_JOB_OPTIONS = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: { age: 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 10000 },
} as const;

interface OutboxRow {
  collaboration_id: string;
  id: string;
  kind: string;
  indicator_id: string | null;
  period: string | null;
}

export interface PlannedJob {
  name: 'period' | 'rebuild';
  data: { collaborationId: string; indicatorId: string; period?: string };
  dedupId: string;
}

/** The jobs for a batch of outbox rows, one per distinct (collaboration, indicator, period) or rebuild. */
export function planJobs(rows: readonly OutboxRow[], logger?: Logger): PlannedJob[] {
  const jobs = new Map<string, PlannedJob>();
  for (const row of rows) {
    if (!row.indicator_id) {
      logger?.warn({ outboxId: row.id, kind: row.kind }, 'outbox row without an indicator: ignored');
      continue;
    }
    const base = { collaborationId: row.collaboration_id, indicatorId: row.indicator_id };
    if (row.kind === 'values_changed') {
      if (!row.period) {
        logger?.warn({ outboxId: row.id, kind: row.kind }, 'values_changed outbox row without a period: ignored');
        continue;
      }
      const dedupId = `rollup:${row.collaboration_id}:${row.indicator_id}:${row.period}`;
      jobs.set(dedupId, { name: 'period', data: { ...base, period: row.period }, dedupId });
    } else if (row.kind === 'indicator_definition_changed' || row.kind === 'rebuild_requested') {
      const dedupId = `rebuild:${row.collaboration_id}:${row.indicator_id}`;
      jobs.set(dedupId, { name: 'rebuild', data: base, dedupId });
    } else {
      const job = progressJobFor({ ...row, indicator_id: row.indicator_id });
      if (job) jobs.set(job.dedupId, job);
    }
  }
  return [...jobs.values()];
}

/** Claim, enqueue and mark one batch. Returns how many outbox rows it processed. */
export async function relayBatch(pool: Pool, queue: Queue, logger: Logger, batchSize = 100): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<OutboxRow>(
      `SELECT collaboration_id, id::text AS id, kind, indicator_id, period
         FROM outbox
        WHERE processed_at IS NULL AND kind = ANY($1::text[])
        ORDER BY id
        LIMIT $2
        FOR UPDATE SKIP LOCKED`,
      [RELAYED_KINDS, batchSize],
    );
    if (rows.length === 0) {
      await client.query('COMMIT');
      return 0;
    }
    const jobs = planJobs(rows, logger);
    await Promise.all(
      jobs.map((j) =>
        queue.add(j.name, j.data, {
          ...ROLLUP_JOB_OPTIONS,
          deduplication: { id: j.dedupId, keepLastIfActive: true },
        }),
      ),
    );
    await client.query(
      `UPDATE outbox SET processed_at = now()
        WHERE (collaboration_id, id) IN (SELECT * FROM unnest($1::uuid[], $2::bigint[]))`,
      [rows.map((r) => r.collaboration_id), rows.map((r) => r.id)],
    );
    await client.query('COMMIT');
    logger.debug({ rows: rows.length, jobs: jobs.length }, 'outbox relayed');
    return rows.length;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

export type OutboxRelay = PollLoop;

export interface RelayOptions {
  pool: Pool;
  queue: Queue;
  logger: Logger;
  batchSize?: number;
  /** Pause between polls when the outbox is empty. */
  idleMs?: number;
  /** Longest pause after consecutive failures (PostgreSQL or Redis down). */
  maxBackoffMs?: number;
}

/** A short poll loop: drains full batches back to back, then waits idleMs. */
export function startOutboxRelay(opts: RelayOptions): OutboxRelay {
  return startPollLoop({
    name: 'outbox relay',
    logger: opts.logger,
    batch: (n) => relayBatch(opts.pool, opts.queue, opts.logger, n),
    batchSize: opts.batchSize ?? 100,
    idleMs: opts.idleMs ?? 200,
    maxBackoffMs: opts.maxBackoffMs ?? 5000,
  });
}
