import { SqlRepository } from '../sql/sql-repository';

/**
 * The archived Temporal histories of closed cases (table case_history_archive): written by the
 * worker's archiver, read by the API's audit routes once Temporal's retention deleted the original.
 */
export class CaseHistoryArchiveRepository extends SqlRepository {
  /** Closed cases (status in `closedStatuses`) whose history is not archived yet, the longest-closed first. */
  unarchivedClosedCases(closedStatuses: readonly string[], limit: number): Promise<Array<{ id: string; workflow_id: string }>> {
    return this.db.query(
      `SELECT c.id, c.workflow_id FROM cases c
         LEFT JOIN case_history_archive a ON a.case_id = c.id
        WHERE a.case_id IS NULL AND c.status = ANY($1) AND c.workflow_id LIKE 'case:%'
        ORDER BY c.updated_at LIMIT $2`,
      [closedStatuses, limit],
    );
  }

  /** Idempotent: a case already archived keeps its copy. `history` is proto3 JSON text. */
  async insert(caseId: string, history: string): Promise<void> {
    await this.db.query(`INSERT INTO case_history_archive (case_id, history) VALUES ($1, $2::jsonb) ON CONFLICT (case_id) DO NOTHING`, [caseId, history]);
  }

  /** The archived history of a case as stored (proto3 JSON), or undefined. */
  async find(caseId: string): Promise<unknown> {
    // The archive table comes with its own migration; until it exists there is nothing archived.
    const [table] = (await this.db.query(`SELECT to_regclass('case_history_archive') IS NOT NULL AS present`)) as Array<{ present: boolean }>;
    if (!table?.present) return undefined;
    const rows: Array<{ history: unknown }> = await this.db.query('SELECT history FROM case_history_archive WHERE case_id = $1', [caseId]);
    const stored = rows[0]?.history;
    return typeof stored === 'string' ? (JSON.parse(stored) as unknown) : (stored ?? undefined);
  }
}
