import { createHmac } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { poderWorkflowId, type PoderDecisionLookup, type PoderView, type PowerOfAttorneyData } from '@tramites/contracts';
import type { ReasonCode } from '@tramites/domain';
import type { DataSource } from 'typeorm';

/**
 * The workflow id of a poder's review (ADR 0014): `poder:` and a keyed hash (HMAC-SHA256 with
 * the server secret) of the poder's identity, so that the employer's RUC, the attorney's cédula
 * and the deed number never appear in what Temporal cannot encrypt. The same poder always gets
 * the same id, so cases that present it share one review (ADR 0011).
 */
export function keyedPoderWorkflowId(secret: string, poderId: string): string {
  return poderWorkflowId(createHmac('sha256', secret).update(`poder-review:${poderId}`).digest('base64url').slice(0, 32));
}

/** The workflow id of the activity's own workflow, when it runs as an activity. */
function callerWorkflowId(): string | null {
  try {
    return Context.current().info.workflowExecution?.workflowId ?? null;
  } catch {
    return null;
  }
}

/** The registry of endorsed poderes and the legal unit's inbox. */
export function makePoderActivities(dataSource: DataSource, secret: string) {
  return {
    /**
     * The id of the review a case starts or joins: that of a pending review of the poder (one
     * recorded before keyed ids ran as `poder:<poderId>`), else the keyed id.
     */
    async poderReviewWorkflowId(input: { poderId: string }): Promise<string> {
      const pending: Array<{ workflow_id: string | null }> = await dataSource.query(
        `SELECT workflow_id FROM poder_reviews WHERE poder_id = $1 AND status = 'pending' ORDER BY requested_at DESC LIMIT 1`,
        [input.poderId],
      );
      const row = pending[0];
      if (row) return row.workflow_id ?? poderWorkflowId(input.poderId);
      return keyedPoderWorkflowId(secret, input.poderId);
    },

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
                                      decided_at, decided_by, reason_code, business_ms_taken, event_count, attorney_name, employer_id, workflow_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
           ON CONFLICT (poder_id, case_id) DO UPDATE SET status = EXCLUDED.status, reminded_at = EXCLUDED.reminded_at,
             escalated_at = EXCLUDED.escalated_at, decided_at = EXCLUDED.decided_at, decided_by = EXCLUDED.decided_by,
             reason_code = EXCLUDED.reason_code, business_ms_taken = EXCLUDED.business_ms_taken, event_count = EXCLUDED.event_count,
             workflow_id = COALESCE(poder_reviews.workflow_id, EXCLUDED.workflow_id)
           WHERE poder_reviews.event_count < EXCLUDED.event_count`,
          [
            v.poderId, v.caseId, v.province, v.status, v.requestedAt, v.dueAt, v.remindedAt ?? null, v.escalatedAt ?? null,
            v.decidedAt ?? null, v.decidedBy?.id ?? null, v.reason?.code ?? null, v.businessMsTaken ?? null, v.eventCount,
            input.poder.attorneyName, input.poder.employerId, callerWorkflowId(),
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
