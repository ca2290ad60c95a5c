import { WorkflowNotFoundError, isGrpcServiceError, type Client, type WorkflowHandle } from '@temporalio/client';
// The SDK's proto3 JSON conversion is only published under lib/: this file is its one importer.
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';

/** A workflow's history as the Temporal client returns it. */
export type History = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;

/** Proto3 JSON text, the format of the Temporal CLI and Web UI exports (and of test/histories, the archive tables). */
export function historyToJson(history: History): string {
  return historyToJSON(history);
}

/** A history from proto3 JSON, as text or already parsed. */
export function historyFromJson(json: unknown): History {
  return historyFromJSON(typeof json === 'string' ? JSON.parse(json) : json);
}

/** A deep copy (through proto3 JSON). */
export function cloneHistory(history: History): History {
  return historyFromJson(historyToJson(history));
}

/** Why Temporal did not give a history: the words each caller turns into its own message. */
export type HistoryFetchFailure = 'workflow_not_found' | 'namespace_not_found' | 'temporal_unavailable';

const GRPC = { notFound: 5, deadlineExceeded: 4, unavailable: 14 } as const;

/** The kind of a failed fetch, or undefined for any other error. */
export function historyFetchFailure(err: unknown): HistoryFetchFailure | undefined {
  if (err instanceof WorkflowNotFoundError) return 'workflow_not_found';
  if (!isGrpcServiceError(err)) return undefined;
  if (err.code === GRPC.notFound) return /namespace/i.test(err.details ?? err.message) ? 'namespace_not_found' : 'workflow_not_found';
  if (err.code === GRPC.deadlineExceeded || err.code === GRPC.unavailable) return 'temporal_unavailable';
  return undefined;
}

/** The full history of a run (the latest when `runId` is omitted); the SDK's error when Temporal has none. */
export function fetchWorkflowHistory(client: Client, workflowId: string, runId?: string): Promise<History> {
  return client.workflow.getHandle(workflowId, runId).fetchHistory();
}

/**
 * The history Temporal still holds, or undefined when it has none any more (deleted after the
 * namespace's retention, or never there): then the archived copy is the record.
 */
export async function fetchRetainedHistory(client: Client, workflowId: string): Promise<History | undefined> {
  try {
    const history = await fetchWorkflowHistory(client, workflowId);
    return history.events?.length ? history : undefined;
  } catch (err) {
    const failure = historyFetchFailure(err);
    if (failure === 'workflow_not_found' || failure === 'namespace_not_found') return undefined;
    throw err;
  }
}
