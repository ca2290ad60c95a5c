import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every use of the codec server (ADR 0014): who decrypted (or encrypted) Temporal payloads,
 * in which namespace, for which workflow when the caller names it (the Web UI does not), how
 * many payloads and under which keys.
 */
export class CodecAccessLog1700000001400 implements MigrationInterface {
  name = 'CodecAccessLog1700000001400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE codec_access_log (
        id bigserial PRIMARY KEY,
        actor_id text NOT NULL,
        actor_role text NOT NULL,
        action text NOT NULL CHECK (action IN ('decode', 'encode')),
        namespace text NOT NULL,
        workflow_id text,
        payloads integer NOT NULL,
        key_ids text[] NOT NULL DEFAULT '{}',
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX codec_access_log_actor_idx ON codec_access_log (actor_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE codec_access_log`);
  }
}
