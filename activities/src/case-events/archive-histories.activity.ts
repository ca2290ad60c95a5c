import type { Client } from '@temporalio/client';
import { CREDENTIAL_FINAL_STATUSES, FINAL_STATUSES, WORKFLOW_TYPES, poderWorkflowId } from '@tramites/contracts';
import { fetchWorkflowHistory, historyToJson } from '@tramites/histories';
import { CaseHistoryArchiveRepository, WorkflowHistoryArchiveRepository } from '@tramites/persistence';
import type { DataSource } from 'typeorm';

/** Every status in which a case of any procedure is closed (000-002 and 003/004). */
export const CLOSED_CASE_STATUSES: readonly string[] = [...new Set<string>([...FINAL_STATUSES, ...CREDENTIAL_FINAL_STATUSES])];

/** The archiver's own runs (continued as new, or ended by an operator) are closed workflows too. */
const ARCHIVER_WORKFLOW_TYPE = WORKFLOW_TYPES.historyArchiver;

/**
 * Copies the Temporal histories of every closed workflow into PostgreSQL, so auditors can read
 * and replay them after the namespace's retention deletes them: cases (of all five procedures,
 * whatever their final status) into case_history_archive; poder reviews (one run per review of
 * the same poder id) and the archiver's own runs into workflow_history_archive. Idempotent: what
 * is archived is skipped; a history that is still being written is not taken. `limit` bounds the
 * runs archived in one call, so `archived === limit` means that more may be waiting.
 */
export function makeArchiveClosedHistories(deps: { dataSource: DataSource; temporal: Client }) {
  const runs = new WorkflowHistoryArchiveRepository(deps.dataSource);
  const cases = new CaseHistoryArchiveRepository(deps.dataSource);

  async function closedCases(limit: number): Promise<number> {
    const rows = await cases.unarchivedClosedCases(CLOSED_CASE_STATUSES, limit);
    let archived = 0;
    for (const row of rows) {
      const handle = deps.temporal.workflow.getHandle(row.workflow_id);
      const description = await handle.describe().catch(() => undefined);
      if (!description || description.status.name === 'RUNNING') continue;
      await cases.insert(row.id, historyToJson(await fetchWorkflowHistory(deps.temporal, row.workflow_id)));
      archived += 1;
    }
    return archived;
  }

  /** The closed runs that visibility lists for `query` and that are not archived yet, at most `limit`. */
  async function closedRuns(query: string, limit: number): Promise<number> {
    const found: Array<{ workflowId: string; runId: string; type: string }> = [];
    for await (const run of deps.temporal.workflow.list({ query })) {
      if (run.status.name !== 'RUNNING') found.push({ workflowId: run.workflowId, runId: run.runId, type: run.type });
    }
    const done = await runs.archivedRunIds(found.map((r) => r.runId));
    let archived = 0;
    for (const run of found) {
      if (archived >= limit) break;
      if (done.has(run.runId)) continue;
      const history = historyToJson(await fetchWorkflowHistory(deps.temporal, run.workflowId, run.runId));
      if (await runs.insert({ workflowId: run.workflowId, runId: run.runId, workflowType: run.type, history })) archived += 1;
    }
    return archived;
  }

  const quoted = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

  return async function archiveClosedHistories(input: { limit: number }): Promise<{ archived: number }> {
    let archived = await closedCases(input.limit);
    // The review of a poder runs as its own workflow (a keyed id, or poder:<id> before), once per review of that poder.
    for (const workflowId of await runs.reviewWorkflowIdsWithUnarchivedRuns(poderWorkflowId(''), Math.max(0, input.limit - archived))) {
      if (archived >= input.limit) break;
      archived += await closedRuns(`WorkflowId = ${quoted(workflowId)}`, input.limit - archived);
    }
    if (archived < input.limit) {
      archived += await closedRuns(`WorkflowType = ${quoted(ARCHIVER_WORKFLOW_TYPE)} AND ExecutionStatus != 'Running'`, input.limit - archived);
    }
    return { archived };
  };
}
