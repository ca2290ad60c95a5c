import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who the officers are, by name (ADR 0022, amended): `officer_directory` keeps, per subject of the
 * identity provider, the display name, role, agency and province its claims carried at the
 * officer's last sign-in, so that every page names a holder or an actor instead of showing an id.
 * The embedded provider's accounts gain the role `supervisor` (agency-scoped: claims of the
 * agency's cases are reassigned and released by one).
 */
export class OfficerDirectory1700000002200 implements MigrationInterface {
  name = 'OfficerDirectory1700000002200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE officer_directory (
        officer_id text PRIMARY KEY,
        name text NOT NULL,
        role text NOT NULL,
        agency_id text,
        province text,
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX officer_directory_agency_idx ON officer_directory (agency_id, role, name)`);
    await q.query(`ALTER TABLE dev_officers DROP CONSTRAINT dev_officers_role_check`);
    await q.query(
      `ALTER TABLE dev_officers ADD CONSTRAINT dev_officers_role_check CHECK (role IN ('case_manager', 'legal_unit', 'auditor', 'admin', 'supervisor'))`,
    );
    await q.query(`ALTER TABLE dev_officers ADD CONSTRAINT dev_officers_supervisor_agency_check CHECK (role <> 'supervisor' OR agency_id IS NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dev_officers DROP CONSTRAINT dev_officers_supervisor_agency_check`);
    await q.query(`DELETE FROM dev_officers WHERE role = 'supervisor'`);
    await q.query(`ALTER TABLE dev_officers DROP CONSTRAINT dev_officers_role_check`);
    await q.query(`ALTER TABLE dev_officers ADD CONSTRAINT dev_officers_role_check CHECK (role IN ('case_manager', 'legal_unit', 'auditor', 'admin'))`);
    await q.query(`DROP TABLE officer_directory`);
  }
}
