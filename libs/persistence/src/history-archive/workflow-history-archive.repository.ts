import type { DataSource } from 'typeorm';

/** The archive of closed runs of the workflows that are not cases (table workflow_history_archive). */
export class WorkflowHistoryArchiveRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Poderes with more decided reviews (one run each) than archived runs of `poder:<id>`,
   * the longest-decided first.
   */
  async poderIdsWithUnarchivedReviews(workflowIdPrefix: string, limit: number): Promise<string[]> {
    const rows: Array<{ poder_id: string }> = await this.db.query(
      `SELECT r.poder_id FROM poder_reviews r
        WHERE r.status <> 'pending'
        GROUP BY r.poder_id
       HAVING count(*) > (SELECT count(*) FROM workflow_history_archive a WHERE a.workflow_id = $1 || r.poder_id)
        ORDER BY max(r.decided_at) LIMIT $2`,
      [workflowIdPrefix, limit],
    );
    return rows.map((r) => r.poder_id);
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
