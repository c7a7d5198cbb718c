import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Value imports (CSV/XLSX): one row per uploaded file with who, when, the file name, the preview
 * counts and the status. The file itself waits in a temporary directory until it is committed.
 */
export class Imports1764800000000 implements MigrationInterface {
  name = 'Imports1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE imports (
        collaboration_id uuid NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        partner_id uuid NOT NULL,
        file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
        format text NOT NULL CHECK (format IN ('csv', 'xlsx')),
        size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
        decimal_comma boolean NOT NULL DEFAULT false,
        submit boolean NOT NULL DEFAULT false,
        status text NOT NULL CHECK (status IN ('invalid', 'ready', 'committed')),
        counts jsonb NOT NULL,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        committed_by uuid REFERENCES users(id),
        committed_at timestamptz,
        result jsonb,
        PRIMARY KEY (collaboration_id, id),
        FOREIGN KEY (collaboration_id, partner_id) REFERENCES partners(collaboration_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX imports_partner_idx ON imports (collaboration_id, partner_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE imports`);
  }
}
