import { Inject, Injectable, Logger } from '@nestjs/common';
import { caseWorkflowId, type CaseView } from '@tramites/contracts';
import {
  WORKFLOW_SOURCES,
  historyWitness,
  historyForExport,
  historyFromJson,
  historyToJson,
  lazyWorkflowBundle,
  replayHistory,
  workflowOutcome,
  workflowResult,
  type History,
  type WorkflowOutcome,
} from '@tramites/histories';
import { AesGcmPayloadCodec, temporalDataConverter } from '@tramites/infra';
import { AuditLogRepository, CaseHistoryArchiveRepository } from '@tramites/persistence';
import { ApiError } from '../errors/api-error';
import { TemporalGateway } from '../temporal/temporal-gateway';
import { CaseLogService, type ChainReport } from './case-log.service';

export type { WorkflowOutcome };
export type HistorySource = 'temporal' | 'archive';

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
  /**
   * The event log (PostgreSQL) against the history: every event the workflow recorded has its row
   * (a closed run: and no other), the chain holds, and it matches the heads signed by checkpoints.
   * replaysCleanly is false when it does not.
   */
  eventLog: { rows: number; recordedInHistory: number; matches: boolean; missingSeqs: number[]; alteredSeqs: number[]; findings: ChainReport['findings'] };
}

/**
 * The raw Temporal history of a case (or its archived copy once Temporal has deleted it)
 * and its replay against the workflow code this API ships with.
 */
@Injectable()
export class CaseHistoryService {
  private readonly logger = new Logger('CaseHistoryService');
  /** The workflow code this API ships with, bundled on the first replay (WORKFLOW_BUNDLE_PATH: the prebuilt one). */
  private readonly workflowBundle = lazyWorkflowBundle({
    prebuiltPath: process.env['WORKFLOW_BUNDLE_PATH'] || undefined,
    workflowsPath: WORKFLOW_SOURCES,
    onError: (m) => this.logger.error(m),
  });

  constructor(
    private readonly temporal: TemporalGateway,
    private readonly archive: CaseHistoryArchiveRepository,
    private readonly auditLog: AuditLogRepository,
    @Inject(AesGcmPayloadCodec) private readonly codec: AesGcmPayloadCodec,
    private readonly caseLog: CaseLogService,
  ) {}

  async history(caseId: string): Promise<CaseHistory> {
    const retained = await this.temporal.retainedHistory(caseWorkflowId(caseId));
    if (retained) return { source: 'temporal', history: retained };
    const archived = await this.archive.find(caseId);
    if (!archived) {
      throw new ApiError('HISTORY.NOT_FOUND', 'Temporal ya no conserva el historial de este trámite y no existe una copia archivada.', undefined, 404);
    }
    return { source: 'archive', history: historyFromJson(archived) };
  }

  /** Proto3 JSON, the format of the Temporal CLI and Web UI exports. */
  toJson(history: History): string {
    return historyToJson(history);
  }

  /**
   * What an export holds (ADR 0014): `encrypted` (as Temporal stores it, with the key ids),
   * `plain` (recorded before the codec: personal data in clear) or, on request, `decrypted`.
   */
  forExport(history: History, decrypt: boolean): Promise<{ history: History; payloads: string }> {
    return historyForExport(history, this.codec, decrypt);
  }

  async replay(caseId: string): Promise<ReplayReport> {
    const { source, history } = await this.history(caseId);
    const workflowBundle = await this.workflowBundle();
    const error = await replayHistory(
      { workflowBundle, replayName: 'audit-replay', dataConverter: temporalDataConverter(this.codec) },
      history,
      caseWorkflowId(caseId),
    );
    const outcome = workflowOutcome(history);
    // The history witnesses the log: what the workflow recorded must be there, row by row (ADR 0010).
    const witness = historyWitness(history);
    const recordedInHistory = witness.events;
    const chain = await this.caseLog.verify(caseId, witness);
    // A result the codec cannot open (a retired key) leaves the event log as the source of the state.
    const result = error ? undefined : await workflowResult<CaseView>(history, this.codec).catch(() => undefined);
    const status = result?.status ?? (await this.auditLog.lastLoggedStatus(caseId));
    return {
      caseId,
      replaysCleanly: !error && chain.valid,
      ...(error ? { error } : {}),
      verdict: error
        ? 'El historial NO se reproduce con el código actual de los flujos: hay una diferencia de determinismo o un fallo al reproducirlo.'
        : chain.valid
          ? `El historial se reproduce sin diferencias con el código actual de los flujos, y el registro de eventos coincide con él (${recordedInHistory} eventos registrados por el flujo).`
          : `El historial se reproduce con el código actual de los flujos, pero el registro de eventos NO coincide con él: ${chain.findings.map((f) => f.message).join('; ')}.`,
      historySource: source,
      historyEvents: history.events?.length ?? 0,
      workflowOutcome: outcome,
      stateSource: result ? 'workflow_result' : 'event_log',
      status,
      ...(result ? { reconstructedState: result } : {}),
      eventLog: {
        rows: chain.events,
        recordedInHistory,
        matches: chain.valid,
        missingSeqs: chain.missingSeqs,
        alteredSeqs: chain.alteredSeqs,
        findings: chain.findings,
      },
    };
  }
}
