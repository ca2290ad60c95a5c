import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The overdue list of an agency in one status (ADR 0023): `deadline_at < now() AND
 * waiting_on <> 'nobody'`, sorted by deadline. `cases_agency_status_idx` finds every case of the
 * agency in that status and filters them in the heap (about 470 ms at 1,000,000 cases); this
 * partial index holds only the cases someone is waiting on, in the list's order.
 */
export class CaseListOverdueIndex1700000001700 implements MigrationInterface {
  name = 'CaseListOverdueIndex1700000001700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX cases_agency_overdue_idx ON cases (agency_id, status, deadline_at, id) WHERE waiting_on <> 'nobody'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases_agency_overdue_idx`);
  }
}
