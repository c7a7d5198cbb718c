import type { EmailJob, NotificationKind } from '@constellation/shared';
import type { JobsOptions, Queue } from 'bullmq';
import type { Pool } from 'pg';
import type { Logger } from '../logger';
import { type PollLoop, startPollLoop } from '../poll-loop';
import { type ComposeOptions, composeNotificationEmail } from './compose';

/**
 * The notification email relay. Whoever writes a notification (api or worker) writes it with
 * email_state 'pending' in the transaction of the change it reports (migration
 * 1765190000000-communication.ts). This relay claims pending rows (FOR UPDATE SKIP LOCKED: several
 * worker instances share the work, none takes a row another holds) and decides per person:
 * - the person left the collaboration, or turned that kind's email off → 'skipped';
 * - the kind is on "daily digest" → 'digest' (the digest job sends it later);
 * - otherwise ('immediate', or no preference row) → an email job named `notification-<id>` and
 *   'queued'.
 * The job is added BEFORE the transaction commits: if the commit then fails (or the process dies),
 * the row is still 'pending' and the next run adds the same job id again, which BullMQ ignores
 * while the job exists — so a notification is never lost and never queued twice. The email job
 * marks the row 'sent' (or 'failed' after its retries; email.handler.ts). A 'queued' row names its
 * job (email_job); recoverLostEmailJobs below hands back rows whose job Redis no longer has.
 */
export interface NotificationRelayOptions extends ComposeOptions {
  pool: Pool;
  /** The email queue (a producer). */
  queue: Queue;
  logger: Logger;
  /** Attempts and exponential backoff of each email job. */
  attempts: number;
  backoffMs: number;
}

interface PendingRow {
  id: string;
  user_id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string;
  email: string;
  mode: 'immediate' | 'digest' | 'off' | null;
  member: boolean;
}

export type RelayDecision = 'skipped' | 'digest' | 'queued';

/** What becomes of one pending notification. */
export function decide(row: { mode: PendingRow['mode']; member: boolean }): RelayDecision {
  if (!row.member || row.mode === 'off') return 'skipped';
  if (row.mode === 'digest') return 'digest';
  return 'queued';
}

export const notificationJobId = (id: string) => `notification-${id}`;

export function notificationJobOptions(o: { attempts: number; backoffMs: number }, id: string): JobsOptions {
  return {
    jobId: notificationJobId(id),
    attempts: o.attempts,
    backoff: { type: 'exponential', delay: o.backoffMs },
    removeOnComplete: { age: 7 * 24 * 3600, count: 5000 },
    // Failed jobs stay visible in Bull Board for a month.
    removeOnFail: { age: 30 * 24 * 3600 },
  };
}

/** Claim one batch of pending notifications, decide, enqueue, mark. Returns how many it handled. */
export async function relayNotifications(o: NotificationRelayOptions, batchSize = 100): Promise<number> {
  const client = await o.pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<PendingRow>(
      `SELECT n.id, n.user_id, n.kind, n.title, n.body, n.link, u.email, p.email AS mode,
              EXISTS (SELECT 1 FROM memberships mm WHERE mm.collaboration_id = n.collaboration_id AND mm.user_id = n.user_id) AS member
         FROM notifications n
         JOIN users u ON u.id = n.user_id
         LEFT JOIN notification_preferences p ON p.user_id = n.user_id AND p.kind = n.kind
        WHERE n.email_state = 'pending'
        ORDER BY n.created_at, n.id
        LIMIT $1
        FOR UPDATE OF n SKIP LOCKED`,
      [batchSize],
    );
    if (rows.length === 0) {
      await client.query('COMMIT');
      return 0;
    }
    const decided = rows.map((r) => ({ row: r, state: decide(r) }));
    const toQueue = decided.filter((d) => d.state === 'queued');
    if (toQueue.length > 0) {
      await o.queue.addBulk(
        toQueue.map(({ row }) => ({
          name: 'send',
          data: composeNotificationEmail(
            { id: row.id, userId: row.user_id, email: row.email, kind: row.kind, title: row.title, body: row.body, link: row.link },
            o,
          ) satisfies EmailJob,
          opts: notificationJobOptions(o, row.id),
        })),
      );
    }
    await client.query(
      `UPDATE notifications n
          SET email_state = d.state,
              email_job = CASE WHEN d.state = 'queued' THEN 'notification-' || n.id END,
              email_queued_at = CASE WHEN d.state = 'queued' THEN now() END
         FROM unnest($1::uuid[], $2::text[]) AS d(id, state)
        WHERE n.id = d.id AND n.email_state = 'pending'`,
      [decided.map((d) => d.row.id), decided.map((d) => d.state)],
    );
    await client.query('COMMIT');
    o.logger.debug({ rows: rows.length, queued: toQueue.length }, 'notification emails relayed');
    return rows.length;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/**
 * Rows 'queued' for longer than `olderThanMs` whose email job no longer exists in the queue (Redis
 * lost it: restarted without its data, or the job was removed) are handed back: a notification to
 * the relay ('pending': it is queued again under the same job id), a digest's notifications to the
 * next digest ('digest', and that person's digest run for the date is forgotten, so the digest goes
 * out again that day). A job that still exists — waiting, delayed for a retry, running, or failed
 * and about to be marked — is left alone. Answers how many rows it handed back.
 */
export async function recoverLostEmailJobs(o: { pool: Pool; queue: Queue; logger: Logger; olderThanMs: number }, limit = 100): Promise<number> {
  const { rows } = await o.pool.query<{ job: string }>(
    `SELECT DISTINCT email_job AS job FROM notifications
      WHERE email_state = 'queued' AND email_job IS NOT NULL AND email_queued_at < now() - make_interval(secs => $1)
      LIMIT $2`,
    [o.olderThanMs / 1000, limit],
  );
  let handedBack = 0;
  for (const { job } of rows) {
    if (await o.queue.getJob(job)) continue;
    const digest = /^digest-([0-9a-f-]{36})-(\d{4}-\d{2}-\d{2})$/.exec(job);
    const client = await o.pool.connect();
    try {
      await client.query('BEGIN');
      const r = await client.query(
        `UPDATE notifications SET email_state = $2, email_job = NULL, email_queued_at = NULL
          WHERE email_job = $1 AND email_state = 'queued'`,
        [job, digest ? 'digest' : 'pending'],
      );
      if (digest && r.rowCount) await client.query(`DELETE FROM digest_runs WHERE user_id = $1 AND local_date = $2`, [digest[1], digest[2]]);
      await client.query('COMMIT');
      handedBack += r.rowCount ?? 0;
      if (r.rowCount) o.logger.warn({ job, notifications: r.rowCount }, 'email job lost from the queue; its notifications are handed back');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
  return handedBack;
}

export type Poller = PollLoop;

/** Poll: drain full batches back to back, then wait idleMs; back off while PostgreSQL or Redis is down. */
export function startNotificationRelay(o: NotificationRelayOptions & { idleMs?: number; maxBackoffMs?: number }): Poller {
  return startPollLoop({
    name: 'notification relay',
    logger: o.logger,
    batch: (n) => relayNotifications(o, n),
    batchSize: 100,
    idleMs: o.idleMs ?? 500,
    maxBackoffMs: o.maxBackoffMs ?? 10_000,
  });
}
