import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One writer for case_search_terms (ADR 0025): the API puts a case's search terms on its start
 * request, and the worker's append of the case's first event copies them into case_search_terms.
 * Personal data (document numbers, the holder's name words), as case_search_terms holds: never in
 * Temporal's history (ADR 0014).
 */
export class CaseStartRequestSearchTerms1700000002000 implements MigrationInterface {
  name = 'CaseStartRequestSearchTerms1700000002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_start_requests ADD COLUMN search_terms jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_start_requests DROP COLUMN search_terms`);
  }
}
