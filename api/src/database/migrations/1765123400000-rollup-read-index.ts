import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dashboard reads of the aggregate across partners (GET …/rollups, scope 'all') for every indicator
 * at once filter on granularity, a set of periods and a cell: the primary key (which leads with the
 * indicator) cannot serve them, so they scanned every rollup row of the collaboration. A partial
 * index on the 'all' rows serves them (the partner rows, the bulk of the table, are left out, so a
 * rebuild pays little for it).
 */
export class RollupReadIndex1765123400000 implements MigrationInterface {
  name = 'RollupReadIndex1765123400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX rollups_all_by_period_idx ON rollups (collaboration_id, granularity, period, cell) WHERE scope = 'all'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS rollups_all_by_period_idx`);
  }
}
