import { SqlRepository } from '../sql/sql-repository';

/**
 * The keyed hashes of the codes that verify a booker's email (verification_codes): written
 * by the worker only (issueVerificationCode, checkVerificationCode). The codes themselves are never stored.
 */
export class VerificationCodesRepository extends SqlRepository {
  /** Records the case's code number `ordinal` once; a retry keeps the first record. Its expiry as stored. */
  async record(caseId: string, ordinal: number, codeHash: string, expiresAt: Date): Promise<Date | undefined> {
    const rows: Array<{ expires_at: Date }> = await this.db.query(
      `INSERT INTO verification_codes (case_id, ordinal, code_hash, expires_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (case_id, ordinal) DO UPDATE SET case_id = EXCLUDED.case_id
       RETURNING expires_at`,
      [caseId, ordinal, codeHash, expiresAt.toISOString()],
    );
    return rows[0]?.expires_at;
  }

  /** The case's latest code. */
  async latest(caseId: string): Promise<{ ordinal: number; codeHash: string; expiresAt: Date } | undefined> {
    const [row] = (await this.db.query(`SELECT ordinal, code_hash, expires_at FROM verification_codes WHERE case_id = $1 ORDER BY ordinal DESC LIMIT 1`, [
      caseId,
    ])) as Array<{ ordinal: number; code_hash: string; expires_at: Date }>;
    return row && { ordinal: row.ordinal, codeHash: row.code_hash, expiresAt: row.expires_at };
  }

  /** Marks the code used (the first use stays). */
  async markUsed(caseId: string, ordinal: number): Promise<void> {
    await this.db.query(`UPDATE verification_codes SET used_at = COALESCE(used_at, now()) WHERE case_id = $1 AND ordinal = $2`, [caseId, ordinal]);
  }
}
