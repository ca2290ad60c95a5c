import { MS_PER_MINUTE } from '../calendar/guayaquil-time';
import type { Instant } from '../calendar/guayaquil-time';

/** 003, VIRTUAL 8: "tiene 5 intentos, de lo contrario su clave será bloqueada". */
export const AFFILIATE_VERIFICATION_MAX_ATTEMPTS = 5;
/** 003, VIRTUAL 10: "le llegará un link para generar su nueva clave, su duración es de 15 minutos". */
export const PASSWORD_LINK_TTL_MS = 15 * MS_PER_MINUTE;
/** 003, VIRTUAL 12: "tiene 15 minutos para realizar este proceso". */
export const PASSWORD_SET_WINDOW_MS = 15 * MS_PER_MINUTE;

/** Identity questions (steps 5-7) answered so far for one credential. */
export interface VerificationAttempts {
  readonly failed: number;
  readonly locked: boolean;
  readonly verified: boolean;
}

export const NO_ATTEMPTS: VerificationAttempts = Object.freeze({ failed: 0, locked: false, verified: false });

/**
 * Record one attempt at answering the birth day/month, the two work-history
 * questions and the two personal questions. The fifth failed attempt locks
 * the credential; once locked or verified, further attempts change nothing.
 */
export function recordVerificationAttempt(state: VerificationAttempts, allCorrect: boolean): VerificationAttempts {
  if (state.locked || state.verified) return state;
  if (allCorrect) return { ...state, verified: true };
  const failed = state.failed + 1;
  return { failed, locked: failed >= AFFILIATE_VERIFICATION_MAX_ATTEMPTS, verified: false };
}

export function attemptsLeft(state: VerificationAttempts): number {
  return state.locked ? 0 : Math.max(0, AFFILIATE_VERIFICATION_MAX_ATTEMPTS - state.failed);
}

/** The e-mailed link may be opened up to 15 minutes after it was issued (inclusive). */
export function isPasswordLinkUsable(issuedAt: Instant, now: Instant): boolean {
  return now >= issuedAt && now - issuedAt <= PASSWORD_LINK_TTL_MS;
}

/** The new password must be set within 15 minutes of opening the link (inclusive). */
export function isWithinPasswordSetWindow(openedAt: Instant, setAt: Instant): boolean {
  return setAt >= openedAt && setAt - openedAt <= PASSWORD_SET_WINDOW_MS;
}
