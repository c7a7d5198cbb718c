import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Live notifications and the daily digest (issue 6).
 *
 * - A trigger announces every new notification on the channel 'constellation_notifications' with
 *   the person's id as payload. NOTIFY is delivered when the writing transaction commits (and not
 *   at all when it rolls back), whoever wrote it (api or worker); the api's listener forwards it to
 *   that person's open tabs (GET /api/me/events).
 * - users.time_zone (null: the time zone of the person's first collaboration, else UTC) and
 *   users.digest_hour (local hour, 0–23, from which the day's digest is sent).
 * - digest_runs: one row per person and local date a digest was sent for. The worker inserts it
 *   ON CONFLICT DO NOTHING … RETURNING in the transaction that queues the email, so however many
 *   workers run the digest job, one of them sends that day's digest.
 */
export class DigestLive1765194000000 implements MigrationInterface {
  name = 'DigestLive1765194000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION notifications_announce() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('constellation_notifications', NEW.user_id::text);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER notifications_announce AFTER INSERT ON notifications
        FOR EACH ROW EXECUTE FUNCTION notifications_announce()`);
    await q.query(`
      ALTER TABLE users
        ADD COLUMN time_zone text CHECK (time_zone IS NULL OR length(time_zone) BETWEEN 1 AND 100),
        ADD COLUMN digest_hour smallint NOT NULL DEFAULT 8 CHECK (digest_hour BETWEEN 0 AND 23)`);
    await q.query(`
      CREATE TABLE digest_runs (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        local_date date NOT NULL,
        time_zone text NOT NULL,
        notifications integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, local_date)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS digest_runs`);
    await q.query(`ALTER TABLE users DROP COLUMN IF EXISTS time_zone, DROP COLUMN IF EXISTS digest_hour`);
    await q.query(`DROP TRIGGER IF EXISTS notifications_announce ON notifications`);
    await q.query(`DROP FUNCTION IF EXISTS notifications_announce()`);
  }
}
