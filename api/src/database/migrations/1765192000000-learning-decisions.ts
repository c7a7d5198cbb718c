import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Learning log and shared decisions (issue 6).
 *
 * - learning_entries: "what we tried / learned / will change", a period or a range of periods
 *   (canonical keys of the collaboration's fiscal year), `share_with_funders` (default on: funders
 *   read it and it is in the funder report); learning_entry_indicators links it to indicators.
 * - decisions: a numbered proposal with ONE structured change (`change`, jsonb) and what it was
 *   proposed against (`base`, `base_version`: the indicator's or the agenda's version), its status
 *   and, once decided, who decided, why, and the version the accepted change made.
 * - decision_stances: one stance per person (support, or object with a reason).
 * - comments.decision_id: a conversation can hang on a decision (still exactly one subject).
 * - indicator_revisions.decision_id, agenda_versions.decision_id: the change a decision applied
 *   links back to it.
 */
export class LearningDecisions1765192000000 implements MigrationInterface {
  name = 'LearningDecisions1765192000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE learning_entries (
        collaboration_id uuid NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        tried text NOT NULL DEFAULT '' CHECK (length(tried) <= 5000),
        learned text NOT NULL CHECK (length(learned) BETWEEN 1 AND 5000),
        will_change text NOT NULL DEFAULT '' CHECK (length(will_change) <= 5000),
        period_from text NOT NULL,
        period_to text NOT NULL,
        share_with_funders boolean NOT NULL DEFAULT true,
        author_id uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (collaboration_id, id)
      )`);
    await q.query(`
      CREATE TABLE learning_entry_indicators (
        collaboration_id uuid NOT NULL,
        entry_id uuid NOT NULL,
        indicator_id uuid NOT NULL,
        PRIMARY KEY (collaboration_id, entry_id, indicator_id),
        FOREIGN KEY (collaboration_id, entry_id) REFERENCES learning_entries(collaboration_id, id) ON DELETE CASCADE,
        FOREIGN KEY (collaboration_id, indicator_id) REFERENCES indicators(collaboration_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX learning_entry_indicators_indicator_idx ON learning_entry_indicators (collaboration_id, indicator_id)`);

    await q.query(`
      CREATE TABLE decisions (
        collaboration_id uuid NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        number int NOT NULL CHECK (number >= 1),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        rationale text NOT NULL CHECK (length(rationale) BETWEEN 1 AND 5000),
        kind text NOT NULL CHECK (kind IN ('targets', 'definition', 'agenda')),
        indicator_id uuid,
        change jsonb NOT NULL,
        base jsonb NOT NULL,
        base_version int NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'rejected')),
        proposed_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        decided_by uuid REFERENCES users(id),
        decided_at timestamptz,
        decision_rationale text,
        applied_version int,
        PRIMARY KEY (collaboration_id, id),
        UNIQUE (collaboration_id, number),
        CHECK ((kind = 'agenda') = (indicator_id IS NULL)),
        CHECK ((status = 'open') = (decided_at IS NULL)),
        CHECK (status = 'open' OR (decided_by IS NOT NULL AND decision_rationale IS NOT NULL)),
        CHECK ((status = 'accepted') = (applied_version IS NOT NULL)),
        FOREIGN KEY (collaboration_id, indicator_id) REFERENCES indicators(collaboration_id, id)
      )`);
    await q.query(`CREATE INDEX decisions_indicator_idx ON decisions (collaboration_id, indicator_id) WHERE indicator_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE decision_stances (
        collaboration_id uuid NOT NULL,
        decision_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        stance text NOT NULL CHECK (stance IN ('support', 'object')),
        reason text NOT NULL DEFAULT '' CHECK (length(reason) <= 2000),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (collaboration_id, decision_id, user_id),
        CHECK (stance = 'support' OR length(reason) > 0),
        FOREIGN KEY (collaboration_id, decision_id) REFERENCES decisions(collaboration_id, id) ON DELETE CASCADE
      )`);

    // Comments: a fourth subject. The one-subject CHECK was unnamed; find it by what it says.
    await q.query(`ALTER TABLE comments ADD COLUMN decision_id uuid`);
    await q.query(`
      ALTER TABLE comments ADD CONSTRAINT comments_decision_fkey
        FOREIGN KEY (collaboration_id, decision_id) REFERENCES decisions(collaboration_id, id) ON DELETE CASCADE`);
    await q.query(`
      DO $$
      DECLARE c text;
      BEGIN
        FOR c IN SELECT conname FROM pg_constraint
                  WHERE conrelid = 'comments'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%num_nonnulls%'
        LOOP
          EXECUTE format('ALTER TABLE comments DROP CONSTRAINT %I', c);
        END LOOP;
      END $$`);
    await q.query(`ALTER TABLE comments ADD CONSTRAINT comments_one_subject CHECK (num_nonnulls(indicator_id, value_id, activity_id, decision_id) = 1)`);
    await q.query(`CREATE INDEX comments_decision_idx ON comments (collaboration_id, decision_id, created_at) WHERE decision_id IS NOT NULL`);

    await q.query(`ALTER TABLE indicator_revisions ADD COLUMN decision_id uuid`);
    await q.query(`
      ALTER TABLE indicator_revisions ADD CONSTRAINT indicator_revisions_decision_fkey
        FOREIGN KEY (collaboration_id, decision_id) REFERENCES decisions(collaboration_id, id)`);
    await q.query(`ALTER TABLE agenda_versions ADD COLUMN decision_id uuid`);
    await q.query(`
      ALTER TABLE agenda_versions ADD CONSTRAINT agenda_versions_decision_fkey
        FOREIGN KEY (collaboration_id, decision_id) REFERENCES decisions(collaboration_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agenda_versions DROP COLUMN IF EXISTS decision_id`);
    await q.query(`ALTER TABLE indicator_revisions DROP COLUMN IF EXISTS decision_id`);
    await q.query(`DELETE FROM comments WHERE decision_id IS NOT NULL`);
    await q.query(`ALTER TABLE comments DROP CONSTRAINT IF EXISTS comments_one_subject`);
    await q.query(`DROP INDEX IF EXISTS comments_decision_idx`);
    await q.query(`ALTER TABLE comments DROP COLUMN IF EXISTS decision_id`);
    await q.query(`ALTER TABLE comments ADD CONSTRAINT comments_check CHECK (num_nonnulls(indicator_id, value_id, activity_id) = 1)`);
    await q.query(`DROP TABLE IF EXISTS decision_stances`);
    await q.query(`DROP TABLE IF EXISTS decisions`);
    await q.query(`DROP TABLE IF EXISTS learning_entry_indicators`);
    await q.query(`DROP TABLE IF EXISTS learning_entries`);
  }
}
