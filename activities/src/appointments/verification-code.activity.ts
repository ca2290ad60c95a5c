import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IssueVerificationCodeInput, SendCaseEmailInput, VerificationOutcome } from '@tramites/contracts';
import { caseReference } from '@tramites/contracts';
import { VerificationCodesRepository } from '@tramites/persistence';
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
  const codes = new VerificationCodesRepository(deps.dataSource);
  return {
    async issueVerificationCode(input: IssueVerificationCodeInput): Promise<{ expiresAt: string }> {
      const code = verificationCodeFor(deps.secret, input.caseId, input.ordinal);
      const expiresAt = new Date(now().getTime() + input.minutesValid * 60_000);
      const stored = await codes.record(input.caseId, input.ordinal, codeHash(deps.secret, input.caseId, code), expiresAt);
      await deps.sendCaseEmail({
        idempotencyKey: `${input.caseId}:code:${input.ordinal}`,
        caseId: input.caseId,
        to: input.email,
        template: 'VERIFICATION_CODE',
        params: { reference: caseReference(input.caseId), code, minutesValid: input.minutesValid },
      });
      return { expiresAt: (stored ?? expiresAt).toISOString() };
    },

    async checkVerificationCode(input: { caseId: string; code: string }): Promise<VerificationOutcome> {
      const latest = await codes.latest(input.caseId);
      if (!latest) return 'wrong';
      const given = Buffer.from(codeHash(deps.secret, input.caseId, input.code), 'hex');
      const matches = timingSafeEqual(given, Buffer.from(latest.codeHash, 'hex'));
      if (!matches) return 'wrong';
      if (latest.expiresAt.getTime() < now().getTime()) return 'expired';
      await codes.markUsed(input.caseId, latest.ordinal);
      return 'valid';
    },
  };
}
