import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who files an in-person case (sheets 000-002): the filer's role, name and identity document, the
 * employer, the contact channels and the vulnerable group of a walk-in (001, NOTA). Written by the
 * API when it opens the case, read by the officers of the case's agency or province (personal data:
 * never in a workflow id, a search attribute or a metric, ADR 0014).
 */
export class CaseFilings1700000002100 implements MigrationInterface {
  name = 'CaseFilings1700000002100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_filings (
        case_id uuid PRIMARY KEY,
        filer_role text NOT NULL,
        filer_identity_number text NOT NULL,
        filer_identity_type text,
        filer_name text,
        employer_id text,
        email text NOT NULL,
        mobile text NOT NULL,
        vulnerable_group text CHECK (vulnerable_group IN ('elderly', 'disabled', 'pregnant')),
        poder jsonb,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_filings`);
  }
}
