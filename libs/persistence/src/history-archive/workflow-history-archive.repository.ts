import { SqlRepository } from '../sql/sql-repository';

/** The archive of closed runs of the workflows that are not cases (table workflow_history_archive). */
export class WorkflowHistoryArchiveRepository extends SqlRepository {
  /**
   * Workflow ids of poder reviews with more decided reviews (one run each) than archived runs,
   * the longest-decided first. A review's id is in poder_reviews.workflow_id (ADR 0014: a keyed
   * hash); the reviews recorded before it ran as `<workflowIdPrefix><poder_id>`.
   */
  async reviewWorkflowIdsWithUnarchivedRuns(workflowIdPrefix: string, limit: number): Promise<string[]> {
    const rows: Array<{ wid: string }> = await this.db.query(
      `SELECT r.wid FROM (SELECT COALESCE(workflow_id, $1 || poder_id) AS wid, decided_at FROM poder_reviews WHERE status <> 'pending') r
        GROUP BY r.wid
       HAVING count(*) > (SELECT count(*) FROM workflow_history_archive a WHERE a.workflow_id = r.wid)
        ORDER BY max(r.decided_at) LIMIT $2`,
      [workflowIdPrefix, limit],
    );
    return rows.map((r) => r.wid);
  }

  /** Run ids already archived among `runIds`. */
  async archivedRunIds(runIds: readonly string[]): Promise<Set<string>> {
    if (runIds.length === 0) return new Set();
    const rows: Array<{ run_id: string }> = await this.db.query('SELECT run_id FROM workflow_history_archive WHERE run_id = ANY($1)', [runIds]);
    return new Set(rows.map((r) => r.run_id));
  }

  /** Idempotent: a run already archived is left as it is. */
  async insert(row: { workflowId: string; runId: string; workflowType: string; history: string }): Promise<boolean> {
    const inserted: unknown[] = await this.db.query(
      `INSERT INTO workflow_history_archive (workflow_id, run_id, workflow_type, history) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (workflow_id, run_id) DO NOTHING RETURNING run_id`,
      [row.workflowId, row.runId, row.workflowType, row.history],
    );
    return inserted.length > 0;
  }
}
