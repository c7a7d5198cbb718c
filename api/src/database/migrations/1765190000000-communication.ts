import type { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS = `'mention', 'value_returned', 'value_approved', 'milestone_met', 'reminder', 'decision'`;

/**
 * Communication (issue 6), the part every feature shares: the notification kinds for milestones,
 * reporting reminders and shared decisions, a daily-digest email mode, and the email delivery
 * state of each notification.
 *
 * notifications.email_state is an outbox: whoever writes a notification (api or worker) writes it
 * as 'pending' in the same transaction as the change it reports; the worker's relay then decides
 * per person's preference — 'skipped' (that kind's email is off), 'digest' (waits for the person's
 * daily digest) or 'queued' (an email job named after the notification) — and the email job marks
 * it 'sent', or 'failed' with the last error once its retries are spent. Rows from before this
 * migration were already handled by the api and are marked 'skipped'.
 */
export class Communication1765190000000 implements MigrationInterface {
  name = 'Communication1765190000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT IF EXISTS notifications_kind_check`);
    await q.query(`ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN (${KINDS}))`);
    await q.query(`ALTER TABLE notification_preferences DROP CONSTRAINT IF EXISTS notification_preferences_kind_check`);
    await q.query(`ALTER TABLE notification_preferences ADD CONSTRAINT notification_preferences_kind_check CHECK (kind IN (${KINDS}))`);
    await q.query(`ALTER TABLE notification_preferences DROP CONSTRAINT IF EXISTS notification_preferences_email_check`);
    await q.query(`ALTER TABLE notification_preferences ADD CONSTRAINT notification_preferences_email_check CHECK (email IN ('immediate', 'digest', 'off'))`);
    await q.query(`
      ALTER TABLE notifications
        ADD COLUMN email_state text NOT NULL DEFAULT 'skipped'
          CHECK (email_state IN ('pending', 'queued', 'sent', 'failed', 'skipped', 'digest')),
        ADD COLUMN email_attempts integer NOT NULL DEFAULT 0,
        ADD COLUMN email_error text,
        ADD COLUMN emailed_at timestamptz`);
    await q.query(`ALTER TABLE notifications ALTER COLUMN email_state SET DEFAULT 'pending'`);
    await q.query(`CREATE INDEX notifications_email_pending_idx ON notifications (created_at) WHERE email_state = 'pending'`);
    await q.query(`CREATE INDEX notifications_email_digest_idx ON notifications (user_id, created_at) WHERE email_state = 'digest'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notifications WHERE kind NOT IN ('mention', 'value_returned', 'value_approved')`);
    await q.query(`DELETE FROM notification_preferences WHERE kind NOT IN ('mention', 'value_returned', 'value_approved')`);
    await q.query(`UPDATE notification_preferences SET email = 'immediate' WHERE email = 'digest'`);
    await q.query(`DROP INDEX IF EXISTS notifications_email_digest_idx`);
    await q.query(`DROP INDEX IF EXISTS notifications_email_pending_idx`);
    await q.query(`ALTER TABLE notifications DROP COLUMN email_state, DROP COLUMN email_attempts, DROP COLUMN email_error, DROP COLUMN emailed_at`);
    for (const [table, col, values] of [
      ['notifications', 'kind', `'mention', 'value_returned', 'value_approved'`],
      ['notification_preferences', 'kind', `'mention', 'value_returned', 'value_approved'`],
      ['notification_preferences', 'email', `'immediate', 'off'`],
    ] as const) {
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${table}_${col}_check`);
      await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_${col}_check CHECK (${col} IN (${values}))`);
    }
  }
}
