import { ChildWorkflowFailure, condition, executeChild, getExternalWorkflowHandle, log, patched, sleep, workflowInfo } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { SYSTEM_ACTOR, poderId as poderIdOf, poderWorkflowId, subscribeToPoderDecisionSignal, type PoderView } from '@tramites/contracts';
import { makeReason, toLocalDate } from '@tramites/domain';
import { SIGNAL_ASSERTIONS_PATCH, activities, localSteps } from '../case-kernel';
import { registryConfirms } from '../poder-review/poder-review.state';
import { poderReviewWorkflow } from '../poder-review/poder-review.workflow';
import type { InPersonCase } from './in-person-case';
import { close, toLegalReview } from './in-person-case.state';

/**
 * 001: a case whose poder is already under review for another case subscribes to that review
 * and waits for its decision signal, instead of polling the registry every 15 minutes (which
 * recorded PODER_SENT_TO_LEGAL_UNIT and queued its email again each time).
 */
export const PODER_SUBSCRIPTION_PATCH = 'poder-review-subscription';

/**
 * 001: the poder review's workflow id is a keyed hash of the poder's identity, from an activity
 * (ADR 0014), not `poder:<RUC>:<cédula>:<deed>`; cases started before replay the old id.
 */
export const PODER_KEYED_ID_PATCH = 'poder-review-keyed-id';

/** 001: a poder is endorsed by the legal unit once; later cases reuse the registry entry. */
export class LegalReview {
  /** The poder whose review (held by another case) this case waits on, and its decision once told. */
  private awaitedPoder: string | undefined;
  private awaitedDecision: PoderView | undefined;
  /** Every decision told for the awaited poder, in order, until one is confirmed (signal-assertions). */
  private heard: PoderView[] = [];

  constructor(private readonly c: InPersonCase) {}

  /** The poderDecided signal of the review this case subscribed to. */
  decided(decision: PoderView): void {
    if (decision.poderId !== this.awaitedPoder || decision.status === 'pending') return;
    this.awaitedDecision = decision;
    this.heard.push(decision);
  }

  async run(): Promise<void> {
    const c = this.c;
    const { input, settings } = c;
    const poder = input.poder;
    if (!poder) {
      c.view = { ...c.view, status: 'issuing' };
      return;
    }
    const id = poderIdOf(poder);
    const onFile = await activities.lookupPoder({ poderId: id, asOf: toLocalDate(Date.now()) });
    if (onFile.status === 'endorsed') {
      c.view = { ...c.view, status: 'issuing', poder: { poderId: id, status: 'on_file' } };
      await c.record('PODER_FOUND_ENDORSED', SYSTEM_ACTOR, { poderId: id, validUntil: onFile.validUntil ?? null });
      return;
    }
    c.view = toLegalReview(c.view, id);
    await c.record('PODER_SENT_TO_LEGAL_UNIT', SYSTEM_ACTOR, { poderId: id }, c.email('PODER_IN_LEGAL_REVIEW', {}));
    const reviewWorkflowId = patched(PODER_KEYED_ID_PATCH) ? await activities.poderReviewWorkflowId({ poderId: id }) : poderWorkflowId(id);
    let decision: PoderView;
    try {
      decision = await executeChild(poderReviewWorkflow, {
        workflowId: reviewWorkflowId,
        args: [
          {
            poderId: id,
            caseId: input.caseId,
            province: input.province,
            poder,
            documentsReviewedBy: c.view.documentsReviewedBy?.id ?? '',
            legalReviewBusinessDays: settings.legalReviewBusinessDays,
          },
        ],
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError) && !(err instanceof ChildWorkflowFailure)) throw err;
      const told =
        err instanceof WorkflowExecutionAlreadyStartedError && patched(PODER_SUBSCRIPTION_PATCH)
          ? await this.decisionOfOtherReview(id, reviewWorkflowId)
          : 'poll';
      if (told === 'poll') {
        // The same poder is already under review for another case: wait for its decision in the registry.
        await sleep('15 minutes');
        c.view = { ...c.view, status: 'legal_review' };
        return;
      }
      if (told === 'look_again') {
        c.view = { ...c.view, status: 'legal_review' };
        return;
      }
      decision = told;
    }
    await this.apply(id, decision);
  }

  /**
   * Another case holds the review of this poder: subscribe to it and wait for the decision it
   * signals. When the review ended before it could hear us, its decision is in the registry.
   */
  private async decisionOfOtherReview(id: string, reviewWorkflowId: string): Promise<PoderView | 'look_again'> {
    const { input } = this.c;
    this.awaitedPoder = id;
    this.awaitedDecision = undefined;
    this.heard = [];
    try {
      await getExternalWorkflowHandle(reviewWorkflowId).signal(subscribeToPoderDecisionSignal, { caseId: input.caseId, workflowId: workflowInfo().workflowId });
    } catch {
      const onFile = await activities.lookupPoder({ poderId: id, asOf: toLocalDate(Date.now()) });
      if (onFile.status !== 'rejected') return 'look_again';
      const at = new Date().toISOString();
      return {
        poderId: id,
        caseId: input.caseId,
        province: input.province,
        status: 'rejected',
        requestedAt: at,
        dueAt: at,
        reason: makeReason(onFile.reasonCode),
        eventCount: 0,
      };
    }
    if (patched(SIGNAL_ASSERTIONS_PATCH)) return this.confirmedDecision(id);
    const told = (): PoderView | undefined => this.awaitedDecision;
    await condition(() => told() !== undefined);
    this.awaitedPoder = undefined;
    return told() ?? 'look_again';
  }

  /** The first decision told that the poder registry confirms; the others are refused and logged. */
  private async confirmedDecision(id: string): Promise<PoderView> {
    for (;;) {
      await condition(() => this.heard.length > 0);
      const decision = this.heard.shift() as PoderView;
      const onFile = await localSteps.lookupPoder({ poderId: id, asOf: toLocalDate(Date.now()) });
      if (registryConfirms(decision, onFile)) {
        this.awaitedPoder = undefined;
        // A rejection's reason is the registry's, whatever the signal said.
        return onFile.status === 'rejected' ? { ...decision, reason: makeReason(onFile.reasonCode) } : decision;
      }
      log.warn('signal refused: the poder registry does not hold the decision it tells', {
        signal: 'poderDecided',
        told: decision.status,
        registry: onFile.status,
      });
    }
  }

  private async apply(id: string, decision: PoderView): Promise<void> {
    const c = this.c;
    if (decision.status === 'endorsed') {
      c.view = { ...c.view, status: 'issuing', poder: { poderId: id, status: 'endorsed' } };
      await c.record(
        'PODER_ENDORSED',
        decision.decidedBy ?? SYSTEM_ACTOR,
        { poderId: id, businessMsTaken: decision.businessMsTaken },
        c.email('PODER_ENDORSED', {}),
      );
    } else {
      const reason = decision.reason ?? makeReason('PODER.NOT_ENDORSED');
      c.view = close({ ...c.view, poder: { poderId: id, status: 'rejected', reason } }, 'rejected', [reason]);
      await c.record(
        'PODER_REJECTED',
        decision.decidedBy ?? SYSTEM_ACTOR,
        { poderId: id, reason: reason.code },
        c.email('PODER_REJECTED', { reason: reason.message }),
      );
    }
  }
}
