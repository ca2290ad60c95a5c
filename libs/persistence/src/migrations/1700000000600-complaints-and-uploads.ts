import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Complaints against cases (the sheets' "Transparencia" table) and uploaded files' metadata. */
export class ComplaintsAndUploads1700000000600 implements MigrationInterface {
  name = 'ComplaintsAndUploads1700000000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS complaints (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL,
        procedure_type text NOT NULL,
        filed_by text NOT NULL,
        role text NOT NULL,
        description text NOT NULL CHECK (char_length(description) BETWEEN 10 AND 2000),
        filed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX IF NOT EXISTS complaints_filed_at_idx ON complaints (filed_at, procedure_type)`);
    await q.query(`CREATE INDEX IF NOT EXISTS complaints_case_idx ON complaints (case_id)`);
    // Content-addressed uploads: the bytes live in the blob store under their sha256.
    await q.query(`
      CREATE TABLE IF NOT EXISTS documents (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL,
        sha256 char(64) NOT NULL,
        size integer NOT NULL CHECK (size > 0 AND size <= 1048576),
        detected_type text NOT NULL CHECK (detected_type IN ('pdf', 'jpeg')),
        original_name text NOT NULL,
        uploaded_by text NOT NULL,
        role text NOT NULL,
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT documents_case_sha256_uq UNIQUE (case_id, sha256)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE documents`);
    await q.query(`DROP TABLE complaints`);
  }
}
