import {
  condition,
  defaultPayloadConverter,
  log,
  patched,
  proxyLocalActivities,
  workflowInfo,
  type Next,
  type SignalInput,
  type SignalWorkflowInput,
  type UpdateInput,
  type WorkflowExecuteInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptorsFactory,
  type WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';
import {
  ACTOR_ASSERTION_HEADER,
  API_STARTED_WORKFLOW_TYPES,
  ORIGIN_CHECKED_WORKFLOW_TYPES,
  SIGNAL_ASSERTION_HEADER,
  START_ASSERTION_HEADER,
  actorInArgs,
  messageProblem,
  messageSchema,
  startOriginProblem,
  updateAssertionRefusal,
  type ActorAssertionActivities,
} from '@tramites/contracts';
import type { Payload } from '@temporalio/common';
import { refuse, refuseBusy, setStartGate } from './case-kernel/guards';

/**
 * ADR 0014, no way around the API (first version): an update that named an actor with a text
 * id ran only once a local activity had checked the API's assertion on that actor, case and
 * moment. Kept for the histories that recorded it: they replay through it.
 */
export const ACTOR_ASSERTIONS_PATCH = 'actor-assertions';

/**
 * ADR 0014, update assertions (version 2): every update, with or without an actor, runs only
 * once a local activity has checked the API's assertion on this workflow, the update's name and
 * id, the SHA-256 of its exact arguments and the moment (the `tramites-actor-assertion` header);
 * each assertion is taken once. Before that, its validator refuses arguments that do not parse
 * against the contract's schema (libs/contracts message-schemas.ts), and a message the workflow
 * type does not declare, with VALIDATION.FAILED naming the field: a refused update never enters
 * the history. Workflows that ran before replay their updates as they were checked then.
 */
export const UPDATE_ASSERTIONS_PATCH = 'update-assertions-v2';

/**
 * ADR 0014, signal assertions: a workflow that signals another gets, from a local activity, the
 * worker's signature on the target, the signal, its arguments and a fresh id, and sends it in
 * the `tramites-signal-assertion` header; the receiver drops (and logs) a signal whose arguments
 * do not parse against the contract's schema, whose assertion does not hold, or whose id it took
 * before, before its handler runs. Workflows that ran before replay their signals unchecked.
 */
export const SIGNAL_ASSERTIONS_V2_PATCH = 'signal-assertions-v2';

/**
 * ADR 0014, start assertions: a workflow the API starts (API_STARTED_WORKFLOW_TYPES) runs only
 * once a local activity has checked the API's signed assertion on its type, id, actor and input
 * (the `tramites-start-assertion` header), measured against the workflow's start time, and taken
 * once (the first run of the id claims it: the same start replayed once the workflow closed is
 * refused). A forged
 * start (the Temporal CLI, a client of the frontend) fails with AUTH.ASSERTION_INVALID before the
 * workflow's own code runs: nothing of it enters the event log or the read model. Workflows that
 * started before replay without the check (the local activity is a new command).
 */
export const START_ASSERTIONS_PATCH = 'start-assertions';

/**
 * ADR 0014, start origins: a poder's review runs only as the child of the case its input names,
 * the archiver and the checkpoint only under their fixed ids with bounded options
 * (libs/contracts actor-assertion.ts, startOriginProblem); any other start fails with
 * AUTH.ASSERTION_INVALID before the workflow's code runs. Workflows that started before replay
 * without the check.
 */
export const START_ORIGINS_PATCH = 'start-origins';

/** The assertion a header holds, 'malformed' when it does not decode, undefined when absent. */
function assertionIn(header: Payload | undefined): unknown {
  try {
    return header ? defaultPayloadConverter.fromPayload(header) : undefined;
  } catch {
    return 'malformed';
  }
}

/** The signature of a decoded assertion, the key under which it is taken once. */
function signatureOf(assertion: unknown): string | undefined {
  const sig = assertion && typeof assertion === 'object' ? (assertion as { sig?: unknown }).sig : undefined;
  return typeof sig === 'string' ? sig : undefined;
}

const NOT_VOUCHED = 'La acción no viene del sistema de trámites: el actor no está respaldado por la API';
const NOT_STARTED_BY_SYSTEM = 'El flujo no fue iniciado por el sistema de trámites';
const USED_ONCE = 'La acción no viene del sistema de trámites: su firma ya se usó';

const assertions = proxyLocalActivities<ActorAssertionActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', maximumAttempts: 5 },
});

