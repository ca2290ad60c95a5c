import { createHash } from 'node:crypto';
import { normalizeAnswer } from '@tramites/domain';

/**
 * How the worker (which writes) and the API (which checks) agree on the non-secret
 * digests of the portal-password tables. Passwords and personal answers are argon2id,
 * elsewhere; these are for values that are already random or come from few options.
 */
const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** credential_links.token_hash: the 256-bit link token is never stored, only this. */
export const passwordLinkTokenHash = (token: string): string => sha256(`password-link-token:${token}`);

/** credential_challenges.expected: a work-history answer bound to its case and round. */
export const expectedAnswerHash = (caseId: string, ordinal: number, questionId: string, answer: string): string =>
  sha256(`${caseId}:${ordinal}:${questionId}:${normalizeAnswer(answer)}`);
