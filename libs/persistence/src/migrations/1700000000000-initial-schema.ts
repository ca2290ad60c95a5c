import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1700000000000 implements MigrationInterface {
  name = 'InitialSchema1700000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cases (
        id uuid PRIMARY KEY,
        workflow_id text NOT NULL UNIQUE,
        procedure_type text NOT NULL,
        status text NOT NULL,
        province text,
        agency_id text,
        applicant_id text NOT NULL,
        deadline_at timestamptz,
        last_event_seq integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX cases_status_deadline_idx ON cases (status, deadline_at)`);
    await q.query(`CREATE INDEX cases_agency_status_idx ON cases (agency_id, status)`);
    await q.query(`CREATE INDEX cases_province_status_idx ON cases (province, status)`);
    await q.query(`CREATE INDEX cases_applicant_idx ON cases (applicant_id)`);
    await q.query(`
      CREATE TABLE case_events (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL,
        seq integer NOT NULL,
        type text NOT NULL,
        actor_id text NOT NULL,
        actor_role text NOT NULL,
        occurred_at timestamptz NOT NULL,
        data jsonb NOT NULL,
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL,
        CONSTRAINT case_events_case_seq_uq UNIQUE (case_id, seq)
      )`);
    await q.query(`CREATE INDEX case_events_actor_idx ON case_events (actor_id, occurred_at)`);
    await q.query(`CREATE INDEX case_events_type_idx ON case_events (type, occurred_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_events`);
    await q.query(`DROP TABLE cases`);
  }
}
