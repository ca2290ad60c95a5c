import { availableActions, type AvailableActions, type CaseClaim } from '@tramites/contracts';
import { actorOf, type Principal } from '../auth/principal';
import { withoutUnprovedIdentity } from '../credentials/applicant-view';
import type { AnyCaseView } from './case-access.service';

/** A case view as the API answers it: with the actions its caller may take now. */
export type CaseViewWithActions<V extends AnyCaseView = AnyCaseView> = V & AvailableActions;

/**
 * The view with `availableActions`: what the caller (role and scope) may do to the case now, by the
 * table of case actions (libs/contracts case-actions.ts) that the workflow's validators refuse by;
 * `claim`: who holds the case (an officer who does not hold a claimed case may take none).
 */
export function withAvailableActions<V extends AnyCaseView>(view: V, principal: Principal, now = Date.now(), claim?: CaseClaim | null): CaseViewWithActions<V> {
  return { ...withoutUnprovedIdentity(view, principal), availableActions: availableActions(view, actorOf(principal), now, claim) };
}

/** An update's answer that is a case's live view (in person or portal password), not another workflow's. */
export function isCaseView(value: unknown): value is AnyCaseView {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['caseId'] === 'string' && typeof v['status'] === 'string' && typeof v['procedure'] === 'string' && typeof v['applicantId'] === 'string';
}
