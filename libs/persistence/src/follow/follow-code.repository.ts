import type { CaseEventType } from '@tramites/contracts';
import { SqlRepository } from '../sql/sql-repository';

/** The case a reference and an identity number name, when they name one (in-person or portal password). */
export interface FollowedCase {
  caseId: string;
  applicantId: string;
  procedureType: string;
}

export type FollowCodeCheck = { outcome: 'opened'; caseId: string; applicantId: string } | { outcome: 'wrong'; attemptsLeft: number } | { outcome: 'spent' };

/**
 * Follow my case (ADR 0017): the one-time codes that open a case by its reference. Only
 * the code's keyed hash is stored; a challenge that matched no case has a row too (with
 * no case), so that every answer is the same whether or not the reference matched.
 */
export class FollowCodeRepository extends SqlRepository {
  /**
   * The case whose reference (`T-` and the first 10 hex digits of its id) and applicant are these.
   * The applicant index narrows the search; the reference prefix decides.
   */
  async findCase(referenceHex: string, applicantId: string): Promise<FollowedCase | undefined> {
    const rows: Array<{ id: string; applicant_id: string; procedure_type: string }> = await this.db.query(
      `SELECT id, applicant_id, procedure_type FROM cases
        WHERE applicant_id = $1 AND left(replace(id::text, '-', ''), 10) = $2
        ORDER BY created_at DESC LIMIT 1`,
      [applicantId, referenceHex.toLowerCase()],
    );
    const row = rows[0];
    return row ? { caseId: row.id, applicantId: row.applicant_id, procedureType: row.procedure_type } : undefined;
  }

  /**
   * The address the case writes to, once its booker proved it with the verification code
   * (BOOKER_VERIFIED): the recipient of the case's last email. Undefined otherwise.
   */
  async verifiedAddress(caseId: string): Promise<string | undefined> {
    const rows: Array<{ recipient: string }> = await this.db.query(
      `SELECT o.recipient FROM email_outbox o
        WHERE o.case_id = $1 AND EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = $1 AND e.type = $2)
        ORDER BY o.created_at DESC, o.id DESC LIMIT 1`,
      [caseId, 'BOOKER_VERIFIED' satisfies CaseEventType],
    );
    return rows[0]?.recipient;
  }

  /** Codes emailed for the case since `since` (the per-case limit). */
  async emailedSince(caseId: string, since: Date): Promise<number> {
    const rows: Array<{ n: number }> = await this.db.query(`SELECT count(*)::int AS n FROM follow_codes WHERE case_id = $1 AND emailed AND created_at >= $2`, [
      caseId,
      since,
    ]);
    return rows[0]?.n ?? 0;
  }

  async create(row: { id: string; caseId: string | null; codeHash: string; attempts: number; expiresAt: Date; emailed: boolean }): Promise<void> {
    await this.db.query(`INSERT INTO follow_codes (id, case_id, code_hash, attempts_left, emailed, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
      row.id,
      row.caseId,
      row.codeHash,
      row.attempts,
      row.emailed,
      row.expiresAt,
    ]);
  }

  /**
   * One attempt, atomically: a matching hash uses the challenge (once), a wrong one costs an
   * attempt. A challenge with no case never opens (its hash is of a code nobody received).
   */
  async check(id: string, codeHash: string): Promise<FollowCodeCheck> {
    // TypeORM answers an UPDATE … RETURNING with [rows, count].
    const [rows]: [Array<{ case_id: string | null; opened: boolean; attempts_left: number }>, number] = await this.db.query(
      `UPDATE follow_codes
          SET used_at = CASE WHEN code_hash = $2 AND case_id IS NOT NULL THEN now() END,
              attempts_left = CASE WHEN code_hash = $2 AND case_id IS NOT NULL THEN attempts_left ELSE attempts_left - 1 END
        WHERE id = $1 AND used_at IS NULL AND expires_at > now() AND attempts_left > 0
        RETURNING case_id, used_at IS NOT NULL AS opened, attempts_left`,
      [id, codeHash],
    );
    const row = rows[0];
    if (!row) return { outcome: 'spent' };
    if (!row.opened || !row.case_id) return row.attempts_left > 0 ? { outcome: 'wrong', attemptsLeft: row.attempts_left } : { outcome: 'spent' };
    const owner: Array<{ applicant_id: string }> = await this.db.query('SELECT applicant_id FROM cases WHERE id = $1', [row.case_id]);
    return owner[0] ? { outcome: 'opened', caseId: row.case_id, applicantId: owner[0].applicant_id } : { outcome: 'spent' };
  }
}
