import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Copies of closed cases' Temporal histories (proto3 JSON), replayable after the namespace retention. */
export class HistoryArchive1700000000700 implements MigrationInterface {
  name = 'HistoryArchive1700000000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS case_history_archive (
        case_id uuid PRIMARY KEY,
        history jsonb NOT NULL,
        archived_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_history_archive`);
  }
}
