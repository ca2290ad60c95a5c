import type { ChallengeQuestion } from '@tramites/contracts';
import { SqlRepository } from '../sql/sql-repository';

export type HolderKind = 'affiliate' | 'employer';
export type AttemptOutcome = 'passed' | 'failed' | 'locked';

/** A stored personal answer: the question and the argon2id hash of the normalised answer. */
export interface StoredAnswer {
  questionId: string;
  hash: string;
}

export interface PasswordLinkRow {
  id: string;
  caseId: string;
  holderKind: HolderKind;
  holderId: string;
  email: string;
  expiresAt: Date;
  usedAt: Date | null;
  expiredAt: Date | null;
}

export interface CredentialRow {
  failedAttempts: number;
  lockedAt: Date | null;
  passwordSetAt: Date | null;
  securityAnswers: StoredAnswer[];
}

/** What a round of work-history questions expects: the questions shown and the keyed hashes of their answers. */
export interface ChallengeExpectation {
  questions: ChallengeQuestion[];
  answers: Record<string, string>;
}

/**
 * The portal-password tables (ADR 0019), each with one writer. The worker writes the rounds of
 * questions (credential_challenges) and the links it e-mails and closes (credential_links); the
 * API writes what carries a secret or shares its transaction: the attempts and failure counts
 * (credential_attempts, portal_credentials), the password and personal answers, the unlock, a
 * link's use (credential_link_uses) and the captcha uses (captcha_uses).
 */
export class CredentialsRepository extends SqlRepository {
  // --- the affiliate's credential ---------------------------------------------------------------

  /** The affiliate's credential, if one exists; `forUpdate` locks it until the transaction ends. */
  async affiliateCredential(holderId: string, forUpdate = false): Promise<CredentialRow | undefined> {
    const [row] = await this.query<{ failed_attempts: number; locked_at: Date | null; password_set_at: Date | null; security_answers: StoredAnswer[] | null }>(
      `SELECT failed_attempts, locked_at, password_set_at, security_answers FROM portal_credentials
        WHERE holder_kind = 'affiliate' AND holder_id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [holderId],
    );
    return (
      row && { failedAttempts: row.failed_attempts, lockedAt: row.locked_at, passwordSetAt: row.password_set_at, securityAnswers: row.security_answers ?? [] }
    );
  }

  /** The affiliate's credential, created empty when missing, locked until the transaction ends. */
  async lockAffiliateCredential(holderId: string): Promise<CredentialRow> {
    await this.db.query(`INSERT INTO portal_credentials (holder_kind, holder_id) VALUES ('affiliate', $1) ON CONFLICT DO NOTHING`, [holderId]);
    const cred = await this.affiliateCredential(holderId, true);
    if (!cred) throw new Error(`credential of ${holderId} vanished`);
    return cred;
  }

  /** Counts a failed round; the credential locks when `lock`. */
  async recordFailure(holderId: string, failedTotal: number, lock: boolean): Promise<void> {
    await this.db.query(
      `UPDATE portal_credentials SET failed_attempts = $2, locked_at = CASE WHEN $3 THEN now() ELSE locked_at END, updated_at = now()
        WHERE holder_kind = 'affiliate' AND holder_id = $1`,
      [holderId, failedTotal, lock],
    );
  }

  /** Lifts a lock: the instant it was lifted, or undefined when the credential was not locked. */
  async unlockAffiliate(holderId: string, unlockedBy: string): Promise<Date | undefined> {
    const [row] = await this.updated<{ unlocked_at: Date }>(
      `UPDATE portal_credentials SET failed_attempts = 0, locked_at = NULL, unlocked_at = now(), unlocked_by = $2, updated_at = now()
        WHERE holder_kind = 'affiliate' AND holder_id = $1 AND locked_at IS NOT NULL RETURNING unlocked_at`,
      [holderId, unlockedBy],
    );
    return row?.unlocked_at;
  }

  /** Stores a new password (and the personal answers, when the holder had none yet); the failure count starts again. */
  async storePassword(p: {
    holderKind: HolderKind;
    holderId: string;
    passwordHash: string;
    setAt: string;
    caseId: string;
    answers: StoredAnswer[];
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO portal_credentials (holder_kind, holder_id, password_hash, password_set_at, password_set_case, security_answers)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (holder_kind, holder_id) DO UPDATE SET
         password_hash = EXCLUDED.password_hash, password_set_at = EXCLUDED.password_set_at, password_set_case = EXCLUDED.password_set_case,
         security_answers = CASE WHEN jsonb_array_length(portal_credentials.security_answers) = 0 THEN EXCLUDED.security_answers ELSE portal_credentials.security_answers END,
         failed_attempts = 0, updated_at = now()`,
      [p.holderKind, p.holderId, p.passwordHash, p.setAt, p.caseId, JSON.stringify(p.answers)],
    );
  }

  // --- rounds of identity questions -------------------------------------------------------------

  async challenge(caseId: string, ordinal: number): Promise<ChallengeExpectation | undefined> {
    const [row] = await this.query<{ expected: ChallengeExpectation }>('SELECT expected FROM credential_challenges WHERE case_id = $1 AND ordinal = $2', [
      caseId,
      ordinal,
    ]);
    return row?.expected;
  }

