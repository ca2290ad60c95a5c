import { SqlRepository } from '../sql/sql-repository';

/** A poder's latest review and the case that sent it, as the legal unit's decision page shows them. */
export interface PoderReviewRecord {
  poderId: string;
  caseId: string;
  province: string;
  status: string;
  requestedAt: Date;
  dueAt: Date;
  remindedAt: Date | null;
  escalatedAt: Date | null;
  decidedAt: Date | null;
  decidedBy: string | null;
  reasonCode: string | null;
  attorneyName: string;
  employerId: string;
  case: { procedure: string; status: string; holderName: string | null; agencyId: string | null; agencyName: string | null } | null;
  /**
   * The deed as it was filed (case_filings.poder) or, once endorsed, as the registry holds it:
   * its notary, the validity the deed states (YYYY-MM-DD, null when it states none), and the
   * grantor's registered name (the employers' registry, null when it does not know the RUC).
   */
  deed: { notary: string | null; validUntil: string | null; grantorName: string | null };
  /** The registry's entry once endorsed. */
  registry: { validUntil: string | null; revokedAt: Date | null; endorsedBy: string; endorsedAt: Date } | null;
}

type Row = {
  poder_id: string;
  case_id: string;
  province: string;
  status: string;
  requested_at: Date;
  due_at: Date;
  reminded_at: Date | null;
  escalated_at: Date | null;
  decided_at: Date | null;
  decided_by: string | null;
  reason_code: string | null;
  attorney_name: string;
  employer_id: string;
  procedure_type: string | null;
  case_status: string | null;
  holder_name: string | null;
  agency_id: string | null;
  agency_name: string | null;
  notary: string | null;
  deed_valid_until: string | null;
  grantor_name: string | null;
  valid_until: string | null;
  revoked_at: Date | null;
  endorsed_by: string | null;
  endorsed_at: Date | null;
};

export class PoderReviewRepository extends SqlRepository {
  /** The latest review of the poder (a pending one first), or null when it never reached the legal unit. */
  async latest(poderId: string): Promise<PoderReviewRecord | null> {
    const rows = (await this.db.query(
      `SELECT r.poder_id, r.case_id, r.province, r.status, r.requested_at, r.due_at, r.reminded_at, r.escalated_at, r.decided_at,
              r.decided_by, r.reason_code, r.attorney_name, r.employer_id,
              c.procedure_type, c.status AS case_status, c.holder_name, c.agency_id, a.name AS agency_name,
              COALESCE(f.poder->>'notary', p.notary) AS notary, f.poder->>'validUntil' AS deed_valid_until, e.name AS grantor_name,
              to_char(p.valid_until, 'YYYY-MM-DD') AS valid_until, p.revoked_at, p.endorsed_by, p.endorsed_at
         FROM poder_reviews r
         LEFT JOIN cases c ON c.id = r.case_id
         LEFT JOIN agencies a ON a.id = c.agency_id
         LEFT JOIN poderes p ON p.id = r.poder_id
         LEFT JOIN case_filings f ON f.case_id = r.case_id
         LEFT JOIN employers e ON e.id = r.employer_id
        WHERE r.poder_id = $1
        ORDER BY (r.status = 'pending') DESC, r.requested_at DESC
        LIMIT 1`,
      [poderId],
    )) as Row[];
    const r = rows[0];
    if (!r) return null;
    return {
      poderId: r.poder_id,
      caseId: r.case_id,
      province: r.province,
      status: r.status,
      requestedAt: r.requested_at,
      dueAt: r.due_at,
      remindedAt: r.reminded_at,
      escalatedAt: r.escalated_at,
      decidedAt: r.decided_at,
      decidedBy: r.decided_by,
      reasonCode: r.reason_code,
      attorneyName: r.attorney_name,
      employerId: r.employer_id,
      case:
        r.procedure_type && r.case_status
          ? { procedure: r.procedure_type, status: r.case_status, holderName: r.holder_name, agencyId: r.agency_id, agencyName: r.agency_name }
          : null,
      deed: { notary: r.notary, validUntil: r.deed_valid_until, grantorName: r.grantor_name },
      registry:
        r.endorsed_by && r.endorsed_at ? { validUntil: r.valid_until, revokedAt: r.revoked_at, endorsedBy: r.endorsed_by, endorsedAt: r.endorsed_at } : null,
    };
  }
}

/** Who works a poder's review now: a lawyer of the province, one per review. */
export interface PoderReviewClaim {
  poderId: string;
  caseId: string;
  officerId: string;
  claimedAt: Date;
}

type ClaimRow = { poder_id: string; case_id: string; officer_id: string; claimed_at: Date };
const toClaim = (r: ClaimRow): PoderReviewClaim => ({ poderId: r.poder_id, caseId: r.case_id, officerId: r.officer_id, claimedAt: r.claimed_at });

/** The legal unit's claims of reviews (ADR 0028), as case_assignments are the case managers'. */
export class PoderReviewClaimsRepository extends SqlRepository {
  /** Claims the review for the officer; answers the claim that holds (the caller's, or a colleague's). */
  async claim(poderId: string, caseId: string, officerId: string, province: string): Promise<{ claimed: boolean; holder: PoderReviewClaim }> {
    const mine = (await this.db.query(
      `INSERT INTO poder_review_claims (poder_id, case_id, officer_id, province) VALUES ($1, $2, $3, $4)
       ON CONFLICT (poder_id, case_id) DO UPDATE SET officer_id = poder_review_claims.officer_id WHERE poder_review_claims.officer_id = EXCLUDED.officer_id
       RETURNING poder_id, case_id, officer_id, claimed_at`,
      [poderId, caseId, officerId, province],
    )) as ClaimRow[];
    if (mine[0]) return { claimed: true, holder: toClaim(mine[0]) };
    const held = await this.holder(poderId, caseId);
    // Released between the insert and the read: try again.
    if (!held) return this.claim(poderId, caseId, officerId, province);
    return { claimed: false, holder: held };
  }

  /** Releases the officer's claim; answers who still holds the review (a colleague), or null. */
  async release(poderId: string, caseId: string, officerId: string): Promise<PoderReviewClaim | null> {
    await this.db.query(`DELETE FROM poder_review_claims WHERE poder_id = $1 AND case_id = $2 AND officer_id = $3`, [poderId, caseId, officerId]);
    return this.holder(poderId, caseId);
  }

  async holder(poderId: string, caseId: string): Promise<PoderReviewClaim | null> {
    const rows = (await this.db.query(`SELECT poder_id, case_id, officer_id, claimed_at FROM poder_review_claims WHERE poder_id = $1 AND case_id = $2`, [
      poderId,
      caseId,
    ])) as ClaimRow[];
    return rows[0] ? toClaim(rows[0]) : null;
  }
}
