import { createSecretKey, type KeyObject } from 'node:crypto';
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
  // One key object for the process: given the secret's bytes, `jose` builds a new one at every call.
  private readonly key: KeyObject;

  constructor(secret: string) {
    this.key = createSecretKey(new TextEncoder().encode(secret));
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

  /** The applicant of a valid token and the token's `exp`; undefined for a bad signature, an expired token, any role but `applicant`. */
  async verified(token: string): Promise<{ principal: Principal; expiresAt: number | undefined } | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: ['HS256'] });
      if (typeof payload.sub !== 'string' || payload['role'] !== 'applicant') return undefined;
      // Scope claims belong to officers: an applicant's token that carries one was not minted here.
      if (payload['agencyId'] !== undefined || payload['province'] !== undefined) return undefined;
      const caseId = typeof payload['caseId'] === 'string' ? payload['caseId'] : undefined;
      return { principal: { sub: payload.sub, role: 'applicant', ...(caseId ? { caseId } : {}) }, expiresAt: payload.exp };
    } catch {
      return undefined;
    }
  }
}
