import type { PoderView, PowerOfAttorneyData } from '@tramites/contracts';
import { LIST_COUNT_CAP, cappedCountSql, cappedTotal, pageClause, pageOf, type KeysetCursor, type ListPage, SqlRepository } from '../sql/sql-repository';

export interface PendingPoderReview {
  caseId: string;
  poderId: string;
  attorneyName: string;
  employerId: string;
  requestedAt: string;
  dueAt: string;
  remindedAt: string | null;
  escalatedAt: string | null;
  /** The case it came from: its holder and agency (the read model), null while unknown there. */
  holderName: string | null;
  agencyId: string | null;
  agencyName: string | null;
  /** The lawyer who claimed the review (poder_review_claims), or null. */
  claimedBy: string | null;
}

export interface EndorsedPoder {
  poderId: string;
  employerId: string;
  /** The grantor's registered name (the employers' registry), null when it does not know the RUC. */
  employerName: string | null;
  attorneyId: string;
  /** As the attorney gave it when filing the case that brought the poder. */
  attorneyName: string | null;
  deedNumber: string;
  notary: string;
  /** YYYY-MM-DD, or null when neither the deed nor the endorsement limits it. */
  validUntil: string | null;
  endorsedBy: string;
  endorsedAt: string;
  revokedAt: string | null;
  caseId: string;
  province: string | null;
  /** As of today in Guayaquil. */
  status: 'valid' | 'expired' | 'revoked';
}

export interface PoderPage<T> {
  items: T[];
  total: number;
}

const isoOrNull = (d: Date | null): string | null => d?.toISOString() ?? null;

/**
 * The registry of endorsed poderes (poderes) and the legal unit's inbox (poder_reviews).
 * Written by the worker only (recordPoderReview, from the review workflow's view); the API reads.
 */
export class PoderRepository extends SqlRepository {
  /** The workflow id of the latest pending review of the poder (null: recorded before keyed ids); undefined when none is pending. */
  async pendingReviewWorkflowId(poderId: string): Promise<string | null | undefined> {
    const [row] = (await this.db.query(`SELECT workflow_id FROM poder_reviews WHERE poder_id = $1 AND status = 'pending' ORDER BY requested_at DESC LIMIT 1`, [
      poderId,
    ])) as Array<{ workflow_id: string | null }>;
    return row ? row.workflow_id : undefined;
  }

  /** The workflow id of the review a decision goes to: a pending one first, else the latest (null: recorded before keyed ids, or none). */
  async decisionWorkflowId(poderId: string): Promise<string | null> {
    const [row] = (await this.db.query(
      `SELECT workflow_id FROM poder_reviews WHERE poder_id = $1 ORDER BY (status = 'pending') DESC, requested_at DESC LIMIT 1`,
      [poderId],
    )) as Array<{ workflow_id: string | null }>;
    return row?.workflow_id ?? null;
  }

  /** The endorsed poder, if the registry holds it. */
  async registered(poderId: string): Promise<{ validUntil: string | null; revokedAt: Date | null } | undefined> {
    const [row] = (await this.db.query(`SELECT to_char(valid_until, 'YYYY-MM-DD') AS valid_until, revoked_at FROM poderes WHERE id = $1`, [poderId])) as Array<{
      valid_until: string | null;
      revoked_at: Date | null;
    }>;
    return row ? { validUntil: row.valid_until, revokedAt: row.revoked_at } : undefined;
  }

  /** The poder's latest review, if any. */
  async latestReview(poderId: string): Promise<{ status: string; reasonCode: string | null } | undefined> {
    const [row] = (await this.db.query(`SELECT status, reason_code FROM poder_reviews WHERE poder_id = $1 ORDER BY requested_at DESC LIMIT 1`, [
      poderId,
    ])) as Array<{
      status: string;
      reason_code: string | null;
    }>;
    return row ? { status: row.status, reasonCode: row.reason_code } : undefined;
  }

