import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the rollup paths (measured by `npm run bench`, workloads rollups and dashboard-read):
 * - an incremental rollup job reads one indicator's values of a few native periods (the month, the
 *   rest of its quarter and fiscal year); the unique index leads with the partner after the
 *   indicator, so the job read every value of the indicator and dropped the other periods;
 * - dashboard reads of the aggregate across partners (scope 'all') for every indicator at once filter
 *   on granularity, periods and cell, which the primary key (indicator first) cannot serve. The index
 *   is partial: the partner rows, the bulk of the table, are left out, so a rebuild pays little for it.
 */
export class RollupIndexes1765183400000 implements MigrationInterface {
  name = 'RollupIndexes1765183400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX indicator_values_period_idx ON indicator_values (collaboration_id, indicator_id, period)`);
    await q.query(`CREATE INDEX rollups_all_by_period_idx ON rollups (collaboration_id, granularity, period, cell) WHERE scope = 'all'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS rollups_all_by_period_idx`);
    await q.query(`DROP INDEX IF EXISTS indicator_values_period_idx`);
  }
}
