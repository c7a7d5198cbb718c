import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Collaboration settings for dashboards, and the scheduled reconciliation of rollups.
 *
 * - collaborations.show_contributions_to_funders: whether funders may see per-partner rollups
 *   and "show the math" (PRODUCT.md: funders see aggregates unless the collaboration opts in).
 * - collaborations.status_band_on_track / status_band_at_risk: the lower bounds of the progress
 *   ratio for on_track and at_risk (PRODUCT.md defaults 0.95 and 0.80), read by the worker.
 * - rollup_reconciliations: one row per collaboration per reconciliation run (worker/src/reconcile):
 *   a rebuild into a scratch table compared with the live rollups; read by /api/metrics.
 */
export class CollaborationSettingsReconciliation1765173000000 implements MigrationInterface {
  name = 'CollaborationSettingsReconciliation1765173000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE collaborations
        ADD COLUMN show_contributions_to_funders boolean NOT NULL DEFAULT false,
        ADD COLUMN status_band_on_track numeric NOT NULL DEFAULT 0.95,
        ADD COLUMN status_band_at_risk numeric NOT NULL DEFAULT 0.8,
        ADD CONSTRAINT collaborations_status_bands_check
          CHECK (status_band_on_track > 0 AND status_band_on_track <= 1
                 AND status_band_at_risk >= 0 AND status_band_at_risk <= status_band_on_track)`);
    await q.query(`
      CREATE TABLE rollup_reconciliations (
        collaboration_id uuid NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
        id bigserial,
        started_at timestamptz NOT NULL,
        finished_at timestamptz NOT NULL DEFAULT now(),
        indicators_checked int NOT NULL CHECK (indicators_checked >= 0),
        indicators_skipped int NOT NULL CHECK (indicators_skipped >= 0),
        cells_compared int NOT NULL CHECK (cells_compared >= 0),
        cells_drifted int NOT NULL CHECK (cells_drifted >= 0),
        cells_missing int NOT NULL CHECK (cells_missing >= 0),
        cells_extra int NOT NULL CHECK (cells_extra >= 0),
        cells_different int NOT NULL CHECK (cells_different >= 0),
        examples jsonb NOT NULL DEFAULT '[]',
        repaired boolean NOT NULL DEFAULT false,
        PRIMARY KEY (collaboration_id, id),
        CHECK (cells_drifted = cells_missing + cells_extra + cells_different)
      )`);
    await q.query(
      `CREATE INDEX rollup_reconciliations_latest_idx ON rollup_reconciliations (collaboration_id, finished_at DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS rollup_reconciliations`);
    await q.query(`
      ALTER TABLE collaborations
        DROP CONSTRAINT IF EXISTS collaborations_status_bands_check,
        DROP COLUMN IF EXISTS status_band_at_risk,
        DROP COLUMN IF EXISTS status_band_on_track,
        DROP COLUMN IF EXISTS show_contributions_to_funders`);
  }
}
