import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The updates feed (issue 6).
 *
 * - updates: a post by a member; `audience` members or members_and_funders; optionally tied to one
 *   goal, indicator or activity (deleting that thing keeps the post and drops the tie);
 *   `pinned_at` set while pinned.
 * - update_attachments: files of a post; the bytes live in the attachment store under
 *   `storage_key`; `content_type` is the one the api derived (allowlist + magic bytes).
 * - update_reactions: one row per person per reaction of the fixed set.
 */
export class Updates1765191000000 implements MigrationInterface {
  name = 'Updates1765191000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE updates (
        collaboration_id uuid NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        author_id uuid NOT NULL REFERENCES users(id),
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
        audience text NOT NULL CHECK (audience IN ('members', 'members_and_funders')),
        goal_id uuid,
        indicator_id uuid,
        activity_id uuid,
        pinned_at timestamptz,
        pinned_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        edited_at timestamptz,
        PRIMARY KEY (collaboration_id, id),
        CHECK (num_nonnulls(goal_id, indicator_id, activity_id) <= 1),
        FOREIGN KEY (collaboration_id, goal_id) REFERENCES goals(collaboration_id, id) ON DELETE SET NULL (goal_id),
        FOREIGN KEY (collaboration_id, indicator_id) REFERENCES indicators(collaboration_id, id) ON DELETE SET NULL (indicator_id),
        FOREIGN KEY (collaboration_id, activity_id) REFERENCES activities(collaboration_id, id) ON DELETE SET NULL (activity_id)
      )`);
    await q.query(
      `CREATE INDEX updates_feed_idx ON updates (collaboration_id, ((pinned_at IS NOT NULL)::int) DESC, created_at DESC, id DESC)`,
    );
    await q.query(
      `CREATE INDEX updates_goal_idx ON updates (collaboration_id, goal_id) WHERE goal_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX updates_indicator_idx ON updates (collaboration_id, indicator_id) WHERE indicator_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX updates_activity_idx ON updates (collaboration_id, activity_id) WHERE activity_id IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE update_attachments (
        collaboration_id uuid NOT NULL,
        id uuid NOT NULL,
        update_id uuid NOT NULL,
        position int NOT NULL,
        file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
        content_type text NOT NULL,
        size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
        storage_key text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (collaboration_id, id),
        FOREIGN KEY (collaboration_id, update_id) REFERENCES updates(collaboration_id, id) ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE INDEX update_attachments_update_idx ON update_attachments (collaboration_id, update_id, position)`,
    );
    await q.query(`
      CREATE TABLE update_reactions (
        collaboration_id uuid NOT NULL,
        update_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        reaction text NOT NULL CHECK (reaction IN ('thumbs_up', 'heart', 'tada', 'bulb', 'eyes')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (collaboration_id, update_id, user_id, reaction),
        FOREIGN KEY (collaboration_id, update_id) REFERENCES updates(collaboration_id, id) ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS update_reactions`);
    await q.query(`DROP TABLE IF EXISTS update_attachments`);
    await q.query(`DROP TABLE IF EXISTS updates`);
  }
}
