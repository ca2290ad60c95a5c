import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Copies of the closed histories of the workflows that are not cases (poder reviews, the
 * archiver's own runs), one row per run: a poder's workflow id is reused by later reviews.
 */
export class WorkflowHistoryArchive1700000001200 implements MigrationInterface {
  name = 'WorkflowHistoryArchive1700000001200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS workflow_history_archive (
        workflow_id text NOT NULL,
        run_id text NOT NULL,
        workflow_type text NOT NULL,
        history jsonb NOT NULL,
        archived_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workflow_id, run_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE workflow_history_archive`);
  }
}
