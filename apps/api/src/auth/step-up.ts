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
 * True when the officer's access token shows a fresh authentication: its `auth_time` (when the
 * officer last authenticated at the provider) within RECENT_AUTH_SECONDS, always. When the
 * provider marks a step-up by its `acr` (OIDC_STEP_UP_ACR), that `acr` is required as well, never
 * instead: a refreshed token has a fresh `iat` and may carry the old `acr`, so neither says when
 * the officer authenticated. `amr` alone says how the officer signed in, not when, and never
 * suffices. The API's own (applicant) tokens never pass.
 */
export function recentlyAuthenticated(p: Principal, nowMs: number, stepUpAcr: readonly string[] = []): boolean {
  if (p.role === 'applicant') return false;
  if (!withinWindow(p.authTime, Math.floor(nowMs / 1000))) return false;
  return stepUpAcr.length === 0 || (p.acr !== undefined && stepUpAcr.includes(p.acr));
}
