import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rollups: the precomputed aggregate per indicator × granularity × period × cell × scope
 * ('all' or a partner id), derived from the counting indicator values by the worker
 * (worker/src/rollups). Derived data: a full rebuild gives the same rows.
 */
export class Rollups1764900000000 implements MigrationInterface {
  name = 'Rollups1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rollups (
        collaboration_id uuid NOT NULL,
        indicator_id uuid NOT NULL,
        granularity text NOT NULL CHECK (granularity IN ('month', 'quarter', 'year')),
        period text NOT NULL,
        cell text NOT NULL,
        scope text NOT NULL,
        value numeric NOT NULL,
        numerator numeric,
        denominator numeric,
        partner_count int NOT NULL CHECK (partner_count >= 1),
        value_count int NOT NULL CHECK (value_count >= 1),
        computed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (collaboration_id, indicator_id, granularity, period, cell, scope),
        CHECK ((numerator IS NULL) = (denominator IS NULL)),
        FOREIGN KEY (collaboration_id, indicator_id) REFERENCES indicators(collaboration_id, id) ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS rollups`);
  }
}
