import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appendOnlyTriggers } from './append-only-triggers';

/**
 * ADR 0014, start assertions used once: the first run of a workflow id that passes its start
 * check claims the id here (its first run id, so a continue-as-new, a retry or a reset of that
 * run keeps it); a later run under the same id (a start replayed from a copied history after the
 * workflow closed) finds the claim taken and is refused. Append-only like the audit records
 * (migration 1700000001000). No personal data: workflow and run ids only.
 */
export class WorkflowStartClaims1700000001960 implements MigrationInterface {
  name = 'WorkflowStartClaims1700000001960';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE workflow_start_claims (
        workflow_id text PRIMARY KEY,
        first_run_id text NOT NULL,
        claimed_at timestamptz NOT NULL DEFAULT now()
      )`);
    for (const statement of appendOnlyTriggers('workflow_start_claims')) await q.query(statement);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON workflow_start_claims FROM tramites_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE workflow_start_claims`);
  }
}
