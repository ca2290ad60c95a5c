import { SqlRepository } from '../sql/sql-repository';

/** The workflow ids whose start was checked, each claimed by its first run (workflow_start_claims, ADR 0014). */
export class WorkflowStartClaimsRepository extends SqlRepository {
  /**
   * Claims `workflowId` for the run chain that began with `firstRunId`; true when the claim is
   * this chain's (new, or taken by this chain before: a retried check), false when another run
   * of the same id took it first.
   */
  async claim(workflowId: string, firstRunId: string): Promise<boolean> {
    await this.query(
      `INSERT INTO workflow_start_claims (workflow_id, first_run_id) VALUES ($1, $2)
       ON CONFLICT (workflow_id) DO NOTHING`,
      [workflowId, firstRunId],
    );
    const [row] = await this.query<{ first_run_id: string }>('SELECT first_run_id FROM workflow_start_claims WHERE workflow_id = $1', [workflowId]);
    return row?.first_run_id === firstRunId;
  }
}
