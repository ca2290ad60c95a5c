import path from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client, WorkflowNotFoundError, isGrpcServiceError, type WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { caseWorkflowId, type CaseView } from '@tramites/contracts';
import { AesGcmPayloadCodec, decryptHistoryPayloads, encryptedPayloadKeyIds, temporalDataConverter, workflowBundleOptions } from '@tramites/infra';
import { DataSource } from 'typeorm';
import { ApiError } from '../errors/api-error';

type History = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;

export type HistorySource = 'temporal' | 'archive';
export type WorkflowOutcome = 'running' | 'completed' | 'failed' | 'terminated' | 'canceled' | 'timed_out' | 'continued_as_new';

export interface CaseHistory {
  source: HistorySource;
  history: History;
}

export interface ReplayReport {
  caseId: string;
  replaysCleanly: boolean;
  /** The replay's failure (non-determinism, workflow task failure), as the Temporal SDK words it. */
  error?: string;
  /** Spanish verdict for the auditor. */
  verdict: string;
  historySource: HistorySource;
  historyEvents: number;
  workflowOutcome: WorkflowOutcome;
  /**
   * Where the final state comes from: the workflow's own result in the history (closed
   * case), or the last event of the PostgreSQL log (a case still running has no result).
   */
  stateSource: 'workflow_result' | 'event_log';
  status: string | null;
  /** The full CaseView the replayed workflow returned (closed cases only). */
  reconstructedState?: CaseView;
}

const NOT_FOUND_GRPC = 5;
const WORKFLOWS_ENTRY = path.resolve(__dirname, '../../../../workflows/src/index.ts');
const ignore = (): void => undefined;

/**
 * The raw Temporal history of a case (or its archived copy once Temporal has deleted it)
 * and its replay against the workflow code this API ships with.
 */
@Injectable()
export class CaseHistoryService {
  private readonly logger = new Logger('CaseHistoryService');
  private bundle?: Promise<WorkflowBundleWithSourceMap | { codePath: string }>;

  constructor(
    @Inject(Client) private readonly temporal: Client,
    private readonly db: DataSource,
    @Inject(AesGcmPayloadCodec) private readonly codec: AesGcmPayloadCodec,
  ) {}

  async history(caseId: string): Promise<CaseHistory> {
    try {
      const history = await this.temporal.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
      if (history.events?.length) return { source: 'temporal', history };
    } catch (err) {
      const gone = err instanceof WorkflowNotFoundError || (isGrpcServiceError(err) && err.code === NOT_FOUND_GRPC);
      if (!gone) throw err;
    }
    const archived = await this.archived(caseId);
    if (!archived) {
      throw new ApiError('HISTORY.NOT_FOUND', 'Temporal ya no conserva el historial de este trámite y no existe una copia archivada.', undefined, 404);
    }
    return { source: 'archive', history: archived };
  }

  /** Proto3 JSON, the format of the Temporal CLI and Web UI exports. */
  toJson(history: History): string {
    return historyToJSON(history);
  }

  /**
   * What an export holds (ADR 0014): `encrypted` (as Temporal stores it, with the key ids),
   * `plain` (recorded before the codec: personal data in clear) or, on request, `decrypted`.
   */
  async forExport(history: History, decrypt: boolean): Promise<{ history: History; payloads: string }> {
    const keys = encryptedPayloadKeyIds(history);
    if (!keys.length) return { history, payloads: 'plain' };
    if (!decrypt) return { history, payloads: `encrypted; keys=${keys.join(',')}` };
    return { history: await decryptHistoryPayloads(history, this.codec, (h) => historyFromJSON(JSON.parse(historyToJSON(h)))), payloads: 'decrypted' };
  }

