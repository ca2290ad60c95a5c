import type { Actor, PoderDecisionLookup, PoderReviewInput, PoderView } from '@tramites/contracts';
import { addBusinessMillis, businessDayLengthMs, businessMillisBetween, reasonCategory, isReasonCode, makeReason } from '@tramites/domain';
import type { ReasonCode } from '@tramites/domain';

/** Pure rules of a poder's review by the provincial legal unit (001, Requisitos Específicos). */

export function openReview(input: PoderReviewInput, now: number): PoderView {
  const budgetMs = input.legalReviewBusinessDays * businessDayLengthMs();
  return {
    poderId: input.poderId,
    caseId: input.caseId,
    province: input.province,
    status: 'pending',
    requestedAt: iso(now),
    dueAt: iso(addBusinessMillis(now, budgetMs)),
    eventCount: 0,
  };
}

/** The reminder goes to the legal unit when half its office time is used. */
export function reminderAt(view: PoderView): number {
  const requested = Date.parse(view.requestedAt);
  return addBusinessMillis(requested, Math.floor(businessMillisBetween(requested, Date.parse(view.dueAt)) / 2));
}

/** Why this officer may not decide this poder now; undefined when allowed. */
export function decisionRefusal(view: PoderView, input: PoderReviewInput, actor: Actor): string | undefined {
  if (actor.role !== 'legal_unit') return 'AUTH.ROLE_NOT_ALLOWED';
  if (actor.province && actor.province !== view.province) return 'AUTH.OUT_OF_SCOPE';
  // Separation of duties: whoever reviewed the case's documents may not endorse its poder.
  if (actor.id === input.documentsReviewedBy) return 'PODER.SAME_OFFICER';
  if (view.status !== 'pending') return 'PODER.ALREADY_DECIDED';
  return undefined;
}

export function rejectionReasonRefusal(code: string): string | undefined {
  if (!isReasonCode(code) || !code.startsWith('PODER.') || reasonCategory(code) !== 'rejection') {
    return 'PODER.INVALID_REASON';
  }
  return undefined;
}

export function endorse(view: PoderView, actor: Actor, now: number, validUntil?: string): PoderView {
  return decided({ ...view, status: 'endorsed', ...(validUntil ? { validUntil } : {}) }, actor, now);
}

export function reject(view: PoderView, actor: Actor, now: number, code: ReasonCode): PoderView {
  return decided({ ...view, status: 'rejected', reason: makeReason(code) }, actor, now);
}

/**
 * Whether the poder registry holds the decision a poderDecided signal tells (the review stores it
 * before it signals): an endorsement leaves the poder on file (later maybe expired or revoked), a
 * rejection is the latest review's status. A pending review or no review confirms nothing.
 */
export function registryConfirms(decision: PoderView, onFile: PoderDecisionLookup): boolean {
  if (decision.status === 'endorsed') return onFile.status === 'endorsed' || onFile.status === 'expired' || onFile.status === 'revoked';
  if (decision.status === 'rejected') return onFile.status === 'rejected';
  return false;
}

function decided(view: PoderView, actor: Actor, now: number): PoderView {
  return {
    ...view,
    decidedAt: iso(now),
    decidedBy: actor,
    businessMsTaken: businessMillisBetween(Date.parse(view.requestedAt), now),
  };
}

const iso = (ms: number): string => new Date(ms).toISOString();
