import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { FINAL_STATUSES } from '@tramites/contracts';
import type { DataSource } from 'typeorm';

/**
 * Copies the Temporal histories of closed cases into case_history_archive, so auditors can
 * read and replay them after the namespace's retention deletes them. Idempotent: a case
 * already archived is skipped; a history that is still being written is not taken.
 */
export function makeArchiveClosedHistories(deps: { dataSource: DataSource; temporal: Client }) {
  return async function archiveClosedHistories(input: { limit: number }): Promise<{ archived: number }> {
    const rows: Array<{ id: string; workflow_id: string }> = await deps.dataSource.query(
      `SELECT c.id, c.workflow_id FROM cases c
         LEFT JOIN case_history_archive a ON a.case_id = c.id
        WHERE a.case_id IS NULL AND c.status = ANY($1) AND c.workflow_id LIKE 'case:%'
        ORDER BY c.updated_at LIMIT $2`,
      [FINAL_STATUSES, input.limit],
    );
    let archived = 0;
    for (const row of rows) {
      const handle = deps.temporal.workflow.getHandle(row.workflow_id);
      const description = await handle.describe().catch(() => undefined);
      if (!description || description.status.name === 'RUNNING') continue;
      const history = await handle.fetchHistory();
      await deps.dataSource.query(
        `INSERT INTO case_history_archive (case_id, history) VALUES ($1, $2::jsonb) ON CONFLICT (case_id) DO NOTHING`,
        [row.id, historyToJSON(history)],
      );
      archived += 1;
    }
    return { archived };
  };
}
