import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Progress, wins and trajectory: derived by the worker (worker/src/progress) from the all-partner
 * total rollups and the indicator's baseline and targets, right after the rollups it reads.
 *
 * - progress: one row per indicator × granularity × period that has a rollup or a target.
 * - wins: a milestone (or the long-term target) met, recorded exactly once per
 *   (collaboration, indicator, milestone period) whatever the retries and concurrent jobs;
 *   withdrawn (never deleted) when a revision means it is no longer met, reactivated when met again.
 * - indicator_trajectory: where the recent pace leads (shared `trajectory`).
 */
export class Progress1765000000000 implements MigrationInterface {
  name = 'Progress1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE progress (
        collaboration_id uuid NOT NULL,
        indicator_id uuid NOT NULL,
        granularity text NOT NULL CHECK (granularity IN ('month', 'quarter', 'year')),
        period text NOT NULL,
        actual numeric,
        baseline numeric NOT NULL,
        target numeric NOT NULL,
        long_term_target numeric NOT NULL,
        percent_to_long_term double precision,
        ratio double precision,
        status text NOT NULL CHECK (status IN ('on_track', 'at_risk', 'off_track', 'no_data')),
        computed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (collaboration_id, indicator_id, granularity, period),
        CHECK ((actual IS NULL) = (status = 'no_data')),
        FOREIGN KEY (collaboration_id, indicator_id) REFERENCES indicators(collaboration_id, id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE wins (
        collaboration_id uuid NOT NULL,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        indicator_id uuid NOT NULL,
        kind text NOT NULL DEFAULT 'milestone' CHECK (kind IN ('milestone', 'long_term')),
        milestone_period text NOT NULL,
        milestone_value numeric NOT NULL,
        met_period text NOT NULL,
        met_value numeric NOT NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn')),
        first_met_at timestamptz NOT NULL DEFAULT now(),
        withdrawn_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (collaboration_id, id),
        UNIQUE (collaboration_id, indicator_id, milestone_period),
        CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL)),
        FOREIGN KEY (collaboration_id, indicator_id) REFERENCES indicators(collaboration_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX wins_newest_idx ON wins (collaboration_id, first_met_at DESC)`);
    await q.query(`
      CREATE TABLE indicator_trajectory (
        collaboration_id uuid NOT NULL,
        indicator_id uuid NOT NULL,
        granularity text NOT NULL CHECK (granularity IN ('month', 'quarter', 'year')),
        projected_period text,
        reached boolean NOT NULL DEFAULT false,
        slope_per_month double precision,
        computed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (collaboration_id, indicator_id),
        FOREIGN KEY (collaboration_id, indicator_id) REFERENCES indicators(collaboration_id, id) ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS indicator_trajectory`);
    await q.query(`DROP TABLE IF EXISTS wins`);
    await q.query(`DROP TABLE IF EXISTS progress`);
  }
}