  /**
   * Records the review's view in the inbox (a later view only: event_count grows), and an
   * endorsement in the registry, in one transaction.
   */
  async recordReview(v: PoderView, poder: PowerOfAttorneyData, workflowId: string | null): Promise<void> {
    await this.transaction(async ({ db: tx }) => {
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
          v.poderId,
          v.caseId,
          v.province,
          v.status,
          v.requestedAt,
          v.dueAt,
          v.remindedAt ?? null,
          v.escalatedAt ?? null,
          v.decidedAt ?? null,
          v.decidedBy?.id ?? null,
          v.reason?.code ?? null,
          v.businessMsTaken ?? null,
          v.eventCount,
          poder.attorneyName,
          poder.employerId,
          workflowId,
        ],
      );
      if (v.status === 'endorsed' && v.decidedBy && v.decidedAt) {
        await tx.query(
          `INSERT INTO poderes (id, employer_id, attorney_id, deed_number, notary, valid_until, endorsed_by, endorsed_at, case_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (id) DO UPDATE SET valid_until = EXCLUDED.valid_until, endorsed_by = EXCLUDED.endorsed_by,
             endorsed_at = EXCLUDED.endorsed_at, revoked_at = NULL, case_id = EXCLUDED.case_id`,
          [
            v.poderId,
            poder.employerId,
            poder.attorneyId,
            poder.deedNumber,
            poder.notary,
            v.validUntil ?? poder.validUntil ?? null,
            v.decidedBy.id,
            v.decidedAt,
            v.caseId,
          ],
        );
      }
    });
  }

  /**
   * Poderes waiting for a decision in the province, oldest first (poder_reviews_pending_idx): by OFFSET
   * (`page`), or after a keyset cursor (`after`, the fast path); the total stops LIST_COUNT_CAP rows past
   * the page's first (ADR 0023).
   */
  async pendingReviews(province: string | undefined, page: number, pageSize: number, after?: KeysetCursor): Promise<ListPage<PendingPoderReview>> {
    const offset = after ? 0 : Math.trunc((page - 1) * pageSize);
    // The cursor's id is the review's key, case id first (a poder can wait on two cases at once): "<case id>|<poder id>".
    const key = after?.at ? /^([0-9a-f-]{36})\|(.+)$/.exec(after.id) : null;
    const keyset = after?.at && key ? [after.at, key[2], key[1]] : [];
    const rows: Array<{
      poder_id: string;
      case_id: string;
      attorney_name: string;
      employer_id: string;
      requested_at: Date;
      due_at: Date;
      reminded_at: Date | null;
      escalated_at: Date | null;
      sort_at: string;
      holder_name: string | null;
      agency_id: string | null;
      agency_name: string | null;
      claimed_by: string | null;
    }> = await this.db.query(
      `SELECT r.poder_id, r.case_id, r.attorney_name, r.employer_id, r.requested_at, r.due_at, r.reminded_at, r.escalated_at,
              to_char(r.requested_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sort_at,
              c.holder_name, c.agency_id, a.name AS agency_name, k.officer_id AS claimed_by
         FROM (SELECT * FROM poder_reviews
                WHERE province = $1 AND status = 'pending'${keyset.length ? ' AND (requested_at, poder_id, case_id) > ($2::timestamptz, $3, $4::uuid)' : ''}
                ORDER BY requested_at, poder_id, case_id
                LIMIT ${Math.trunc(pageSize) + 1} OFFSET ${offset}) r
         LEFT JOIN cases c ON c.id = r.case_id
         LEFT JOIN agencies a ON a.id = c.agency_id
         LEFT JOIN poder_review_claims k ON k.poder_id = r.poder_id AND k.case_id = r.case_id
        ORDER BY r.requested_at, r.poder_id, r.case_id`,
      [province, ...keyset],
    );
    const cap = offset + LIST_COUNT_CAP;
    const [count] = (await this.db.query(cappedCountSql('poder_reviews', `WHERE province = $1 AND status = 'pending'`, cap), [province])) as Array<{
      n: number;
    }>;
    const items = rows.slice(0, pageSize);
    const last = items.at(-1);
    return {
      items: items.map((r) => ({
        caseId: r.case_id,
        poderId: r.poder_id,
        attorneyName: r.attorney_name,
        employerId: r.employer_id,
        requestedAt: r.requested_at.toISOString(),
        dueAt: r.due_at.toISOString(),
        remindedAt: isoOrNull(r.reminded_at),
        escalatedAt: isoOrNull(r.escalated_at),
        holderName: r.holder_name,
        agencyId: r.agency_id,
        agencyName: r.agency_name,
        claimedBy: r.claimed_by,
      })),
      ...cappedTotal(Number(count?.n ?? 0), cap),
      next: rows.length > pageSize && last ? { at: last.sort_at, id: `${last.case_id}|${last.poder_id}` } : null,
    };
  }

  /** Endorsed poderes, newest first; `province` narrows to those endorsed on a case of it (undefined: every province). */
  async endorsed(
    filter: { province?: { value: string | undefined }; employerId?: string; attorneyId?: string },
    page: number,
    pageSize: number,
  ): Promise<PoderPage<EndorsedPoder>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown): void => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.province) add('r.province = ?', filter.province.value);
    if (filter.employerId) add('p.employer_id = ?', filter.employerId);
    if (filter.attorneyId) add('p.attorney_id = ?', filter.attorneyId);
    const rows: Array<{
      id: string;
      employer_id: string;
      employer_name: string | null;
      attorney_id: string;
      attorney_name: string | null;
      deed_number: string;
      notary: string;
      valid_until: string | null;
      endorsed_by: string;
      endorsed_at: Date;
      revoked_at: Date | null;
      case_id: string;
      province: string | null;
      status: EndorsedPoder['status'];
      total: string;
    }> = await this.db.query(
      `SELECT p.id, p.employer_id, e.name AS employer_name, p.attorney_id, r.attorney_name, p.deed_number, p.notary,
              to_char(p.valid_until, 'YYYY-MM-DD') AS valid_until,
              p.endorsed_by, p.endorsed_at, p.revoked_at, p.case_id, r.province,
              CASE WHEN p.revoked_at IS NOT NULL THEN 'revoked'
                   WHEN p.valid_until < (now() AT TIME ZONE 'America/Guayaquil')::date THEN 'expired'
                   ELSE 'valid' END AS status,
              count(*) OVER () AS total
         FROM poderes p
         LEFT JOIN poder_reviews r ON r.poder_id = p.id AND r.case_id = p.case_id
         LEFT JOIN employers e ON e.id = p.employer_id
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY p.endorsed_at DESC, p.id
        ${pageClause(page, pageSize)}`,
      params,
    );
    return pageOf(rows, (r) => ({
      poderId: r.id,
      employerId: r.employer_id,
      employerName: r.employer_name,
      attorneyId: r.attorney_id,
      attorneyName: r.attorney_name,
      deedNumber: r.deed_number,
      notary: r.notary,
      validUntil: r.valid_until,
      endorsedBy: r.endorsed_by,
      endorsedAt: r.endorsed_at.toISOString(),
      revokedAt: isoOrNull(r.revoked_at),
      caseId: r.case_id,
      province: r.province,
      status: r.status,
    }));
  }
}
