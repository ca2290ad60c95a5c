import type { Actor, ActorRole } from '@tramites/contracts';

export type Role = Exclude<ActorRole, 'system'>;
export const ROLES: readonly Role[] = ['applicant', 'case_manager', 'legal_unit', 'auditor', 'admin'];

/** Who calls the API, from the bearer token: the role and its scope. */
export interface Principal {
  /** Identity number (applicants) or staff id. */
  sub: string;
  role: Role;
  /** Case managers: their agency. */
  agencyId?: string;
  /** Legal unit: their province. */
  province?: string;
  /**
   * A token handed out by an online procedure (003, 004 Ventanilla Virtual) after the
   * captcha: it reaches only this case, never the person's other cases.
   */
  caseId?: string;
}

export function actorOf(p: Principal): Actor {
  return {
    id: p.sub,
    role: p.role,
    ...(p.agencyId ? { agencyId: p.agencyId } : {}),
    ...(p.province ? { province: p.province } : {}),
  };
}
