import { jwtVerify, SignJWT } from 'jose';
import { ROLES, type Principal, type Role } from './principal';

const ISSUER = 'tramites-iess';

/** HS256 bearer tokens carrying role and scope; the secret comes from configuration (JWT_SECRET). */
export class TokenService {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  sign(principal: Principal, ttlSeconds = 8 * 3600): Promise<string> {
    return new SignJWT({ role: principal.role, agencyId: principal.agencyId, province: principal.province, caseId: principal.caseId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(principal.sub)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.key);
  }

  /** The principal of a valid token, or undefined (bad signature, expired, unknown role, missing scope). */
  async verify(token: string): Promise<Principal | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: ['HS256'] });
      const role = payload['role'];
      if (typeof payload.sub !== 'string' || !ROLES.includes(role as Role)) return undefined;
      const agencyId = typeof payload['agencyId'] === 'string' ? payload['agencyId'] : undefined;
      const province = typeof payload['province'] === 'string' ? payload['province'] : undefined;
      const caseId = typeof payload['caseId'] === 'string' ? payload['caseId'] : undefined;
      if (caseId && role !== 'applicant') return undefined;
      if (role === 'case_manager' && !agencyId) return undefined;
      if (role === 'legal_unit' && !province) return undefined;
      return { sub: payload.sub, role: role as Role, ...(agencyId ? { agencyId } : {}), ...(province ? { province } : {}), ...(caseId ? { caseId } : {}) };
    } catch {
      return undefined;
    }
  }
}
