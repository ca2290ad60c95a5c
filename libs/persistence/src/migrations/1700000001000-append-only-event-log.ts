import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables of the audit record: rows are appended, never changed or removed (ADR 0010). */
const APPEND_ONLY = ['case_events', 'event_log_checkpoints', 'event_log_checkpoint_heads'] as const;

/**
 * The event log becomes append-only in the database and is anchored by signed checkpoints
 * (ADR 0010):
 * - a trigger refuses UPDATE, DELETE and TRUNCATE on case_events and the checkpoint tables
 *   for every role, the superuser included (ENABLE ALWAYS: `session_replication_role` does
 *   not skip it); only the table owner can disable it, which is what checkpoints detect;
 * - event_log_checkpoints holds each signed checkpoint (the heads of the cases whose log
 *   grew since the previous one, chained to it by digest), event_log_checkpoint_heads the
 *   same heads by case, for the auditor's per-case check;
 * - the role `tramites_app` (NOLOGIN) carries what the apps may do: everything on the
 *   other tables, only SELECT and INSERT on these. Production logs the apps in with a role
 *   that is a member of it (README, production). Roles belong to the cluster, so it is
 *   created once and kept on `down`.
 */
export class AppendOnlyEventLog1700000001000 implements MigrationInterface {
  name = 'AppendOnlyEventLog1700000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE event_log_checkpoints (
        number integer PRIMARY KEY CHECK (number > 0),
        taken_at timestamptz NOT NULL,
        previous_digest char(64) NOT NULL,
        digest char(64) NOT NULL UNIQUE,
        kid text NOT NULL,
        document jsonb NOT NULL
      )`);
    await q.query(`
      CREATE TABLE event_log_checkpoint_heads (
        case_id uuid NOT NULL,
        checkpoint_number integer NOT NULL REFERENCES event_log_checkpoints (number),
        seq integer NOT NULL CHECK (seq > 0),
        hash char(64) NOT NULL,
        PRIMARY KEY (case_id, checkpoint_number)
      )`);
    await q.query(`
      CREATE FUNCTION refuse_audit_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege', HINT = 'the audit record is never changed (ADR 0010)';
      END $$`);
    for (const table of APPEND_ONLY) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION refuse_audit_log_change()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_log_change()`);
      await q.query(`ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${table}_append_only`);
      await q.query(`ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${table}_no_truncate`);
    }
    // Suites migrate their databases in parallel on one cluster: a concurrent CREATE ROLE is not an error.
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tramites_app') THEN
          BEGIN
            CREATE ROLE tramites_app NOLOGIN;
          EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
          END;
        END IF;
      END $$`);
    await q.query(`GRANT USAGE ON SCHEMA public TO tramites_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO tramites_app`);
    await q.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO tramites_app`);
    // Tables that later migrations create (as this same owner) get the ordinary grants too.
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO tramites_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO tramites_app`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${APPEND_ONLY.join(', ')} FROM tramites_app`);
    // The migrations' own bookkeeping is not the apps' to write.
    await q.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations FROM tramites_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM tramites_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM tramites_app`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM tramites_app`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM tramites_app`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM tramites_app`);
    await q.query(`DROP TRIGGER case_events_no_truncate ON case_events`);
    await q.query(`DROP TRIGGER case_events_append_only ON case_events`);
    await q.query(`DROP TABLE event_log_checkpoint_heads, event_log_checkpoints`);
    await q.query(`DROP FUNCTION refuse_audit_log_change()`);
  }
}
