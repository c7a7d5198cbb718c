import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An import's preview keeps its validated plan (an UNLOGGED table import_staging."p_<id>" beside
 * the staging table) and `plan_stamp`: a digest of everything the plan was decided on (the
 * collaboration's fiscal year, indicators, dimensions and categories, period locks, the partner's
 * commitments, and the partner's stored values in the periods the file touches), read in the same
 * snapshot as the validation. The commit, holding the partner's write lock (the collaboration
 * shared), recomputes the digest: unchanged, it writes the plan as it stands; changed (or the plan
 * lost), it validates the file again first, as before.
 */
export class ImportPlan1765196000000 implements MigrationInterface {
  name = 'ImportPlan1765196000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE imports ADD COLUMN plan_stamp text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE imports DROP COLUMN plan_stamp`);
  }
}