  /** Records the round once; a retry keeps the first. */
  async insertChallenge(caseId: string, ordinal: number, holderId: string, expected: ChallengeExpectation): Promise<void> {
    await this.db.query(
      `INSERT INTO credential_challenges (case_id, ordinal, holder_id, expected) VALUES ($1, $2, $3, $4)
       ON CONFLICT (case_id, ordinal) DO NOTHING`,
      [caseId, ordinal, holderId, JSON.stringify(expected)],
    );
  }

  async attempt(caseId: string, ordinal: number): Promise<{ outcome: AttemptOutcome; failedParts: string[]; failedTotal: number } | undefined> {
    const [row] = await this.query<{ outcome: AttemptOutcome; failed_parts: string[]; failed_total: number }>(
      'SELECT outcome, failed_parts, failed_total FROM credential_attempts WHERE case_id = $1 AND ordinal = $2',
      [caseId, ordinal],
    );
    return row && { outcome: row.outcome, failedParts: row.failed_parts, failedTotal: row.failed_total };
  }

  async insertAttempt(
    caseId: string,
    ordinal: number,
    holderId: string,
    a: { outcome: AttemptOutcome; failedParts: string[]; failedTotal: number },
  ): Promise<void> {
    await this.db.query('INSERT INTO credential_attempts (case_id, ordinal, holder_id, outcome, failed_parts, failed_total) VALUES ($1, $2, $3, $4, $5, $6)', [
      caseId,
      ordinal,
      holderId,
      a.outcome,
      a.failedParts,
      a.failedTotal,
    ]);
  }

  // --- single-use links -------------------------------------------------------------------------

  /** Records the link once (a retry keeps the first); the stored row. */
  async insertLink(l: {
    id: string;
    caseId: string;
    holderKind: HolderKind;
    holderId: string;
    tokenHash: string;
    email: string;
    expiresAt: string;
  }): Promise<PasswordLinkRow> {
    await this.db.query(
      `INSERT INTO credential_links (id, case_id, holder_kind, holder_id, token_hash, email, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
      [l.id, l.caseId, l.holderKind, l.holderId, l.tokenHash, l.email, l.expiresAt],
    );
    const [row] = await this.links('l.id = $1', [l.id]);
    if (!row) throw new Error(`credential link ${l.id} not found after insert`);
    return row;
  }

  /** The link whose token has this hash; `forUpdate` locks it until the transaction ends. */
  async linkByTokenHash(tokenHash: string, forUpdate = false): Promise<PasswordLinkRow | undefined> {
    // Lock first: the read that follows is a statement of its own, so it sees a use committed while this one waited.
    if (forUpdate) await this.db.query('SELECT id FROM credential_links WHERE token_hash = $1 FOR UPDATE', [tokenHash]);
    const [row] = await this.links('l.token_hash = $1', [tokenHash]);
    return row;
  }

  /**
   * Closes the link (the worker; the first closing stays): who used it and when, if it was used.
   * The UPDATE waits for a password being set with the link (its transaction holds the link's
   * row), so the use is read after it: a link is either used or closed, never both unknowingly.
   */
  async expireLink(linkId: string): Promise<{ usedAt: Date | null; usedBy: string | null } | undefined> {
    const [closed] = await this.updated<{ id: string }>(`UPDATE credential_links SET expired_at = COALESCE(expired_at, now()) WHERE id = $1 RETURNING id`, [
      linkId,
    ]);
    if (!closed) return undefined;
    const [use] = await this.query<{ used_at: Date; used_by: string | null }>('SELECT used_at, used_by FROM credential_link_uses WHERE link_id = $1', [linkId]);
    return { usedAt: use?.used_at ?? null, usedBy: use?.used_by ?? null };
  }

  /** Records the link's use (the API, in the transaction that locked the link with `linkByTokenHash(…, true)`). */
  async markLinkUsed(linkId: string, usedAt: string, usedBy: string): Promise<void> {
    await this.db.query(`INSERT INTO credential_link_uses (link_id, used_at, used_by) VALUES ($1, $2, $3)`, [linkId, usedAt, usedBy]);
  }

  private async links(where: string, params: unknown[]): Promise<PasswordLinkRow[]> {
    const rows = await this.query<{
      id: string;
      case_id: string;
      holder_kind: HolderKind;
      holder_id: string;
      email: string;
      expires_at: Date;
      used_at: Date | null;
      expired_at: Date | null;
    }>(
      `SELECT l.id, l.case_id, l.holder_kind, l.holder_id, l.email, l.expires_at, u.used_at, l.expired_at
         FROM credential_links l LEFT JOIN credential_link_uses u ON u.link_id = l.id WHERE ${where}`,
      params,
    );
    return rows.map((r) => ({
      id: r.id,
      caseId: r.case_id,
      holderKind: r.holder_kind,
      holderId: r.holder_id,
      email: r.email,
      expiresAt: r.expires_at,
      usedAt: r.used_at,
      expiredAt: r.expired_at,
    }));
  }

  // --- captcha ----------------------------------------------------------------------------------

  /** Counts one use of a captcha; false when it was used before. */
  async useCaptcha(nonce: string): Promise<boolean> {
    const used = await this.query('INSERT INTO captcha_uses (id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING id', [nonce]);
    return used.length === 1;
  }
}
