import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Public sharing (issue 5): the backbone publishes a read-only dashboard of chosen indicators at
 * `/share/<token>`. The token (32 random bytes, base64url: 256 bits) is stored as is, so the
 * backbone can copy the link again later: it is a publishable link to aggregates the backbone
 * chose to make public, not a credential (revoking it is the control). Revoked links are kept
 * (revoked_at/revoked_by) so the public page can say "no longer shared" and the list keeps history.
 */
export class SharedDashboards1765130000000 implements MigrationInterface {
  name = 'SharedDashboards1765130000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE shared_dashboards (
        collaboration_id uuid NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        token text NOT NULL CHECK (length(token) >= 22),
        title text NOT NULL,
        granularity text CHECK (granularity IN ('month', 'quarter', 'year')),
        period_from text,
        period_to text,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        revoked_by uuid REFERENCES users(id) ON DELETE SET NULL,
        PRIMARY KEY (collaboration_id, id)
      )`);
    await q.query(`CREATE UNIQUE INDEX shared_dashboards_token_key ON shared_dashboards (token)`);
    await q.query(`
      CREATE TABLE shared_dashboard_indicators (
        collaboration_id uuid NOT NULL,
        dashboard_id uuid NOT NULL,
        indicator_id uuid NOT NULL,
        position int NOT NULL,
        PRIMARY KEY (collaboration_id, dashboard_id, indicator_id),
        FOREIGN KEY (collaboration_id, dashboard_id) REFERENCES shared_dashboards(collaboration_id, id) ON DELETE CASCADE,
        FOREIGN KEY (collaboration_id, indicator_id) REFERENCES indicators(collaboration_id, id) ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS shared_dashboard_indicators`);
    await q.query(`DROP TABLE IF EXISTS shared_dashboards`);
  }
}
