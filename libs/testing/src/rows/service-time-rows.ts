import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** One step of a synthetic case: its event type and how many minutes after the case's start it happened. */
export interface SyntheticStep {
  type: string;
  atMinutes: number;
  data?: Record<string, unknown>;
}

/**
 * Synthetic answered cases for the service-time figures (follow my case, the agencies' pages):
 * a read-model row and its steps in the event log, with the durations a test chooses, plus the
 * waiting room's first call. Only the columns the figures read.
 */
export class ServiceTimeRows {
  constructor(private readonly db: DataSource) {}

  /** A case of `agencyId` (province `province`) whose steps start at `startsAt`; answers its id. */
  async answeredCase(q: { agencyId: string; province: string; status: string; startsAt: Date; steps: SyntheticStep[]; procedure?: string }): Promise<string> {
    const id = randomUUID();
    await this.db.query(
      `INSERT INTO cases (id, workflow_id, procedure_type, status, province, agency_id, applicant_id) VALUES ($1, $2, $3, $4, $5, $6, 'PSYNTHETIC')`,
      [id, `case:${id}`, q.procedure ?? 'FOREIGNER_CODE_EMPLOYMENT', q.status, q.province, q.agencyId],
    );
    const zero = '0'.repeat(64);
    let seq = 0;
    for (const step of [{ type: 'CASE_OPENED', atMinutes: -60 * 24 }, ...q.steps]) {
      seq += 1;
      await this.db.query(
        `INSERT INTO case_events (case_id, seq, type, actor_id, actor_role, occurred_at, data, prev_hash, hash)
         VALUES ($1, $2, $3, 'system', 'system', $4::timestamptz, $5::jsonb, $6, $6)`,
        [id, seq, step.type, new Date(q.startsAt.getTime() + step.atMinutes * 60_000).toISOString(), JSON.stringify((step as SyntheticStep).data ?? {}), zero],
      );
    }
    return id;
  }

  /** The waiting room's first call of a case `minutes` after its arrival (CASE_CHECKED_IN at `arrivedAt`). */
  async calledAfter(q: { agencyId: string; province: string; arrivedAt: Date; minutes: number }): Promise<string> {
    const id = await this.answeredCase({ ...q, status: 'checked_in', startsAt: q.arrivedAt, steps: [{ type: 'CASE_CHECKED_IN', atMinutes: 0 }] });
    const calledAt = new Date(q.arrivedAt.getTime() + q.minutes * 60_000).toISOString();
    await this.db.query(
      `INSERT INTO turno_calls (case_id, local_date, agency_id, turno, window_number, called_by, first_called_at, called_at, call_count)
       VALUES ($1, ($2::timestamptz AT TIME ZONE 'America/Guayaquil')::date, $3, 'A-001', '1', 'officer-synthetic', $4::timestamptz, $4::timestamptz, 1)`,
      [id, q.arrivedAt.toISOString(), q.agencyId, calledAt],
    );
    return id;
  }
}
