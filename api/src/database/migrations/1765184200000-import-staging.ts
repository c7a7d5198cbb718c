import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Set-based imports: an uploaded file is COPYed into its own UNLOGGED staging table (schema
 * import_staging, one table per import, dropped on commit or after a day), validated and
 * committed with SQL. Large imports are validated and committed by a worker job: `progress`
 * (rows processed) and the preview's errors and sample are kept on the import row so the web can
 * poll them; `failure` says why a job stopped.
 */
export class ImportStaging1765184200000 implements MigrationInterface {
  name = 'ImportStaging1765184200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS import_staging`);
    await q.query(`ALTER TABLE imports DROP CONSTRAINT IF EXISTS imports_status_check`);
    await q.query(
      `ALTER TABLE imports ADD CONSTRAINT imports_status_check
         CHECK (status IN ('validating', 'invalid', 'ready', 'committing', 'committed', 'failed'))`,
    );
    await q.query(`
      ALTER TABLE imports
        ADD COLUMN header jsonb,
        ADD COLUMN errors jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN errors_truncated boolean NOT NULL DEFAULT false,
        ADD COLUMN sample jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN progress jsonb,
        ADD COLUMN failure text,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA IF EXISTS import_staging CASCADE`);
    await q.query(
      `ALTER TABLE imports DROP COLUMN header, DROP COLUMN errors, DROP COLUMN errors_truncated, DROP COLUMN sample,
                           DROP COLUMN progress, DROP COLUMN failure, DROP COLUMN updated_at`,
    );
    await q.query(`ALTER TABLE imports DROP CONSTRAINT IF EXISTS imports_status_check`);
    await q.query(`ALTER TABLE imports ADD CONSTRAINT imports_status_check CHECK (status IN ('invalid', 'ready', 'committed'))`);
  }
}
