import { type EmailJob, emailJobSchema, type NotificationKind } from '@constellation/shared';
import type { Pool, PoolClient } from 'pg';
import { EFFECTIVE_TIME_ZONE_SQL } from '../../../api/src/database/effective-time-zone';
import { inTransaction } from '../../../api/src/database/pg-transaction';
import type { Logger } from '../logger';
import { localClock } from './clock';
import { composeDigest, type DigestItem, type DigestLinks } from './compose';

/** At most this many notifications in one digest (the rest wait for the next day's). */
export const DIGEST_MAX_ITEMS = 500;

/**
 * Queue one email job, inside the digest's transaction. `jobId` is the same for a person and local
 * date, so if the transaction fails to commit after the job was queued, the next run's add is a
 * no-op in BullMQ rather than a second email.
 */
export type EnqueueEmail = (job: EmailJob, jobId: string) => Promise<void>;

export interface DigestDeps extends DigestLinks {
  pool: Pool;
  enqueue: EnqueueEmail;
  logger: Logger;
}

export interface DigestSummary {
  /** People with notifications waiting for a digest. */
  waiting: number;
  /** People whose local time has passed their digest hour and who had no digest that local date. */
  due: number;
  /** Digests this run queued (another worker may have taken some of the due ones). */
  sent: { userId: string; localDate: string; notifications: number }[];
}

interface Candidate {
  userId: string;
  digestHour: number;
  timeZone: string;
}

/**
 * One digest run: everyone with 'digest' notifications whose local time (their time zone: own
 * choice, first collaboration's, else UTC) has passed their digest hour and who has not had a
 * digest for that local date gets ONE email with all of them. Per person, one transaction:
 * `INSERT INTO digest_runs … ON CONFLICT DO NOTHING RETURNING` decides which worker sends it (the
 * loser waits on the unique key, then does nothing); the rows are locked, the email job is queued
 * with their ids, and they become 'queued'. Rows from collaborations the person has left, and
 * kinds they have since turned off, become 'skipped'.
 */
export async function runDigests(deps: DigestDeps, now: Date = new Date()): Promise<DigestSummary> {
  const { rows: waiting } = await deps.pool.query<Candidate>(
    `SELECT u.id AS "userId", u.digest_hour::int AS "digestHour", ${EFFECTIVE_TIME_ZONE_SQL} AS "timeZone"
       FROM users u
      WHERE EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = u.id AND n.email_state = 'digest')`,
  );
  const due = waiting
    .map((c) => ({ ...c, clock: localClock(now, c.timeZone) }))
    .filter((c) => c.clock.hour >= c.digestHour);
  const summary: DigestSummary = { waiting: waiting.length, due: 0, sent: [] };
  if (due.length === 0) return summary;
  const { rows: done } = await deps.pool.query<{ userId: string; localDate: string }>(
    `SELECT user_id AS "userId", to_char(local_date, 'YYYY-MM-DD') AS "localDate" FROM digest_runs
      WHERE (user_id, local_date) IN (SELECT * FROM unnest($1::uuid[], $2::date[]))`,
    [due.map((c) => c.userId), due.map((c) => c.clock.date)],
  );
  const already = new Set(done.map((d) => `${d.userId}|${d.localDate}`));
  const todo = due.filter((c) => !already.has(`${c.userId}|${c.clock.date}`));
  summary.due = todo.length;
  for (const c of todo) {
    try {
      const n = await inTransaction(deps.pool, (db) => sendDigestIn(db, deps, c.userId, c.clock.date, c.clock.timeZone));
      if (n > 0) summary.sent.push({ userId: c.userId, localDate: c.clock.date, notifications: n });
    } catch (err) {
      // One person's failure (e.g. Redis down while queueing) must not stop the others; the
      // transaction rolled back, so the next run tries again.
      deps.logger.error({ userId: c.userId, localDate: c.clock.date, err: (err as Error).message }, 'daily digest not sent, will retry');
    }
  }
  if (summary.sent.length > 0) deps.logger.info({ digests: summary.sent.length }, 'daily digests queued');
  return summary;
}

/** The digest of one person and local date, in the caller's transaction; how many notifications it carries (0: none sent). */
async function sendDigestIn(db: PoolClient, deps: DigestDeps, userId: string, localDate: string, timeZone: string): Promise<number> {
  const claimed = await db.query(
    `INSERT INTO digest_runs (user_id, local_date, time_zone) VALUES ($1, $2, $3)
     ON CONFLICT (user_id, local_date) DO NOTHING RETURNING user_id`,
    [userId, localDate, timeZone],
  );
  if (claimed.rowCount === 0) return 0; // another worker sent (or is sending) this one
  const { rows: people } = await db.query<{ email: string; name: string }>(`SELECT email, name FROM users WHERE id = $1`, [userId]);
  const person = people[0];
  const { rows } = await db.query<DigestItem & { member: boolean; mode: string }>(
    `SELECT n.id, n.kind, n.collaboration_id AS "collaborationId", c.name AS "collaborationName", n.title, n.body, n.link,
            EXISTS (SELECT 1 FROM memberships mm WHERE mm.collaboration_id = n.collaboration_id AND mm.user_id = n.user_id) AS member,
            COALESCE(p.email, 'immediate') AS mode
       FROM notifications n
       JOIN collaborations c ON c.id = n.collaboration_id
       LEFT JOIN notification_preferences p ON p.user_id = n.user_id AND p.kind = n.kind
      WHERE n.user_id = $1 AND n.email_state = 'digest'
      ORDER BY n.created_at, n.id
      LIMIT ${DIGEST_MAX_ITEMS}
      FOR UPDATE OF n`,
    [userId],
  );
  const items = rows.filter((r) => r.member && r.mode !== 'off');
  const dropped = rows.filter((r) => !(r.member && r.mode !== 'off')).map((r) => r.id);
  if (dropped.length > 0) {
    await db.query(`UPDATE notifications SET email_state = 'skipped' WHERE user_id = $1 AND id = ANY($2::uuid[])`, [userId, dropped]);
  }
  if (!person || items.length === 0) {
    // Nothing to send: this date stays open for rows that arrive later today.
    await db.query(`DELETE FROM digest_runs WHERE user_id = $1 AND local_date = $2`, [userId, localDate]);
    return 0;
  }
  const email = emailJobSchema.parse(
    composeDigest({ userId, email: person.email, name: person.name }, localDate, items.map(({ member: _m, mode: _p, ...i }) => ({ ...i, kind: i.kind as NotificationKind })), deps),
  );
  const ids = items.map((i) => i.id);
  const jobId = `digest-${userId}-${localDate}`;
  await db.query(
    `UPDATE notifications SET email_state = 'queued', email_job = $3, email_queued_at = now() WHERE user_id = $1 AND id = ANY($2::uuid[])`,
    [userId, ids, jobId],
  );
  await db.query(`UPDATE digest_runs SET notifications = $3 WHERE user_id = $1 AND local_date = $2`, [userId, localDate, ids.length]);
  // Last, so a failure to queue rolls everything back; the job id makes a repeat after a failed commit a no-op.
  await deps.enqueue(email, jobId);
  return ids.length;
}
