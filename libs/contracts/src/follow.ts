/**
 * Follow my case (ADR 0017): with the case reference and the identity number,
 * an emailed one-time code opens the case. Workflow-safe: types and constants only.
 */

/** Minutes a follow code is valid. */
export const FOLLOW_CODE_MINUTES = 10;
/** Wrong codes a challenge accepts before it is spent. */
export const FOLLOW_CODE_ATTEMPTS = 5;
/** Codes emailed per case in {@link FOLLOW_CODE_WINDOW_MINUTES}; beyond, the answer is the same and no email goes out. */
export const FOLLOW_CODES_PER_CASE = 3;
export const FOLLOW_CODE_WINDOW_MINUTES = 60;

/** What the refusals of the follow routes are (libs/contracts/src/error-codes.ts). */
export const FOLLOW_ERRORS = { invalid: 'FOLLOW.CODE_INVALID', expired: 'FOLLOW.CODE_EXPIRED' } as const;

/** The workflow that emails one follow code (through the outbox activity): one per challenge. */
export const followCodeWorkflowId = (challengeId: string): string => `follow-code:${challengeId}`;

export interface FollowCodeEmailInput {
  challengeId: string;
  caseId: string;
  /** Null when the request matched no case (or its limit): the workflow then sends nothing. */
  to: string | null;
  reference: string;
  code: string;
  minutesValid: number;
}
