import type { Job, JobType } from 'bullmq';
import type { PoolClient } from 'pg';
import { RELAYED_KINDS } from '../rollups/relay';

type Queryable = Pick<PoolClient, 'query'>;

/**
 * Whether changes to an indicator are still on their way to its rollups: an outbox row the relay
 * has not handed over yet, or a rollup job of that indicator (or a rebuild of its whole
 * collaboration) waiting, delayed for a retry, or running. Asked while the reconciliation holds
 * the indicator's lock, so such a job cannot finish in between: a difference seen then is not
 * drift, only lag, and the indicator is left for the next run.
 */
export type PendingCheck = (db: Queryable, collaborationId: string, indicatorId: string) => Promise<boolean>;

/** The read side of the rollups queue the check needs (a BullMQ Queue). */
export interface JobLister {
  getJobs(types: JobType[], start?: number, end?: number): Promise<Job[]>;
}

const UNFINISHED: JobType[] = ['active', 'waiting', 'delayed', 'prioritized', 'waiting-children'];
const ROLLUP_JOBS = new Set(['period', 'rebuild']);

/** The rollup jobs of a collaboration not finished yet: their indicators, or 'all' for a whole-collaboration rebuild. */
async function unfinishedJobs(queue: JobLister, collaborationId: string): Promise<Set<string> | 'all'> {
  const indicators = new Set<string>();
  for (const job of (await queue.getJobs(UNFINISHED)) as Array<Job | undefined>) {
    // A job removed while listed comes back undefined.
    const data = job?.data as { collaborationId?: string; indicatorId?: string } | undefined;
    if (!job || !ROLLUP_JOBS.has(job.name) || data?.collaborationId !== collaborationId) continue;
    if (data.indicatorId === undefined) return 'all';
    indicators.add(data.indicatorId);
  }
  return indicators;
}

/**
 * Indicators of a collaboration with rollup jobs still to run, listed once before its
 * reconciliation: they are left for the next run without a rebuild (a cheap skip; the check under
 * the lock stays the one that decides).
 */
export type BusyIndicators = (collaborationId: string) => Promise<Set<string> | 'all'>;

export function createBusyIndicators(queue: () => JobLister): BusyIndicators {
  return (collaborationId) => unfinishedJobs(queue(), collaborationId);
}

export function createPendingCheck(queue: () => JobLister): PendingCheck {
  return async (db, collaborationId, indicatorId) => {
    const { rows } = await db.query(
      `SELECT 1 FROM outbox
        WHERE collaboration_id = $1 AND indicator_id = $2 AND processed_at IS NULL AND kind = ANY($3::text[])
        LIMIT 1`,
      [collaborationId, indicatorId, RELAYED_KINDS],
    );
    if (rows.length > 0) return true;
    const busy = await unfinishedJobs(queue(), collaborationId);
    return busy === 'all' || busy.has(indicatorId);
  };
}
