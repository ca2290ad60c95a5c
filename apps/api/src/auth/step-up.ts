import type { Principal } from './principal';

/**
 * How recent an officer's authentication at the provider must be for a decision that needs a
 * step-up (poder endorsement or rejection, duplicate decision, role change): the same 5 minutes
 * as the web pages' re-authentication (apps/web/src/desk/legal-desk.controller.ts, REAUTH_MINUTES).
 */
export const RECENT_AUTH_SECONDS = 5 * 60;
/** A provider clock a little ahead of ours still counts as now. */
const CLOCK_SKEW_SECONDS = 60;

const withinWindow = (epochSeconds: number | undefined, nowSeconds: number): boolean =>
  epochSeconds !== undefined && epochSeconds >= nowSeconds - RECENT_AUTH_SECONDS && epochSeconds <= nowSeconds + CLOCK_SKEW_SECONDS;

/**
 * True when the officer's access token shows a fresh authentication: its `auth_time` within
 * RECENT_AUTH_SECONDS, or, when the provider marks a step-up by its `acr` (OIDC_STEP_UP_ACR),
 * one of those values on a token issued within that window. `amr` alone says how the officer
 * signed in, not when, and never suffices. The API's own (applicant) tokens never pass.
 */
export function recentlyAuthenticated(p: Principal, nowMs: number, stepUpAcr: readonly string[] = []): boolean {
  if (p.role === 'applicant') return false;
  const now = Math.floor(nowMs / 1000);
  if (withinWindow(p.authTime, now)) return true;
  return Boolean(p.acr && stepUpAcr.includes(p.acr) && withinWindow(p.issuedAt, now));
}
