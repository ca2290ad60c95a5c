import { allHandlersFinished, condition, getExternalWorkflowHandle, log, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import {
  ERROR_CODES,
  caseWorkflowId,
  endorsePoderUpdate,
  getPoderQuery,
  poderDecidedSignal,
  rejectPoderUpdate,
  subscribeToPoderDecisionSignal,
  type CaseActivities,
  type PoderReviewInput,
  type PoderView,
} from '@tramites/contracts';
import { SIGNAL_ASSERTIONS_PATCH, refuse } from '../case-kernel/guards';
import { decisionRefusal, endorse, openReview, reject, rejectionReasonRefusal, reminderAt } from './poder-review.state';

const { recordPoderReview } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * Cases that present this poder while it is under review for another case subscribe to the
 * decision and are signalled once it is stored (they used to poll the registry every 15 minutes).
 */
export const PODER_DECISION_SUBSCRIBERS_PATCH = 'poder-decision-subscribers';

/**
 * A subscription acts only once its signal's assertion is verified (a local activity: ADR 0014),
 * which may end after the waiting cases were told: the review waits for every signal being
 * checked and tells the late subscribers before it ends, so no case waits for good.
 */
export const PODER_LATE_SUBSCRIBERS_PATCH = 'poder-late-subscribers';

/**
 * What a refusal of a decision says: the real reason, in the legal unit's words (never "No puede
 * sumillar este poder" alone, nor "ese motivo" for a refusal that is not about the reason).
 * Validators' refusals are not recorded in the history: changing their words changes no command.
 */
const DECISION_REFUSALS: Readonly<Record<string, string>> = {
  'AUTH.ROLE_NOT_ALLOWED': 'Solo la unidad jurídica de la provincia sumilla o rechaza poderes.',
  'AUTH.OUT_OF_SCOPE': 'Este poder es de otra provincia: lo sumilla o rechaza la unidad jurídica de esa provincia.',
  'PODER.SAME_OFFICER': ERROR_CODES['PODER.SAME_OFFICER'].message,
  'PODER.ALREADY_DECIDED': 'Este poder ya fue decidido: no admite otra decisión.',
  'PODER.INVALID_REASON': 'El motivo de rechazo no es uno de los motivos de rechazo de un poder (PODER.*).',
};
const refusalText = (code: string): string => DECISION_REFUSALS[code] ?? 'No puede decidir este poder.';

/**
 * One poder's review by the provincial legal unit (child of the case that presented it).
 * A reminder at half the deadline, escalation to the provincial coordinator when it passes.
 */
export async function poderReviewWorkflow(input: PoderReviewInput): Promise<PoderView> {
  let view = openReview(input, Date.now());
  let saving: Promise<void> = Promise.resolve();
  const save = (): Promise<void> => {
    view = { ...view, eventCount: view.eventCount + 1 };
    const snapshot = view;
    saving = saving.then(() => recordPoderReview({ view: snapshot, poder: input.poder }));
    return saving;
  };
  const decidedYet = (): boolean => view.status !== 'pending';

  /** Workflow ids of the other cases waiting for this decision, in the order they asked. */
  const subscribers: string[] = [];

  setHandler(getPoderQuery, () => view);
  setHandler(subscribeToPoderDecisionSignal, ({ caseId, workflowId }) => {
    if (patched(SIGNAL_ASSERTIONS_PATCH) && workflowId !== caseWorkflowId(caseId)) {
      log.warn('signal refused: a subscription for a workflow that is not the case it names', { signal: 'subscribeToPoderDecision' });
      return;
    }
    if (!subscribers.includes(workflowId)) subscribers.push(workflowId);
  });
  setHandler(
    endorsePoderUpdate,
    async ({ actor, validUntil }) => {
      view = endorse(view, actor, Date.now(), validUntil ?? input.poder.validUntil);
      await save();
      return view;
    },
    {
      validator: ({ actor }) => {
        const code = decisionRefusal(view, input, actor);
        if (code) refuse(code, refusalText(code));
      },
    },
  );
  setHandler(
    rejectPoderUpdate,
    async ({ actor, reasonCode }) => {
      view = reject(view, actor, Date.now(), reasonCode);
      await save();
      return view;
    },
    {
      validator: ({ actor, reasonCode }) => {
        const code = decisionRefusal(view, input, actor) ?? rejectionReasonRefusal(reasonCode);
        if (code) refuse(code, refusalText(code));
      },
    },
  );

  await save();
  if (!(await condition(decidedYet, Math.max(1, reminderAt(view) - Date.now())))) {
    view = { ...view, remindedAt: new Date().toISOString() };
    await save();
  }
  if (!(await condition(decidedYet, Math.max(1, Date.parse(view.dueAt) - Date.now())))) {
    // Past the deadline: escalated to the provincial coordinator, and still waiting for a decision.
    view = { ...view, escalatedAt: new Date().toISOString() };
    await save();
    await condition(decidedYet);
  }
  await saving;
  // The decision is in the registry: each waiting case learns it now (late subscribers too).
  let told = 0;
  const tell = async (waiting: string): Promise<void> => {
    // A case that closed meanwhile (cancelled, terminated) needs no answer.
    await getExternalWorkflowHandle(waiting)
      .signal(poderDecidedSignal, view)
      .catch(() => undefined);
  };
  for (; told < subscribers.length && patched(PODER_DECISION_SUBSCRIBERS_PATCH); told += 1) await tell(subscribers[told] ?? '');
  if (patched(PODER_LATE_SUBSCRIBERS_PATCH)) {
    do {
      await condition(allHandlersFinished);
      for (; told < subscribers.length; told += 1) await tell(subscribers[told] ?? '');
    } while (!allHandlersFinished());
  }
  return view;
}
