import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reporting calendar and reminders (issue 6).
 *
 * - reporting_calendars: one row per collaboration that changed the default calendar (no row =
 *   shared DEFAULT_CALENDAR: due by the end of the month after the period, a reminder 7 days
 *   before, overdue reminders 1 and 14 days after). `settings` is the CalendarSettings JSON
 *   (shared/src/reporting-calendar.ts), validated by the api before it is written.
 * - reporting_due_overrides: a specific due date the backbone set for one period key.
 * - reminders: one row per (collaboration, partner, period, kind) ever sent. The worker inserts
 *   it with ON CONFLICT DO NOTHING and only the inserting transaction writes the notifications
 *   (listed in notification_ids), so a job that runs twice, or two workers, remind once.
 */
export class ReportingCalendar1765193000000 implements MigrationInterface {
  name = 'ReportingCalendar1765193000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reporting_calendars (
        collaboration_id uuid PRIMARY KEY REFERENCES collaborations(id) ON DELETE CASCADE,
        settings jsonb NOT NULL,
        updated_by uuid REFERENCES users(id),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE reporting_due_overrides (
        collaboration_id uuid NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
        period text NOT NULL CHECK (length(period) BETWEEN 4 AND 10),
        due_date date NOT NULL,
        updated_by uuid REFERENCES users(id),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (collaboration_id, period)
      )`);
    await q.query(`
      CREATE TABLE reminders (
        collaboration_id uuid NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        partner_id uuid NOT NULL,
        periodicity text NOT NULL CHECK (periodicity IN ('month', 'quarter', 'year')),
        period text NOT NULL,
        kind text NOT NULL CHECK (kind ~ '^(before_due|overdue_[0-9]{1,3})$'),
        due_date date NOT NULL,
        indicator_ids uuid[] NOT NULL,
        indicator_codes text[] NOT NULL,
        notification_ids uuid[] NOT NULL DEFAULT '{}',
        sent_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (collaboration_id, id),
        UNIQUE (collaboration_id, partner_id, period, kind),
        FOREIGN KEY (collaboration_id, partner_id) REFERENCES partners(collaboration_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX reminders_sent_idx ON reminders (collaboration_id, sent_at DESC)`);
    // /api/metrics counts failed notification emails at every scrape.
    await q.query(`CREATE INDEX notifications_email_failed_idx ON notifications (created_at) WHERE email_state = 'failed'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS notifications_email_failed_idx`);
    await q.query(`DROP TABLE IF EXISTS reminders`);
    await q.query(`DROP TABLE IF EXISTS reporting_due_overrides`);
    await q.query(`DROP TABLE IF EXISTS reporting_calendars`);
  }
}
