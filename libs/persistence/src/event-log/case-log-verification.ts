import { checkEventChain, type ChainCheckContext, type ChainFinding, type ChainProblem, type CheckpointedHead } from './event-chain-check';
import type { EventLogRepository } from './event-log.repository';

/**
 * A case's event log verified (ADR 0010): what the API's auditor routes answer and what the auditor's
 * command line (scripts/audit.ts) prints, from the one check (checkEventChain).
 */
export interface ChainReport {
  caseId: string;
  valid: boolean;
  /** Events present. */
  events: number;
  /** The highest seq the log, the read model, a signed checkpoint or the Temporal history knows of. */
  expectedEvents: number;
  headHash?: string;
  /** The first event concerned by any finding, and that finding's problem. */
  firstBrokenSeq?: number;
  problem?: ChainProblem;
  /** Every seq that is missing, and every seq that was altered, no longer links or was never recorded by the workflow. */
  missingSeqs: number[];
  alteredSeqs: number[];
  findings: Array<ChainFinding & { message: string }>;
  /** The latest signed checkpoint that covers this case. */
  lastCheckpoint?: CheckpointedHead;
  /** Spanish verdict for the auditor. */
  verdict: string;
}

const numbers = (seqs: readonly number[]): string => (seqs.length === 1 ? String(seqs[0]) : `${seqs.slice(0, -1).join(', ')} y ${seqs.at(-1)}`);

/** One Spanish sentence per finding, naming its events. */
export function describeFinding(f: ChainFinding, takenAt?: string): string {
  const one = f.seqs.length === 1;
  switch (f.problem) {
    case 'MISSING':
      return one ? `Falta el evento ${numbers(f.seqs)} (fue borrado del registro)` : `Faltan los eventos ${numbers(f.seqs)} (fueron borrados del registro)`;
    case 'HASH_MISMATCH':
      return `El contenido ${one ? 'del evento' : 'de los eventos'} ${numbers(f.seqs)} no coincide con su hash registrado (fue alterado)`;
    case 'PREV_HASH_MISMATCH':
      return `El evento ${numbers(f.seqs)} no enlaza con el hash del evento anterior`;
    case 'NOT_IN_HISTORY':
      return one
        ? `El evento ${numbers(f.seqs)} no figura en el historial de Temporal del trámite (fue añadido fuera del flujo)`
        : `Los eventos ${numbers(f.seqs)} no figuran en el historial de Temporal del trámite (fueron añadidos fuera del flujo)`;
    case 'CHECKPOINT_MISMATCH':
      return `La cadena hasta el evento ${numbers(f.seqs)} no coincide con la firmada en el punto de control ${f.checkpoint}${takenAt ? ` (${takenAt})` : ''}: algún evento hasta el ${numbers(f.seqs)} fue reescrito`;
  }
}

/**
 * The case's chain checked event by event, against the read model's last seq, every head a signed
 * checkpoint recorded and, when given, what the case's Temporal history (or its archive) recorded
 * (libs/histories historyWitness): what is missing and what was altered, by seq. Reads only.
 */
export async function verifyCaseLog(eventLog: EventLogRepository, caseId: string, history?: ChainCheckContext['history']): Promise<ChainReport> {
  const [rows, recordedLastSeq, checkpointedHeads] = await Promise.all([
    eventLog.events(caseId),
    eventLog.recordedLastSeq(caseId),
    eventLog.checkpointedHeads(caseId),
  ]);
  const check = checkEventChain(rows, { recordedLastSeq, checkpointedHeads, ...(history ? { history } : {}) });
  const takenAt = new Map(checkpointedHeads.map((h) => [h.checkpoint, h.takenAt]));
  const findings = check.findings.map((f) => ({ ...f, message: describeFinding(f, f.checkpoint ? takenAt.get(f.checkpoint) : undefined) }));
  const first = findings[0];
  const anchored = check.lastCheckpoint
    ? ` Coincide con el punto de control firmado ${check.lastCheckpoint.checkpoint} (${check.lastCheckpoint.takenAt}, hasta el evento ${check.lastCheckpoint.seq}).`
    : ' Aún no hay un punto de control firmado que lo cubra.';
  const verdict = check.valid
    ? `La cadena de eventos está íntegra (${check.events} eventos).${anchored}`
    : `La cadena de eventos no está íntegra: ${findings.map((f) => f.message).join('; ')}.`;
  return {
    caseId,
    valid: check.valid,
    events: check.events,
    expectedEvents: check.expectedEvents,
    ...(check.headHash ? { headHash: check.headHash } : {}),
    ...(first ? { firstBrokenSeq: first.seqs[0], problem: first.problem } : {}),
    missingSeqs: check.findings.filter((f) => f.problem === 'MISSING').flatMap((f) => f.seqs),
    alteredSeqs: [...new Set(check.findings.filter((f) => f.problem !== 'MISSING').flatMap((f) => f.seqs))].sort((a, b) => a - b),
    findings,
    ...(check.lastCheckpoint ? { lastCheckpoint: check.lastCheckpoint } : {}),
    verdict,
  };
}
