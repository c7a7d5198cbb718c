import { Client } from 'pg';

/**
 * Hold, in another session, the locks a write to partner `partnerId`'s values holds while it runs
 * (CollaborationWriteLock.lockForPartner); `waiting` counts sessions waiting on a lock (seen from a
 * third session: statistics views are snapshotted per transaction), `release` commits.
 */
export async function partnerWriteInFlight(dbUrl: string, collaborationId: string, partnerId: string): Promise<{ release: () => Promise<void>; waiting: () => Promise<number> }> {
  const blocker = new Client({ connectionString: dbUrl });
  const observer = new Client({ connectionString: dbUrl });
  await Promise.all([blocker.connect(), observer.connect()]);
  await blocker.query('BEGIN');
  await blocker.query(`SELECT 1 FROM collaborations WHERE id = $1 FOR SHARE`, [collaborationId]);
  await blocker.query(`SELECT 1 FROM partners WHERE collaboration_id = $1 AND id = $2 FOR NO KEY UPDATE`, [collaborationId, partnerId]);
  return {
    waiting: async () =>
      (
        await observer.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND wait_event_type = 'Lock'`,
        )
      ).rows[0]!.n,
    release: async () => {
      await blocker.query('COMMIT');
      await Promise.all([blocker.end(), observer.end()]);
    },
  };
}

/** Resolve once `n` sessions wait on a lock (polling the observer). */
export async function untilWaiting(w: { waiting: () => Promise<number> }, n: number): Promise<void> {
  for (let i = 0; (await w.waiting()) < n; i++) {
    if (i > 400) throw new Error('the request never queued behind the lock');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

