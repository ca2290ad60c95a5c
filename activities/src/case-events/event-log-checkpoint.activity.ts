import type { Client } from '@temporalio/client';
import { log } from '@temporalio/activity';
import { caseWorkflowId, type EventLogCheckpointOutcome } from '@tramites/contracts';
import { caseEventsRecorded, fetchRetainedHistory } from '@tramites/histories';
import { EventLogRepository, type CheckpointWitness } from '@tramites/persistence';
import type { DataSource } from 'typeorm';
import type { SigningKey } from '@tramites/signing';

const REFUSED = 'event log does not extend its signed chain, or lacks events its workflow recorded';

/**
 * The case's workflow as the witness of its log: how many events its Temporal history recorded
 * (undefined when Temporal holds no history of it). A failure to ask Temporal fails the activity,
 * which retries: a checkpoint is not signed without its witness.
 */
export function temporalWitness(temporal: Client): CheckpointWitness {
  return async (caseId) => {
    const history = await fetchRetainedHistory(temporal, caseWorkflowId(caseId));
    return history ? caseEventsRecorded(history) : undefined;
  };
}

/**
 * Signs a checkpoint of the event log with the documents' key (ADR 0010). Idempotent by
 * construction: a retry after the commit finds nothing new to sign and takes none. With a Temporal
 * client (the worker's), each case is checked against its workflow's history before it is signed.
 */
export function makeTakeEventLogCheckpoint(deps: { dataSource: DataSource; signingKey: SigningKey; temporal?: Client }) {
  const repository = new EventLogRepository(deps.dataSource);
  const witness = deps.temporal ? temporalWitness(deps.temporal) : undefined;
  return async function takeEventLogCheckpoint(): Promise<EventLogCheckpointOutcome> {
    const { checkpoint, refused } = await repository.takeCheckpoint(deps.signingKey, new Date(), witness);
    // A refused case is evidence of tampering: it stays out of every checkpoint, is recorded, and is logged each round.
    for (const r of refused) {
      const meta = { caseId: r.caseId, seqs: r.seqs, problem: r.problem };
      try {
        log.error(REFUSED, meta);
      } catch {
        // Called outside an activity (a script or a test): the log still gets it.
        process.stderr.write(`${JSON.stringify({ level: 'error', msg: REFUSED, ...meta })}\n`);
      }
    }
    return { checkpoint: checkpoint?.payload.number ?? null, heads: checkpoint?.payload.heads.length ?? 0, refused };
  };
}
