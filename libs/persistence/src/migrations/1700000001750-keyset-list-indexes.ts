import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case list and the legal inbox page by keyset (ADR 0023):
 * each scope's list is read along an index in its order, `(sort column, id)`, so that a page (by
 * OFFSET or after a cursor) and the capped total cost index entries, not every matching row.
 * The agency's lists in one status already have cases_desk_status_idx and cases_agency_overdue_idx;
 * these add the scopes without a status (an agency, a province, everything) and the inbox's
 * `(requested_at, poder_id, case_id)` order. cases_created_idx (created_at DESC), cases_status_deadline_idx
 * and cases_procedure_status_idx are replaced by the same columns with the id: without it a filter on
 * procedure and status was read along cases_list_deadline_idx, past 100,000 other cases (bench:lists).
 */
export class KeysetListIndexes1700000001750 implements MigrationInterface {
  name = 'KeysetListIndexes1700000001750';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX cases_list_agency_deadline_idx ON cases (agency_id, deadline_at, id)`);
    await q.query(`CREATE INDEX cases_list_province_deadline_idx ON cases (province, deadline_at, id)`);
    await q.query(`CREATE INDEX cases_list_deadline_idx ON cases (deadline_at, id)`);
    await q.query(`CREATE INDEX cases_list_created_idx ON cases (created_at, id)`);
    await q.query(`CREATE INDEX cases_list_updated_idx ON cases (updated_at, id)`);
    await q.query(`DROP INDEX cases_created_idx`);
    await q.query(`CREATE INDEX cases_list_status_deadline_idx ON cases (status, deadline_at, id)`);
    await q.query(`DROP INDEX cases_status_deadline_idx`);
    await q.query(`CREATE INDEX cases_list_procedure_status_idx ON cases (procedure_type, status, deadline_at, id)`);
    await q.query(`DROP INDEX cases_procedure_status_idx`);
    await q.query(`CREATE INDEX poder_reviews_pending_idx ON poder_reviews (province, requested_at, poder_id, case_id) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX poder_reviews_pending_idx`);
    await q.query(`CREATE INDEX cases_procedure_status_idx ON cases (procedure_type, status, deadline_at)`);
    await q.query(`CREATE INDEX cases_status_deadline_idx ON cases (status, deadline_at)`);
    await q.query(`CREATE INDEX cases_created_idx ON cases (created_at DESC)`);
    for (const index of ['procedure_status', 'status_deadline', 'updated', 'created', 'deadline', 'province_deadline', 'agency_deadline'])
      await q.query(`DROP INDEX cases_list_${index}_idx`);
  }
}
