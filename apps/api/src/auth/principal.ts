import type { Actor, ActorRole } from '@tramites/contracts';

export type Role = Exclude<ActorRole, 'system'>;
export const ROLES: readonly Role[] = ['applicant', 'case_manager', 'legal_unit', 'auditor', 'admin', 'supervisor'];
/** The officers' roles: they come from the identity provider only (ADR 0021), never from the API's own tokens. */
export const OFFICER_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'applicant');

/** Who calls the API, from the bearer token: the role and its scope. */
export interface Principal {
  /** Identity number (applicants) or staff id. */
  sub: string;
  role: Role;
  /** Case managers and supervisors: their agency. */
  agencyId?: string;
  /** Legal unit: their province. */
  province?: string;
  /**
   * A token handed out by an online procedure (003, 004 Ventanilla Virtual) after the
   * captcha: it reaches only this case, never the person's other cases.
   */
  caseId?: string;
  /** Officers: the display name of the provider's `name` claim, when the token carries it. */
  name?: string;
  /** Officers: when they last authenticated at the provider (`auth_time`, epoch seconds). */
  authTime?: number;
  /** Officers: when the provider issued the access token (`iat`, epoch seconds). */
  issuedAt?: number;
  /** Officers: the provider's authentication context class (`acr`). */
  acr?: string;
  /** Officers: the provider's authentication methods (`amr`), e.g. `pwd`, `otp`, `mfa`. */
  amr?: string[];
}

export function actorOf(p: Principal): Actor {
  return {
    id: p.sub,
    role: p.role,
    ...(p.agencyId ? { agencyId: p.agencyId } : {}),
    ...(p.province ? { province: p.province } : {}),
  };
}
