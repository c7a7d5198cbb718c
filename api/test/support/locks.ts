import { Client } from 'pg';

/**
 * Row locks held in a session of the test's own, to put requests in a known order without timing:
 * `waiting` counts the sessions waiting on a lock (seen from a third session: statistics views are
 * snapshotted per transaction), `release` commits and closes both sessions.
 */
export interface HeldLocks {
  waiting: () => Promise<number>;
  release: () => Promise<void>;
}

/** Run `statements` in a transaction of a session of its own and keep it open. */
export async function holdLocks(dbUrl: string, statements: Array<[sql: string, params: unknown[]]>): Promise<HeldLocks> {
  const blocker = new Client({ connectionString: dbUrl });
  const observer = new Client({ connectionString: dbUrl });
  await Promise.all([blocker.connect(), observer.connect()]);
  try {
    await blocker.query('BEGIN');
    for (const [sql, params] of statements) await blocker.query(sql, params);
  } catch (err) {
    await Promise.all([blocker.end(), observer.end()]);
    throw err;
  }
  let released = false;
  return {
    waiting: async () =>
      (
        await observer.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND wait_event_type = 'Lock'`,
        )
      ).rows[0]!.n,
    release: async () => {
      if (released) return;
      released = true;
      try {
        await blocker.query('COMMIT');
      } finally {
        await Promise.all([blocker.end(), observer.end()]);
      }
    },
  };
}

/** Resolve once `n` sessions wait on a lock (polling the observer). */
export async function untilWaiting(held: HeldLocks, n: number): Promise<void> {
  for (let i = 0; (await held.waiting()) < n; i++) {
    if (i > 400) throw new Error('The requests never queued behind the lock');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The locks a write to partner `partnerId`'s values holds while it runs (CollaborationWriteLock.lockForPartner). */
export function partnerWriteInFlight(dbUrl: string, collaborationId: string, partnerId: string): Promise<HeldLocks> {
  return holdLocks(dbUrl, [
    [`SELECT 1 FROM collaborations WHERE id = $1 FOR SHARE`, [collaborationId]],
    [`SELECT 1 FROM partners WHERE collaboration_id = $1 AND id = $2 FOR NO KEY UPDATE`, [collaborationId, partnerId]],
  ]);
}

/**
 * Run requests truly at once: hold a row lock in another session until every request is waiting
 * on it, then release it so they race past that point together.
 */
export async function raceBehindLock<R>(dbUrl: string, lockSql: string, params: unknown[], requests: Array<() => Promise<R>>): Promise<R[]> {
  const held = await holdLocks(dbUrl, [[lockSql, params]]);
  try {
    const settled = requests.map((r) =>
      r().then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      ),
    );
    await untilWaiting(held, requests.length);
    await held.release();
    return (await Promise.all(settled)).map((s) => {
      if ('error' in s) throw s.error;
      return s.value;
    });
  } finally {
    await held.release();
  }
}
