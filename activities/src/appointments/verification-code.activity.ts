import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IssueVerificationCodeInput, SendCaseEmailInput, VerificationOutcome } from '@tramites/contracts';
import { caseReference } from '@tramites/contracts';
import type { DataSource } from 'typeorm';

/**
 * The 6-digit code that verifies the booker's email. It is derived from a server
 * secret (HMAC of case id and ordinal), so a retried activity re-sends the same code
 * without ever storing it; the database keeps only a keyed hash of it.
 */
export function verificationCodeFor(secret: string, caseId: string, ordinal: number): string {
  const mac = createHmac('sha256', secret).update(`code:${caseId}:${ordinal}`).digest();
  return String(mac.readUInt32BE(0) % 1_000_000).padStart(6, '0');
}

function codeHash(secret: string, caseId: string, code: string): string {
  return createHmac('sha256', secret).update(`hash:${caseId}:${code}`).digest('hex');
}

export function makeVerificationCodeActivities(deps: {
  dataSource: DataSource;
  secret: string;
  sendCaseEmail: (input: SendCaseEmailInput) => Promise<unknown>;
  now?: () => Date;
}) {
  const now = deps.now ?? (() => new Date());
  return {
    async issueVerificationCode(input: IssueVerificationCodeInput): Promise<{ expiresAt: string }> {
      const code = verificationCodeFor(deps.secret, input.caseId, input.ordinal);
      const expiresAt = new Date(now().getTime() + input.minutesValid * 60_000);
      const rows: Array<{ expires_at: Date }> = await deps.dataSource.query(
        `INSERT INTO verification_codes (case_id, ordinal, code_hash, expires_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (case_id, ordinal) DO UPDATE SET case_id = EXCLUDED.case_id
         RETURNING expires_at`,
        [input.caseId, input.ordinal, codeHash(deps.secret, input.caseId, code), expiresAt.toISOString()],
      );
      await deps.sendCaseEmail({
        idempotencyKey: `${input.caseId}:code:${input.ordinal}`,
        caseId: input.caseId,
        to: input.email,
        template: 'VERIFICATION_CODE',
        params: { reference: caseReference(input.caseId), code, minutesValid: input.minutesValid },
      });
      return { expiresAt: (rows[0]?.expires_at ?? expiresAt).toISOString() };
    },

    async checkVerificationCode(input: { caseId: string; code: string }): Promise<VerificationOutcome> {
      const rows: Array<{ ordinal: number; code_hash: string; expires_at: Date }> = await deps.dataSource.query(
        `SELECT ordinal, code_hash, expires_at FROM verification_codes WHERE case_id = $1 ORDER BY ordinal DESC LIMIT 1`,
        [input.caseId],
      );
      const latest = rows[0];
      if (!latest) return 'wrong';
      const given = Buffer.from(codeHash(deps.secret, input.caseId, input.code), 'hex');
      const matches = timingSafeEqual(given, Buffer.from(latest.code_hash, 'hex'));
      if (!matches) return 'wrong';
      if (latest.expires_at.getTime() < now().getTime()) return 'expired';
      await deps.dataSource.query(
        `UPDATE verification_codes SET used_at = COALESCE(used_at, now()) WHERE case_id = $1 AND ordinal = $2`,
        [input.caseId, latest.ordinal],
      );
      return 'valid';
    },
  };
}
