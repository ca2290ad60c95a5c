import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One writer per table (ADR 0019): the worker writes the links it e-mails and closes them
 * (credential_links), the API records a link's use in the transaction that stores the
 * password (credential_link_uses). The uses recorded before move over.
 */
export class CredentialLinkUses1700000001550 implements MigrationInterface {
  name = 'CredentialLinkUses1700000001550';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE credential_link_uses (
        link_id uuid PRIMARY KEY REFERENCES credential_links (id),
        used_at timestamptz NOT NULL,
        used_by text
      )`);
    await q.query(`INSERT INTO credential_link_uses (link_id, used_at, used_by) SELECT id, used_at, used_by FROM credential_links WHERE used_at IS NOT NULL`);
    await q.query(`ALTER TABLE credential_links DROP COLUMN used_at, DROP COLUMN used_by`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE credential_links ADD COLUMN used_at timestamptz, ADD COLUMN used_by text`);
    await q.query(`UPDATE credential_links l SET used_at = u.used_at, used_by = u.used_by FROM credential_link_uses u WHERE u.link_id = l.id`);
    await q.query(`DROP TABLE credential_link_uses`);
  }
}
