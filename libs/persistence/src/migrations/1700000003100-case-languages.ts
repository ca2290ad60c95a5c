import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The language each case speaks to its applicant (ADR 0031): 'es' (es-EC, the default) or 'en',
 * as the applicant's pages were set when the case started. Written once by the API when it opens
 * the case (before the workflow starts, so the first email already reads it), read by the worker's
 * email and SMS activities. A preference, not personal data: it stays out of Temporal's payloads.
 */
export class CaseLanguages1700000003100 implements MigrationInterface {
  name = 'CaseLanguages1700000003100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_languages (
        case_id uuid PRIMARY KEY,
        locale text NOT NULL CHECK (locale IN ('es', 'en')),
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_languages`);
  }
}