  async replay(caseId: string): Promise<ReplayReport> {
    const { source, history } = await this.history(caseId);
    const workflowBundle = await this.workflowBundle();
    const { Worker } = await import('@temporalio/worker');
    let error: string | undefined;
    try {
      await Worker.runReplayHistory(
        { workflowBundle, replayName: 'audit-replay', dataConverter: temporalDataConverter(this.codec) },
        history,
        caseWorkflowId(caseId),
      );
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    const outcome = outcomeOf(history);
    const result = error ? undefined : await workflowResult(history, this.codec);
    const status = result?.status ?? (await this.lastLoggedStatus(caseId));
    return {
      caseId,
      replaysCleanly: !error,
      ...(error ? { error } : {}),
      verdict: error
        ? 'El historial NO se reproduce con el código actual de los flujos: hay una diferencia de determinismo o un fallo al reproducirlo.'
        : 'El historial se reproduce sin diferencias con el código actual de los flujos.',
      historySource: source,
      historyEvents: history.events?.length ?? 0,
      workflowOutcome: outcome,
      stateSource: result ? 'workflow_result' : 'event_log',
      status,
      ...(result ? { reconstructedState: result } : {}),
    };
  }

  private async archived(caseId: string): Promise<History | undefined> {
    // The archive table comes with its own migration; until it exists there is nothing archived.
    const [table] = (await this.db.query(`SELECT to_regclass('case_history_archive') IS NOT NULL AS present`)) as Array<{ present: boolean }>;
    if (!table?.present) return undefined;
    const rows: Array<{ history: unknown }> = await this.db.query('SELECT history FROM case_history_archive WHERE case_id = $1', [caseId]);
    const stored = rows[0]?.history;
    return stored ? historyFromJSON(typeof stored === 'string' ? JSON.parse(stored) : stored) : undefined;
  }

  private async lastLoggedStatus(caseId: string): Promise<string | null> {
    const rows: Array<{ status: string | null }> = await this.db.query(
      `SELECT data->>'status' AS status FROM case_events WHERE case_id = $1 ORDER BY seq DESC LIMIT 1`,
      [caseId],
    );
    return rows[0]?.status ?? null;
  }

  /**
   * The workflow code, bundled once per process (a few seconds, on the first replay): the
   * prebuilt bundle when WORKFLOW_BUNDLE_PATH is set, as for the worker, else the sources.
   */
  private workflowBundle(): Promise<WorkflowBundleWithSourceMap | { codePath: string }> {
    if (this.bundle) return this.bundle;
    const prebuilt = process.env['WORKFLOW_BUNDLE_PATH'];
    const building: Promise<WorkflowBundleWithSourceMap | { codePath: string }> = prebuilt
      ? Promise.resolve({ codePath: prebuilt })
      : import('@temporalio/worker').then(({ bundleWorkflowCode }) =>
          bundleWorkflowCode({
            // The sources the worker bundles (workflows/src/index.ts). The API may not import
            // the workflow package (Nx boundaries), so it points at the file, as a replayer must.
            ...workflowBundleOptions(WORKFLOWS_ENTRY),
            logger: { trace: ignore, debug: ignore, info: ignore, log: ignore, warn: ignore, error: (m) => this.logger.error(m) },
          }),
        );
    // A failed build is not cached: the next replay tries again.
    building.catch(() => {
      if (this.bundle === building) this.bundle = undefined;
    });
    this.bundle = building;
    return this.bundle;
  }
}

function outcomeOf(history: History): WorkflowOutcome {
  const last = history.events?.at(-1);
  if (!last) return 'running';
  if (last.workflowExecutionCompletedEventAttributes) return 'completed';
  if (last.workflowExecutionFailedEventAttributes) return 'failed';
  if (last.workflowExecutionTerminatedEventAttributes) return 'terminated';
  if (last.workflowExecutionCanceledEventAttributes) return 'canceled';
  if (last.workflowExecutionTimedOutEventAttributes) return 'timed_out';
  if (last.workflowExecutionContinuedAsNewEventAttributes) return 'continued_as_new';
  return 'running';
}

/** The CaseView a completed case workflow returned, decrypted by the codec and decoded with the default payload converter. */
async function workflowResult(history: History, codec: AesGcmPayloadCodec): Promise<CaseView | undefined> {
  const payload = history.events?.at(-1)?.workflowExecutionCompletedEventAttributes?.result?.payloads?.[0];
  if (!payload) return undefined;
  try {
    const [plain] = await codec.decode([payload]);
    return plain ? defaultPayloadConverter.fromPayload<CaseView>(plain) : undefined;
  } catch {
    return undefined;
  }
}
