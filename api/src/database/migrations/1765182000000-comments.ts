import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Conversations (issue 6): threaded comments on an indicator, one indicator value or an activity,
 * the people each comment mentions, and in-app notifications.
 *
 * - comments: exactly one subject column is set; a reply names its top-level comment (one level
 *   deep). `kind = 'return_reason'` is the reviewer's reason, posted when a value is returned.
 *   Deleting the subject (a draft value, an activity) deletes its thread.
 * - comment_mentions: the members a comment mentions who may see its subject (others are dropped).
 * - notifications: per person, across collaborations; `read_at` once read.
 * - notification_preferences: how a person wants each kind by email (no row: immediately).
 */
export class Comments1765182000000 implements MigrationInterface {
  name = 'Comments1765182000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE comments (
        collaboration_id uuid NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        indicator_id uuid,
        value_id uuid,
        activity_id uuid,
        parent_id uuid,
        author_id uuid NOT NULL REFERENCES users(id),
        kind text NOT NULL DEFAULT 'comment' CHECK (kind IN ('comment', 'return_reason')),
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (collaboration_id, id),
        CHECK (num_nonnulls(indicator_id, value_id, activity_id) = 1),
        CHECK (kind = 'comment' OR value_id IS NOT NULL),
        FOREIGN KEY (collaboration_id, indicator_id) REFERENCES indicators(collaboration_id, id) ON DELETE CASCADE,
        FOREIGN KEY (collaboration_id, value_id) REFERENCES indicator_values(collaboration_id, id) ON DELETE CASCADE,
        FOREIGN KEY (collaboration_id, activity_id) REFERENCES activities(collaboration_id, id) ON DELETE CASCADE,
        FOREIGN KEY (collaboration_id, parent_id) REFERENCES comments(collaboration_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX comments_indicator_idx ON comments (collaboration_id, indicator_id, created_at) WHERE indicator_id IS NOT NULL`);
    await q.query(`CREATE INDEX comments_value_idx ON comments (collaboration_id, value_id, created_at) WHERE value_id IS NOT NULL`);
    await q.query(`CREATE INDEX comments_activity_idx ON comments (collaboration_id, activity_id, created_at) WHERE activity_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE comment_mentions (
        collaboration_id uuid NOT NULL,
        comment_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        PRIMARY KEY (collaboration_id, comment_id, user_id),
        FOREIGN KEY (collaboration_id, comment_id) REFERENCES comments(collaboration_id, id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        collaboration_id uuid NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('mention', 'value_returned', 'value_approved')),
        actor_id uuid REFERENCES users(id),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        body text NOT NULL DEFAULT '',
        link text NOT NULL CHECK (link LIKE '/%'),
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz
      )`);
    await q.query(`CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC)`);
    await q.query(`CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL`);
    await q.query(`
      CREATE TABLE notification_preferences (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('mention', 'value_returned', 'value_approved')),
        email text NOT NULL CHECK (email IN ('immediate', 'off')),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, kind)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS notification_preferences`);
    await q.query(`DROP TABLE IF EXISTS notifications`);
    await q.query(`DROP TABLE IF EXISTS comment_mentions`);
    await q.query(`DROP TABLE IF EXISTS comments`);
  }
}
