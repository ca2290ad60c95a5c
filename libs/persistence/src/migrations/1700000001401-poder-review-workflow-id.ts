import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The workflow id of each poder review (ADR 0014): new reviews run under a keyed hash of the
 * poder's identity, not its numbers, so the API and the archiver read the id from here. NULL
 * for the reviews recorded before: they ran as `poder:<poderId>`.
 */
export class PoderReviewWorkflowId1700000001401 implements MigrationInterface {
  name = 'PoderReviewWorkflowId1700000001401';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE poder_reviews ADD COLUMN workflow_id text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE poder_reviews DROP COLUMN workflow_id`);
  }
}
