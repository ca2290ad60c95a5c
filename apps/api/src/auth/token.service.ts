import { jwtVerify, SignJWT } from 'jose';
import type { Principal } from './principal';

const ISSUER = 'tramites-iess';

/**
 * The API's own HS256 bearer tokens (secret: JWT_SECRET): applicants' tokens only, the case
 * tokens it hands out after a captcha or an emailed code. An officer's role never comes from
 * this secret: officers carry the identity provider's access tokens (ADR 0021), so a token of
 * this kind with any other role is refused, and none is ever signed.
 */
export class TokenService {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  sign(principal: Principal, ttlSeconds = 8 * 3600): Promise<string> {
    if (principal.role !== 'applicant') {
      return Promise.reject(new Error(`the API signs applicants' tokens only, not ${principal.role}: officers sign in at the identity provider`));
    }
    return new SignJWT({ role: principal.role, caseId: principal.caseId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(principal.sub)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.key);
  }

  /** The applicant of a valid token, or undefined (bad signature, expired, any role but `applicant`). */
  async verify(token: string): Promise<Principal | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: ['HS256'] });
      if (typeof payload.sub !== 'string' || payload['role'] !== 'applicant') return undefined;
      // Scope claims belong to officers: an applicant's token that carries one was not minted here.
      if (payload['agencyId'] !== undefined || payload['province'] !== undefined) return undefined;
      const caseId = typeof payload['caseId'] === 'string' ? payload['caseId'] : undefined;
      return { sub: payload.sub, role: 'applicant', ...(caseId ? { caseId } : {}) };
    } catch {
      return undefined;
    }
  }
}
