import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An officer's read of a person's portal credential (name and birth date from the registry) is logged
 * whether or not the person has a case waiting: officer_access_log gains the event
 * `read_credential_status`, its path naming the credential read (the identity number, as in the API's route).
 */
export class OfficerPersonReads1700000003450 implements MigrationInterface {
  name = 'OfficerPersonReads1700000003450';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE officer_access_log DROP CONSTRAINT officer_access_log_event_check`);
    await q.query(
      `ALTER TABLE officer_access_log ADD CONSTRAINT officer_access_log_event_check
         CHECK (event IN ('sign_in', 'sign_in_failed', 'sign_out', 'reauthenticated', 'access_refused', 'read_credential_status'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM officer_access_log WHERE event = 'read_credential_status'`);
    await q.query(`ALTER TABLE officer_access_log DROP CONSTRAINT officer_access_log_event_check`);
    await q.query(
      `ALTER TABLE officer_access_log ADD CONSTRAINT officer_access_log_event_check
         CHECK (event IN ('sign_in', 'sign_in_failed', 'sign_out', 'reauthenticated', 'access_refused'))`,
    );
  }
}
