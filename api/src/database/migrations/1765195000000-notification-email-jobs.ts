import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notification emails whose job Redis lost (issue 6 follow-up).
 *
 * A notification marked 'queued' now names the email job that delivers it (email_job: the BullMQ
 * job id, `notification-<id>` or `digest-<user>-<local date>`) and when it was queued. The worker's
 * recovery pass looks for rows queued long ago whose job no longer exists in the email queue (Redis
 * restarted without its data, or a job removed by hand) and hands them back: a notification to the
 * relay ('pending'), a digest's notifications to the digest ('digest', with that day's digest run
 * forgotten, so it goes out again). Rows queued before this migration have no job named and are
 * left alone.
 */
export class NotificationEmailJobs1765195000000 implements MigrationInterface {
  name = 'NotificationEmailJobs1765195000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications ADD COLUMN email_job text, ADD COLUMN email_queued_at timestamptz`);
    await q.query(`CREATE INDEX notifications_email_queued_idx ON notifications (email_queued_at) WHERE email_state = 'queued' AND email_job IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS notifications_email_queued_idx`);
    await q.query(`ALTER TABLE notifications DROP COLUMN email_job, DROP COLUMN email_queued_at`);
  }
}
