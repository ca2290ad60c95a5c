import type { CaseView, DuplicateCandidate, ResolveDuplicateInput } from '@tramites/contracts';
import { iso, withInstitutionDeadline } from './in-person-case.state';

/** The pure rules of a "posible duplicado" review: no Temporal APIs here. */

/** Issuance pauses: the holder may be a person who already has a code ("posible duplicado"). */
export function possibleDuplicate(state: CaseView, candidates: DuplicateCandidate[], now: number): CaseView {
  return withInstitutionDeadline({ ...state, status: 'possible_duplicate', stuck: undefined, duplicateReview: { candidates, foundAt: iso(now) } });
}

/** Why a case manager's decision of a "posible duplicado" is refused, as a stable code; undefined when it is allowed. */
export function duplicateDecisionRefusal(state: CaseView, input: ResolveDuplicateInput): string | undefined {
  if (input.decision !== 'same_person' && input.decision !== 'different_person') return 'VALIDATION.DUPLICATE_DECISION';
  if (typeof input.reason !== 'string' || input.reason.trim().length < 3) return 'VALIDATION.REQUIRED';
  const candidates = state.duplicateReview?.candidates ?? [];
  if (input.decision === 'same_person') {
    if (input.code === undefined) return candidates.length === 1 ? undefined : 'DUPLICATE.CODE_REQUIRED';
    if (!candidates.some((c) => c.code === input.code)) return 'DUPLICATE.UNKNOWN_CODE';
  }
  return undefined;
}

/** The decision is taken: issuance resumes with it (same person: the candidate's code; different: a new one). */
export function duplicateResolved(state: CaseView, input: ResolveDuplicateInput, now: number): CaseView {
  const review = state.duplicateReview ?? { candidates: [], foundAt: iso(now) };
  const code = input.decision === 'same_person' ? (input.code ?? review.candidates[0]?.code) : undefined;
  return {
    ...state,
    status: 'issuing',
    duplicateReview: {
      ...review,
      decision: input.decision,
      ...(code ? { code } : {}),
      reason: input.reason.trim(),
      decidedBy: input.actor,
      decidedAt: iso(now),
    },
  };
}
