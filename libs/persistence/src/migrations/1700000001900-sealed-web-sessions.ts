import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The web pages' sessions at rest (ADR 0021): the web seals each session's data (AES-256-GCM,
 * a key derived from WEB_SESSION_STORE_KEY, the kind and id bound) before the API's store sees
 * it, so `web_sessions` holds only ciphertext and deadlines. The plain `data` column goes, with
 * the sessions it held (booking answers, case tokens, officers' tokens): everyone signs in or
 * starts again once.
 */
export class SealedWebSessions1700000001900 implements MigrationInterface {
  name = 'SealedWebSessions1700000001900';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM web_sessions`);
    await q.query(`ALTER TABLE web_sessions DROP COLUMN data`);
    await q.query(`ALTER TABLE web_sessions ADD COLUMN sealed text NOT NULL CONSTRAINT web_sessions_sealed CHECK (sealed ~ '^v1\\.[A-Za-z0-9_-]+$')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM web_sessions`);
    await q.query(`ALTER TABLE web_sessions DROP COLUMN sealed`);
    await q.query(`ALTER TABLE web_sessions ADD COLUMN data jsonb NOT NULL DEFAULT '{}'::jsonb`);
  }
}
