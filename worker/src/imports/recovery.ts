import type { Queue } from 'bullmq';
import type { Pool } from 'pg';
import type { Logger } from '../logger';

/** How long an import may sit in validating or committing, untouched and without its job, before it is recovered. */
export const IMPORT_LOST_AFTER_MS = 10 * 60_000;

const AFTER_LOST: Record<'validating' | 'committing', { status: 'failed' | 'ready'; failure: string; job: 'validate' | 'commit' }> = {
  validating: { status: 'failed', failure: 'Checking the file was interrupted; upload it again', job: 'validate' },
  committing: { status: 'ready', failure: 'The import was interrupted and nothing was imported; confirm it again', job: 'commit' },
};

/**
 * Imports left saying "validating" or "committing" whose work is no longer under way: their
 * `validate-<id>`/`commit-<id>` job is gone from the imports queue (Redis restarted without its
 * data, a job removed by hand, an api process that died during a small import's commit) or failed
 * without its handler running (stalled more often than BullMQ allows), and the import row has not
 * moved for `olderThanMs` (a running job writes progress at least every slice). They are recorded
 * as their job would have recorded a failure — validation: failed, upload again; commit: back to
 * ready, nothing was written (the commit is one transaction), confirm again — so the person polling
 * the import sees why instead of a progress bar that never moves. Returns how many it recovered.
 */
export async function recoverLostImportJobs(o: { pool: Pool; queue: Queue; logger: Logger; olderThanMs: number }, limit = 100): Promise<number> {
  const { rows } = await o.pool.query<{ cid: string; id: string; status: 'validating' | 'committing' }>(
    `SELECT collaboration_id AS cid, id, status FROM imports
      WHERE status IN ('validating', 'committing') AND updated_at < now() - make_interval(secs => $1)
      ORDER BY updated_at LIMIT $2`,
    [o.olderThanMs / 1000, limit],
  );
  let recovered = 0;
  for (const r of rows) {
    const then = AFTER_LOST[r.status];
    const job = await o.queue.getJob(`${then.job}-${r.id}`);
    if (job && !(await job.isFailed())) continue; // waiting, delayed, running or done: the job decides
    const res = await o.pool.query(
      `UPDATE imports SET status = $3, failure = $4, progress = NULL, updated_at = now()
        WHERE collaboration_id = $1 AND id = $2 AND status = $5 AND updated_at < now() - make_interval(secs => $6)`,
      [r.cid, r.id, then.status, then.failure, r.status, o.olderThanMs / 1000],
    );
    if (res.rowCount) {
      recovered++;
      o.logger.warn({ importId: r.id, was: r.status, now: then.status, job: job ? 'failed' : 'missing' }, 'import job lost; the import is recorded as interrupted');
    }
  }
  return recovered;
}
