import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every read of a case by an officer or an auditor is logged (who, role, when, what). */
export class AccessLog1700000000500 implements MigrationInterface {
  name = 'AccessLog1700000000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_access_log (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL,
        actor_id text NOT NULL,
        actor_role text NOT NULL,
        action text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX case_access_log_case_idx ON case_access_log (case_id, at)`);
    await q.query(`CREATE INDEX case_access_log_actor_idx ON case_access_log (actor_id, at)`);
    // Idempotent starts: the same key (or the same request) of the same applicant is the same case.
    await q.query(`
      CREATE TABLE case_start_requests (
        request_key char(64) PRIMARY KEY,
        case_id uuid NOT NULL,
        body_hash char(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX cases_created_idx ON cases (created_at DESC)`);
    await q.query(`CREATE INDEX cases_procedure_status_idx ON cases (procedure_type, status, deadline_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases_procedure_status_idx`);
    await q.query(`DROP INDEX cases_created_idx`);
    await q.query(`DROP TABLE case_start_requests`);
    await q.query(`DROP TABLE case_access_log`);
  }
}
