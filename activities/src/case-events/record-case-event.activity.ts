import type { CaseEventInput } from '@tramites/contracts';
import type { DataSource } from 'typeorm';
import { chainHash, GENESIS_HASH } from '@tramites/persistence';

/**
 * Appends one event to the case's hash-chained log and moves the read model,
 * in one transaction. Idempotent: a retry of the same (caseId, seq) changes nothing.
 */
export function makeRecordCaseEvent(dataSource: DataSource) {
  return async function recordCaseEvent(input: CaseEventInput): Promise<void> {
    await dataSource.transaction(async (tx) => {
      // The event itself (a retry) and the one before it (its hash), in one round trip.
      const known: Array<{ seq: number; hash: string }> = await tx.query(
        'SELECT seq, hash FROM case_events WHERE case_id = $1 AND seq IN ($2, $3)',
        [input.caseId, input.seq, input.seq - 1],
      );
      if (known.some((r) => r.seq === input.seq)) return;
      const prev = input.seq === 1 ? undefined : known.find((r) => r.seq === input.seq - 1);
      if (input.seq > 1 && !prev) {
        // The workflow appends in order; a gap means an earlier append has not landed yet. Retry later.
        throw new Error(`case ${input.caseId}: event ${input.seq - 1} missing before ${input.seq}`);
      }
      const prevHash = prev?.hash ?? GENESIS_HASH;
      const fields = {
        caseId: input.caseId,
        seq: input.seq,
        type: input.type,
        actorId: input.actor.id,
        actorRole: input.actor.role,
        occurredAt: input.occurredAt,
        data: input.data,
      };
      const hash = chainHash(prevHash, fields);
      await tx.query(
        `INSERT INTO case_events (case_id, seq, type, actor_id, actor_role, occurred_at, data, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (case_id, seq) DO NOTHING`,
        [input.caseId, input.seq, input.type, input.actor.id, input.actor.role, input.occurredAt, input.data, prevHash, hash],
      );
      const p = input.projection;
      await tx.query(
        `INSERT INTO cases (id, workflow_id, procedure_type, status, province, agency_id, applicant_id, deadline_at,
                            last_event_seq, waiting_on, holder_name, appointment_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (id) DO UPDATE SET
           status = EXCLUDED.status, province = EXCLUDED.province, agency_id = EXCLUDED.agency_id,
           deadline_at = EXCLUDED.deadline_at, last_event_seq = EXCLUDED.last_event_seq, waiting_on = EXCLUDED.waiting_on,
           holder_name = EXCLUDED.holder_name, appointment_at = EXCLUDED.appointment_at, updated_at = now()
         WHERE cases.last_event_seq < EXCLUDED.last_event_seq`,
        [
          input.caseId, p.workflowId, p.procedureType, p.status, p.province, p.agencyId, p.applicantId, p.deadlineAt,
          input.seq, p.waitingOn ?? 'nobody', p.holderName ?? null, p.appointmentAt ?? null,
        ],
      );
    });
  };
}