/** One per workflow (the factory runs for each): the state below is the workflow's own. */
class ActorAssertionInbound implements WorkflowInboundCallsInterceptor {
  /** Updates whose assertion is being verified: meanwhile another update that names an actor is refused as busy. */
  private verifying = 0;
  /** Signals whose assertion is being verified: the workflow does not end before they are decided. */
  private verifyingSignals = 0;
  /** Signatures of the update assertions taken (each is taken once). */
  private readonly usedUpdateAssertions = new Set<string>();
  /** Ids of the signal assertions taken (each is taken once). */
  private readonly usedSignalAssertions = new Set<string>();

  /**
   * The check starts before the workflow's code and runs beside it: the code registers its
   * handlers in the first activation (an update sent right after the start would be refused
   * otherwise), but its audit trail waits for the check (`startChecked`, the kernel's first
   * record), and a refused start fails here while the code waits, before anything is recorded.
   */
  async execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    const result = await this.checkedStart(input, next);
    // A signal being verified is not lost when the code ends meanwhile: it is decided first.
    if (this.verifyingSignals > 0) await condition(() => this.verifyingSignals === 0);
    return result;
  }

  private async checkedStart(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    const { workflowType, workflowId, startTime, taskQueue, parent, firstExecutionRunId } = workflowInfo();
    if (ORIGIN_CHECKED_WORKFLOW_TYPES.includes(workflowType) && patched(START_ORIGINS_PATCH)) {
      const problem = startOriginProblem({ workflowType, workflowId, taskQueue, parentWorkflowId: parent?.workflowId }, input.args);
      if (problem) {
        log.warn('start refused: not started by the system', { workflowId, workflowType, reason: problem });
        refuse('AUTH.ASSERTION_INVALID', NOT_STARTED_BY_SYSTEM);
      }
    }
    if (!API_STARTED_WORKFLOW_TYPES.includes(workflowType) || !patched(START_ASSERTIONS_PATCH)) return next(input);
    const assertion = assertionIn(input.headers[START_ASSERTION_HEADER]);
    const verdict = assertions.verifyStartAssertion({
      workflowType,
      workflowId,
      args: input.args,
      startedAt: startTime.toISOString(),
      assertion,
      firstRunId: firstExecutionRunId,
    });
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

  /**
   * Runs for new updates only (an accepted update replays without its validator): a refusal
   * here never reaches the history. The arguments must parse against the contract's schema,
   * and an assertion already taken is refused at once. The SDK calls it only for a handler
   * registered with a validator: every update handler has one (the red-team suite,
   * test/src/security, fails for a message whose forged shapes reach the history).
   */
  validateUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'validateUpdate'>): void {
    const found = messageProblem(workflowInfo().workflowType, 'update', input.name, input.args);
    if (found) {
      log.warn('update refused: its arguments do not match the contract', { update: input.name, field: found.field });
      refuse('VALIDATION.FAILED', found.message, [found]);
    }
    // Without a well-formed, current assertion the update is refused here, before it is accepted:
    // it never reaches the history nor holds the workflow's other updates while it is checked.
    const assertion = assertionIn(input.headers[ACTOR_ASSERTION_HEADER]);
    const unfit = updateAssertionRefusal(assertion, Date.now());
    if (unfit) {
      log.warn('update refused: no well-formed, current assertion', { update: input.name, reason: unfit });
      refuse('AUTH.ASSERTION_INVALID', NOT_VOUCHED);
    }
    const sig = signatureOf(assertion);
    if (sig !== undefined && this.usedUpdateAssertions.has(sig)) {
      log.warn('update refused: its assertion was used before', { update: input.name });
      refuse('AUTH.ASSERTION_INVALID', USED_ONCE);
    }
    // The handlers' own busy guard starts only when they run, after the check: until then, no
    // second update may pass its validator against a state the first is about to change.
    if (this.verifying > 0 && messageSchema(workflowInfo().workflowType, 'update', input.name)?.actor) refuseBusy();
    next(input);
  }

  async handleUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>): Promise<unknown> {
    if (patched(UPDATE_ASSERTIONS_PATCH)) return this.checkedUpdate(input, next);
    // Histories recorded before version 2: the check as it ran then (only a text actor id was checked).
    const actor = actorInArgs(input.args);
    if (!actor || !patched(ACTOR_ASSERTIONS_PATCH)) return next(input);
    await this.verified(input);
    return next(input);
  }

  private async checkedUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>): Promise<unknown> {
    const assertion = assertionIn(input.headers[ACTOR_ASSERTION_HEADER]);
    const sig = signatureOf(assertion);
    if (sig !== undefined && this.usedUpdateAssertions.has(sig)) {
      log.warn('update refused: its assertion was used before', { update: input.name });
      refuse('AUTH.ASSERTION_INVALID', USED_ONCE);
    }
    await this.verified(input, assertion);
    // Two updates with one signature (the same id and arguments) cannot both have passed: Temporal
    // answers a repeated update id with the first one's outcome; this is the workflow's own record.
    if (sig === undefined || this.usedUpdateAssertions.has(sig)) refuse('AUTH.ASSERTION_INVALID', USED_ONCE);
    this.usedUpdateAssertions.add(sig as string);
    return next(input);
  }

  /** The verifying local activity's verdict on the update's assertion; refuses when it does not hold. */
  private async verified(input: UpdateInput, assertion: unknown = assertionIn(input.headers[ACTOR_ASSERTION_HEADER])): Promise<void> {
    this.verifying += 1;
    let verdict;
    try {
      verdict = await assertions.verifyActorAssertion({
        workflowId: workflowInfo().workflowId,
        message: input.name,
        updateId: input.updateId,
        args: input.args,
        assertion,
        checkedAt: new Date().toISOString(),
      });
    } finally {
      this.verifying -= 1;
    }
    if (!verdict.ok) {
      log.warn('update refused: not vouched for by the API', { update: input.name, reason: verdict.reason });
      refuse('AUTH.ASSERTION_INVALID', NOT_VOUCHED);
    }
  }

  /** A signal acts only once its arguments parse and its assertion holds and is new; otherwise it is dropped and logged. */
  async handleSignal(input: SignalInput, next: Next<WorkflowInboundCallsInterceptor, 'handleSignal'>): Promise<void> {
    if (!patched(SIGNAL_ASSERTIONS_V2_PATCH)) return next(input);
    const { workflowId, workflowType } = workflowInfo();
    const found = messageProblem(workflowType, 'signal', input.signalName, input.args);
    if (found) {
      log.warn('signal refused: its arguments do not match the contract', { signal: input.signalName, field: found.field });
      return;
    }
    this.verifyingSignals += 1;
    let verdict;
    try {
      const assertion = assertionIn(input.headers[SIGNAL_ASSERTION_HEADER]);
      verdict = await assertions.verifySignalAssertion({ workflowId, signal: input.signalName, args: input.args, assertion });
    } finally {
      this.verifyingSignals -= 1;
    }
    if (!verdict.ok) {
      log.warn('signal refused: not sent by a workflow of the system', { signal: input.signalName, reason: verdict.reason });
      return;
    }
    if (this.usedSignalAssertions.has(verdict.id)) {
      log.warn('signal refused: its assertion was used before', { signal: input.signalName });
      return;
    }
    this.usedSignalAssertions.add(verdict.id);
    return next(input);
  }
}

/** Signs every signal the workflow sends (the receiver refuses one without the worker's signature). */
class SignalAssertionOutbound implements WorkflowOutboundCallsInterceptor {
  async signalWorkflow(input: SignalWorkflowInput, next: Next<WorkflowOutboundCallsInterceptor, 'signalWorkflow'>): Promise<void> {
    if (!patched(SIGNAL_ASSERTIONS_V2_PATCH)) return next(input);
    const workflowId = (input.target.type === 'external' ? input.target.workflowExecution.workflowId : input.target.childWorkflowId) ?? '';
    const assertion = await assertions.signSignalAssertion({ workflowId, signal: input.signalName, args: input.args });
    return next({ ...input, headers: { ...input.headers, [SIGNAL_ASSERTION_HEADER]: defaultPayloadConverter.toPayload(assertion) } });
  }
}

export const interceptors: WorkflowInterceptorsFactory = () => ({ inbound: [new ActorAssertionInbound()], outbound: [new SignalAssertionOutbound()] });
