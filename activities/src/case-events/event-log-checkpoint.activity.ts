import { log } from '@temporalio/activity';
import type { EventLogCheckpointOutcome } from '@tramites/contracts';
import { EventLogRepository } from '@tramites/persistence';
import type { DataSource } from 'typeorm';
import type { SigningKey } from '@tramites/signing';

/**
 * Signs a checkpoint of the event log with the documents' key (ADR 0010). Idempotent by
 * construction: a retry after the commit finds nothing new to sign and takes none.
 */
export function makeTakeEventLogCheckpoint(deps: { dataSource: DataSource; signingKey: SigningKey }) {
  const repository = new EventLogRepository(deps.dataSource);
  return async function takeEventLogCheckpoint(): Promise<EventLogCheckpointOutcome> {
    const { checkpoint, refused } = await repository.takeCheckpoint(deps.signingKey);
    // A refused case is evidence of tampering: it stays out of every checkpoint and is logged each round.
    for (const r of refused) {
      const meta = { caseId: r.caseId, seqs: r.seqs, problem: r.problem };
      try {
        log.error('event log does not extend its signed chain', meta);
      } catch {
        // Called outside an activity (a script or a test): the log still gets it.
        process.stderr.write(`${JSON.stringify({ level: 'error', msg: 'event log does not extend its signed chain', ...meta })}\n`);
      }
    }
    return { checkpoint: checkpoint?.payload.number ?? null, heads: checkpoint?.payload.heads.length ?? 0, refused };
  };
}
