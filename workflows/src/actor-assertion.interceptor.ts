import {
  defaultPayloadConverter,
  log,
  patched,
  proxyLocalActivities,
  workflowInfo,
  type Next,
  type UpdateInput,
  type WorkflowExecuteInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptorsFactory,
} from '@temporalio/workflow';
import { ACTOR_ASSERTION_HEADER, API_STARTED_WORKFLOW_TYPES, START_ASSERTION_HEADER, actorInArgs, type ActorAssertionActivities } from '@tramites/contracts';
import type { Payload } from '@temporalio/common';
import { refuse, refuseBusy, setStartGate } from './case-kernel/guards';

/**
 * ADR 0014, no way around the API: an update that names an actor runs only once a local
 * activity has checked the API's signed assertion for that actor, case and moment (the
 * `tramites-actor-assertion` header). A forged actor (the Temporal CLI, a client of the
 * frontend) is refused with AUTH.ASSERTION_INVALID before the workflow acts, and the refusal is
 * logged; nothing of it enters the case's event log. Workflows that ran before replay without
 * the check (the local activity is a new command).
 */
export const ACTOR_ASSERTIONS_PATCH = 'actor-assertions';

/**
 * ADR 0014, start assertions: a workflow the API starts (API_STARTED_WORKFLOW_TYPES) runs only
 * once a local activity has checked the API's signed assertion on its type, id, actor and input
 * (the `tramites-start-assertion` header), measured against the workflow's start time. A forged
 * start (the Temporal CLI, a client of the frontend) fails with AUTH.ASSERTION_INVALID before the
 * workflow's own code runs: nothing of it enters the event log or the read model. Workflows that
 * started before replay without the check (the local activity is a new command).
 */
export const START_ASSERTIONS_PATCH = 'start-assertions';

/** The assertion a header holds, 'malformed' when it does not decode, undefined when absent. */
function assertionIn(header: Payload | undefined): unknown {
  try {
    return header ? defaultPayloadConverter.fromPayload(header) : undefined;
  } catch {
    return 'malformed';
  }
}

const NOT_VOUCHED = 'La acción no viene del sistema de trámites: el actor no está respaldado por la API';

const verifier = proxyLocalActivities<ActorAssertionActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', maximumAttempts: 5 },
});

/** One per workflow (the factory runs for each): the state below is the workflow's own. */
class ActorAssertionInbound implements WorkflowInboundCallsInterceptor {
  /** Updates whose assertion is being verified: meanwhile another update is refused as busy. */
  private verifying = 0;

  /**
   * The check starts before the workflow's code and runs beside it: the code registers its
   * handlers in the first activation (an update sent right after the start would be refused
   * otherwise), but its audit trail waits for the check (`startChecked`, the kernel's first
   * record), and a refused start fails here while the code waits, before anything is recorded.
   */
  async execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    const { workflowType, workflowId, startTime } = workflowInfo();
    if (!API_STARTED_WORKFLOW_TYPES.includes(workflowType) || !patched(START_ASSERTIONS_PATCH)) return next(input);
    const assertion = assertionIn(input.headers[START_ASSERTION_HEADER]);
    const verdict = verifier.verifyStartAssertion({ workflowType, workflowId, args: input.args, startedAt: startTime.toISOString(), assertion });
    setStartGate(verdict.then((v) => (v.ok ? undefined : new Promise<void>(() => undefined))));
    const run = next(input);
    // Observed now: a code that fails before the check ends (its input refused) is not an unhandled rejection.
    run.catch(() => undefined);
    const checked = await verdict;
    if (!checked.ok) {
      log.warn('start refused: not started by the API', { workflowId, workflowType, reason: checked.reason });
      refuse('AUTH.ASSERTION_INVALID', NOT_VOUCHED);
    }
    return run;
  }

  validateUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'validateUpdate'>): void {
    // The handlers' own busy guard starts only when they run, after the check: until then, no
    // second update may pass its validator against a state the first is about to change.
    if (this.verifying > 0 && actorInArgs(input.args)) refuseBusy();
    next(input);
  }

  async handleUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>): Promise<unknown> {
    const actor = actorInArgs(input.args);
    if (!actor || !patched(ACTOR_ASSERTIONS_PATCH)) return next(input);
    const assertion = assertionIn(input.headers[ACTOR_ASSERTION_HEADER]);
    this.verifying += 1;
    let verdict;
    try {
      verdict = await verifier.verifyActorAssertion({ workflowId: workflowInfo().workflowId, message: input.name, actor, assertion });
    } finally {
      this.verifying -= 1;
    }
    if (!verdict.ok) {
      log.warn('update refused: actor not vouched for by the API', { update: input.name, role: actor.role, reason: verdict.reason });
      refuse('AUTH.ASSERTION_INVALID', NOT_VOUCHED);
    }
    return next(input);
  }
}

export const interceptors: WorkflowInterceptorsFactory = () => ({ inbound: [new ActorAssertionInbound()] });
