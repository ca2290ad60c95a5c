import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appendOnlyTriggers } from './append-only-triggers';

/**
 * Who worked a case, and why it changed hands (ADR 0022, amended): every claim, release and
 * reassignment of `case_assignments`, with who did it, from whom, to whom and the reason a
 * supervisor gave. Append-only like the audit records (migration 1700000001000): the auditor
 * reads it. No personal data of applicants: case ids, officer ids, the supervisor's reason.
 * And an index of the claims per agency, for the supervisor's view of the officers' load.
 */
export class CaseAssignmentLog1700000002201 implements MigrationInterface {
  name = 'CaseAssignmentLog1700000002201';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_assignment_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        case_id uuid NOT NULL,
        agency_id text NOT NULL,
        action text NOT NULL CHECK (action IN ('claim', 'release', 'reassign')),
        actor_id text NOT NULL,
        actor_role text NOT NULL,
        from_officer text,
        to_officer text,
        reason text,
        CHECK (action <> 'reassign' OR (to_officer IS NOT NULL AND reason IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX case_assignment_log_case_idx ON case_assignment_log (case_id, id)`);
    await q.query(`CREATE INDEX case_assignment_log_agency_idx ON case_assignment_log (agency_id, id DESC)`);
    for (const statement of appendOnlyTriggers('case_assignment_log')) await q.query(statement);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON case_assignment_log FROM tramites_app`);
    // The supervisor's view: the open cases each officer of an agency holds.
    await q.query(`CREATE INDEX case_assignments_agency_idx ON case_assignments (agency_id, officer_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX case_assignments_agency_idx`);
    await q.query(`DROP TABLE case_assignment_log`);
  }
}
