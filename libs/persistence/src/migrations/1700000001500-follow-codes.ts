import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Follow my case (ADR 0017): one row per request of a one-time code. Only the code's keyed
 * hash is kept, never the code, the reference or the identity number typed; `case_id` is NULL
 * when they matched no case (the answer is the same, and so is the row).
 */
export class FollowCodes1700000001500 implements MigrationInterface {
  name = 'FollowCodes1700000001500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE follow_codes (
        id uuid PRIMARY KEY,
        case_id uuid,
        code_hash char(64) NOT NULL,
        attempts_left integer NOT NULL,
        emailed boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        CONSTRAINT follow_codes_attempts_ck CHECK (attempts_left >= 0)
      )`);
    await q.query(`CREATE INDEX follow_codes_case_idx ON follow_codes (case_id, created_at) WHERE case_id IS NOT NULL`);
    await q.query(`CREATE INDEX follow_codes_expires_idx ON follow_codes (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE follow_codes`);
  }
}
