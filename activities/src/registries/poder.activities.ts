import type { PoderDecisionLookup, PoderView, PowerOfAttorneyData } from '@tramites/contracts';
import type { ReasonCode } from '@tramites/domain';
import type { DataSource } from 'typeorm';

/** The registry of endorsed poderes and the legal unit's inbox. */
export function makePoderActivities(dataSource: DataSource) {
  return {
    async lookupPoder(input: { poderId: string; asOf: string }): Promise<PoderDecisionLookup> {
      const registered: Array<{ valid_until: string | null; revoked_at: Date | null }> = await dataSource.query(
        `SELECT to_char(valid_until, 'YYYY-MM-DD') AS valid_until, revoked_at FROM poderes WHERE id = $1`,
        [input.poderId],
      );
      const r = registered[0];
      if (r) {
        if (r.revoked_at) return { status: 'revoked' };
        if (r.valid_until && r.valid_until < input.asOf) return { status: 'expired' };
        return r.valid_until ? { status: 'endorsed', validUntil: r.valid_until } : { status: 'endorsed' };
      }
      const reviews: Array<{ status: string; reason_code: string | null }> = await dataSource.query(
        `SELECT status, reason_code FROM poder_reviews WHERE poder_id = $1 ORDER BY requested_at DESC LIMIT 1`,
        [input.poderId],
      );
      const latest = reviews[0];
      if (!latest) return { status: 'none' };
      if (latest.status === 'pending') return { status: 'pending' };
      if (latest.status === 'rejected') return { status: 'rejected', reasonCode: (latest.reason_code ?? 'PODER.NOT_ENDORSED') as ReasonCode };
      return { status: 'none' };
    },

    async recordPoderReview(input: { view: PoderView; poder: PowerOfAttorneyData }): Promise<void> {
      const v = input.view;
      await dataSource.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO poder_reviews (poder_id, case_id, province, status, requested_at, due_at, reminded_at, escalated_at,
                                      decided_at, decided_by, reason_code, business_ms_taken, event_count, attorney_name, employer_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
           ON CONFLICT (poder_id, case_id) DO UPDATE SET status = EXCLUDED.status, reminded_at = EXCLUDED.reminded_at,
             escalated_at = EXCLUDED.escalated_at, decided_at = EXCLUDED.decided_at, decided_by = EXCLUDED.decided_by,
             reason_code = EXCLUDED.reason_code, business_ms_taken = EXCLUDED.business_ms_taken, event_count = EXCLUDED.event_count
           WHERE poder_reviews.event_count < EXCLUDED.event_count`,
          [
            v.poderId, v.caseId, v.province, v.status, v.requestedAt, v.dueAt, v.remindedAt ?? null, v.escalatedAt ?? null,
            v.decidedAt ?? null, v.decidedBy?.id ?? null, v.reason?.code ?? null, v.businessMsTaken ?? null, v.eventCount,
            input.poder.attorneyName, input.poder.employerId,
          ],
        );
        if (v.status === 'endorsed' && v.decidedBy && v.decidedAt) {
          const p = input.poder;
          await tx.query(
            `INSERT INTO poderes (id, employer_id, attorney_id, deed_number, notary, valid_until, endorsed_by, endorsed_at, case_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             ON CONFLICT (id) DO UPDATE SET valid_until = EXCLUDED.valid_until, endorsed_by = EXCLUDED.endorsed_by,
               endorsed_at = EXCLUDED.endorsed_at, revoked_at = NULL, case_id = EXCLUDED.case_id`,
            [v.poderId, p.employerId, p.attorneyId, p.deedNumber, p.notary, v.validUntil ?? p.validUntil ?? null, v.decidedBy.id, v.decidedAt, v.caseId],
          );
        }
      });
    },
  };
}
