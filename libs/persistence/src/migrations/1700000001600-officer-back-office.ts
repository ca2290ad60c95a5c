import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The officers' back office (ADR 0021):
 * - web_sessions: the web pages' server-side sessions, public and officers' (a kind each, never
 *   mixed), kept by the API so that they survive a restart and serve several web instances;
 * - officer_access_log: every sign-in, failed sign-in, sign-out, re-authentication and refused access;
 * - dev_officers: the embedded OpenID provider's accounts (development only; roles set by the administrator);
 * - agency_holidays: local holidays of one agency (no slots that day).
 */
export class OfficerBackOffice1700000001600 implements MigrationInterface {
  name = 'OfficerBackOffice1700000001600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE web_sessions (
        id text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('public', 'officer')),
        data jsonb NOT NULL,
        expires_at timestamptz NOT NULL,
        absolute_expires_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX web_sessions_expires_idx ON web_sessions (expires_at)`);
    await q.query(`
      CREATE TABLE officer_access_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        event text NOT NULL CHECK (event IN ('sign_in', 'sign_in_failed', 'sign_out', 'reauthenticated', 'access_refused')),
        officer_id text,
        role text,
        agency_id text,
        province text,
        path text,
        reason text,
        client_address text
      )`);
    await q.query(`CREATE INDEX officer_access_log_at_idx ON officer_access_log (at DESC)`);
    await q.query(`CREATE INDEX officer_access_log_officer_idx ON officer_access_log (officer_id, at DESC)`);
    await q.query(`
      CREATE TABLE dev_officers (
        username text PRIMARY KEY,
        sub text NOT NULL UNIQUE,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('case_manager', 'legal_unit', 'auditor', 'admin')),
        agency_id text,
        province text,
        password_hash text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (role <> 'case_manager' OR agency_id IS NOT NULL),
        CHECK (role <> 'legal_unit' OR province IS NOT NULL)
      )`);
    await q.query(`
      CREATE TABLE agency_holidays (
        agency_id text NOT NULL REFERENCES agencies (id),
        day date NOT NULL,
        name text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (agency_id, day)
      )`);
    // The apps' role (default privileges of migration 1700000001000) may only append to the access log.
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tramites_app') THEN
          REVOKE UPDATE, DELETE, TRUNCATE ON officer_access_log FROM tramites_app;
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE agency_holidays`);
    await q.query(`DROP TABLE dev_officers`);
    await q.query(`DROP TABLE officer_access_log`);
    await q.query(`DROP TABLE web_sessions`);
  }
}
