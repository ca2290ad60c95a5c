import { caseWorkflowId, type Actor } from './case';
import { EVENT_LOG_CHECKPOINT_WORKFLOW_ID } from './event-log';
import { HISTORY_ARCHIVER_WORKFLOW_ID, WORKFLOW_TYPES } from './temporal';

export * from './message-schemas';

/**
 * ADR 0014, no way around the API: every update carries, in this Temporal header, the API's
 * assertion that it sent this update (its name and id) with these exact arguments to this
 * workflow at that moment. The header holds only the moment and a signature (no personal data:
 * headers are not encrypted by the payload codec, and Temporal shows them in the history).
 */
export const ACTOR_ASSERTION_HEADER = 'tramites-actor-assertion';

/** How long after the API signed it an update's assertion is still accepted (clock skew and retries included). */
export const ACTOR_ASSERTION_MAX_AGE_MS = 5 * 60_000;

/**
 * The version of the assertions signed now. Version 1 signed the actor but not the arguments
 * nor the update's id, so a header lifted from a history could vouch for other arguments: it
 * is refused for every new update (histories that recorded it replay from their markers).
 */
export const ACTOR_ASSERTION_VERSION = 2;

export interface ActorAssertion {
  v: 2;
  /** ISO instant the API signed it. */
  at: string;
  /** base64url HMAC-SHA256 of {@link updateAssertionMessage}. */
  sig: string;
}

export interface UpdateAssertionClaim {
  workflowId: string;
  /** The update's name. */
  message: string;
  /** The update's id (Temporal's: a retry of the same update keeps it, so it is applied once). */
  updateId: string;
  /** base64url SHA-256 of {@link messageArgsText} of the update's arguments. */
  argsDigest: string;
  at: string;
}

/**
 * The text of a message's arguments whose digest is signed: JSON, as the payload converter
 * sends them (each argument JSON; a decoded argument written again gives the same text).
 */
export const messageArgsText = (args: readonly unknown[]): string => JSON.stringify(args);

/** The exact text the API signs and the worker verifies for an update. */
export function updateAssertionMessage(c: UpdateAssertionClaim): string {
  return JSON.stringify(['tramites-update-assertion/v2', c.workflowId, c.message, c.updateId, c.argsDigest, c.at]);
}

/**
 * ADR 0014, signal assertions: a signal between workflows (a case subscribing to a poder
 * review, the review telling the case its decision) carries in this header the sending
 * worker's assertion on the target workflow, the signal's name, its arguments and a unique id;
 * the receiver takes each id once. Only the worker holds the key, so only our workflows sign.
 */
export const SIGNAL_ASSERTION_HEADER = 'tramites-signal-assertion';

/**
 * How long after it was signed a signal's assertion is still accepted: signals are delivered
 * within seconds, but the receiver checks it when its own task runs (a worker down for hours).
 */
export const SIGNAL_ASSERTION_MAX_AGE_MS = 24 * 60 * 60_000;

export interface SignalAssertion {
  v: 2;
  at: string;
  /** Unique per signal sent: the receiver accepts each id once. */
  id: string;
  /** base64url HMAC-SHA256 of {@link signalAssertionMessage}. */
  sig: string;
}

export interface SignalAssertionClaim {
  /** The workflow the signal is sent to. */
  workflowId: string;
  signal: string;
  signalId: string;
  argsDigest: string;
  at: string;
}

/** The exact text the sending worker signs and the receiving worker verifies for a signal. */
export function signalAssertionMessage(c: SignalAssertionClaim): string {
  return JSON.stringify(['tramites-signal-assertion/v2', c.workflowId, c.signal, c.signalId, c.argsDigest, c.at]);
}

/** `replayed`: a start assertion whose workflow id another run claimed first (a closed workflow started again). */
export type AssertionRefusal = 'missing' | 'malformed' | 'outdated' | 'bad_signature' | 'expired' | 'replayed';

/**
 * What an update's validator can tell of its assertion without the key (ADR 0014): it must be
 * there, of version 2, `{v, at, sig}` with a signature of the length an HMAC-SHA256 has, and
 * signed within {@link ACTOR_ASSERTION_MAX_AGE_MS} of `now`. An update refused here never enters
 * the history, and never holds the workflow's other updates while a local activity checks it.
 */
export function updateAssertionRefusal(assertion: unknown, now: number): AssertionRefusal | undefined {
  if (assertion === undefined || assertion === null) return 'missing';
  if (typeof assertion !== 'object' || Array.isArray(assertion)) return 'malformed';
  const { v, at, sig, ...rest } = assertion as { v?: unknown; at?: unknown; sig?: unknown };
  if (typeof v === 'number' && v < ACTOR_ASSERTION_VERSION) return 'outdated';
  if (v !== ACTOR_ASSERTION_VERSION || typeof at !== 'string' || typeof sig !== 'string' || Object.keys(rest).length > 0) return 'malformed';
  if (!/^[A-Za-z0-9_-]{43}$/.test(sig)) return 'malformed';
  const signedAt = Date.parse(at);
  if (Number.isNaN(signedAt)) return 'malformed';
  return Math.abs(now - signedAt) > ACTOR_ASSERTION_MAX_AGE_MS ? 'expired' : undefined;
}

export type ActorAssertionVerdict = { ok: true } | { ok: false; reason: AssertionRefusal };

/** A signal's verdict names, when it holds, the id the receiver takes once. */
export type SignalAssertionVerdict = { ok: true; id: string } | { ok: false; reason: AssertionRefusal };

export interface ActorAssertionActivities {
  /**
   * Checks the API's signature on an update (a local activity of every workflow; ADR 0014): the
   * workflow, the update's name and id, the digest of its arguments and the moment.
   */
  verifyActorAssertion(input: {
    workflowId: string;
    message: string;
    updateId: string;
    args: readonly unknown[];
    assertion?: unknown;
    /** The workflow's clock when the check began (ISO): the assertion's age is measured against it, as its validator did. */
    checkedAt?: string;
  }): Promise<ActorAssertionVerdict>;
  /** Signs a signal a workflow sends to another (a local activity: only the worker holds the key). */
  signSignalAssertion(input: { workflowId: string; signal: string; args: readonly unknown[] }): Promise<SignalAssertion>;
  /** Checks the sending worker's signature on a signal this workflow received. */
  verifySignalAssertion(input: { workflowId: string; signal: string; args: readonly unknown[]; assertion?: unknown }): Promise<SignalAssertionVerdict>;
  /**
   * Checks the API's signature on a workflow's start (ADR 0014, start assertions): the type, the
   * id, the actor, the input's hash and the moment, which must be within the maximum age of the
   * workflow's start time (`startedAt`, from its history), not of the clock when the check runs.
   */
  verifyStartAssertion(input: {
    workflowType: string;
    workflowId: string;
    args: readonly unknown[];
    startedAt: string;
    assertion?: unknown;
    /**
     * The first run id of the workflow's chain: a valid assertion claims the workflow id for it
     * once, and a later run under the same id (the start replayed after the workflow closed) is refused.
     */
    firstRunId?: string;
  }): Promise<ActorAssertionVerdict>;
}

/**
 * ADR 0014, start assertions: every workflow the API starts carries, in this header, the API's
 * assertion that it started that workflow type, under that id, for that actor, with that input.
 */
export const START_ASSERTION_HEADER = 'tramites-start-assertion';

/** A start's assertion (its input's hash is signed, so a lifted one starts nothing else). */
export interface StartAssertion {
  v: 1;
  at: string;
  /** base64url HMAC-SHA256 of {@link startAssertionMessage}. */
  sig: string;
}

/**
 * ADR 0014, start origins: the workflow types no client starts. A poder's review runs only as
 * the child of the case workflow its input names; the archiver and the checkpoint run only under
 * their fixed ids (or, where suites share a namespace, that id and the task queue they poll:
 * one per queue) with options within bounds. A start from elsewhere (the Temporal CLI, a client
 * of the frontend) fails before the workflow's code runs.
 */
export const ORIGIN_CHECKED_WORKFLOW_TYPES: readonly string[] = [WORKFLOW_TYPES.poderReview, WORKFLOW_TYPES.historyArchiver, WORKFLOW_TYPES.eventLogCheckpoint];

/** Bounds of the singletons' options: a round at least every minute and at most every day, a batch of 1 to 1,000. */
export const SINGLETON_OPTION_BOUNDS: Readonly<Record<string, Readonly<Record<string, readonly [number, number]>>>> = {
  [WORKFLOW_TYPES.historyArchiver]: { intervalMinutes: [1, 1440], batch: [1, 1000] },
  [WORKFLOW_TYPES.eventLogCheckpoint]: { intervalMinutes: [1, 1440] },
};

const SINGLETON_IDS: Readonly<Record<string, string>> = {
  [WORKFLOW_TYPES.historyArchiver]: HISTORY_ARCHIVER_WORKFLOW_ID,
  [WORKFLOW_TYPES.eventLogCheckpoint]: EVENT_LOG_CHECKPOINT_WORKFLOW_ID,
};

/** The id of a singleton for the workers of one task queue (the suites, which share a namespace). */
export const singletonWorkflowId = (fixedId: string, taskQueue: string): string => `${fixedId}:${taskQueue}`;

/** Where a workflow of {@link ORIGIN_CHECKED_WORKFLOW_TYPES} runs, from its own workflow info. */
export interface StartOrigin {
  workflowType: string;
  workflowId: string;
  taskQueue: string;
  /** The parent's workflow id (set by the server for a child workflow only). */
  parentWorkflowId: string | undefined;
}

/** Why such a start is refused (English, for the log), or undefined when it came from where it must. */
export function startOriginProblem(origin: StartOrigin, args: readonly unknown[]): string | undefined {
  const first = args[0];
  if (origin.workflowType === WORKFLOW_TYPES.poderReview) {
    const caseId = first && typeof first === 'object' ? (first as { caseId?: unknown }).caseId : undefined;
    if (typeof caseId !== 'string' || origin.parentWorkflowId !== caseWorkflowId(caseId)) return 'not the child of the case it names';
    return undefined;
  }
  const fixedId = SINGLETON_IDS[origin.workflowType];
  const bounds = SINGLETON_OPTION_BOUNDS[origin.workflowType];
  if (!fixedId || !bounds) return undefined;
  if (origin.workflowId !== fixedId && origin.workflowId !== singletonWorkflowId(fixedId, origin.taskQueue)) return 'not under its fixed id';
  if (args.length > 1) return 'more than one argument';
  // No options: the workflow's defaults.
  if (first === undefined) return undefined;
  if (!first || typeof first !== 'object' || Array.isArray(first)) return 'options are not an object';
  const options = first as Record<string, unknown>;
  const unknown = Object.keys(options).find((k) => !(k in bounds));
  if (unknown) return `unknown option ${unknown}`;
  for (const [name, [min, max]] of Object.entries(bounds)) {
    const value = options[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) return `${name} outside ${min}..${max}`;
  }
  return undefined;
}

/**
 * The workflows the API starts, which run only with a valid start assertion. The others are
 * started by workflows that were themselves checked (the poder review by a case, the archiver
 * and the checkpoint by the worker at boot, as continue-as-new rounds).
 */
export const API_STARTED_WORKFLOW_TYPES: readonly string[] = [
  WORKFLOW_TYPES.inPersonCase,
  WORKFLOW_TYPES.affiliatePassword,
  WORKFLOW_TYPES.employerPassword,
  WORKFLOW_TYPES.followCodeEmail,
  WORKFLOW_TYPES.issuedDocumentResend,
];

export interface StartAssertionClaim {
  workflowType: string;
  workflowId: string;
  /** The start input's `openedBy`, if it names one. */
  actor: Actor | undefined;
  /** base64url SHA-256 of {@link startInputText}. */
  inputHash: string;
  at: string;
}

/** The text of a start's arguments whose hash is signed: JSON, as the payload converter sends them. */
export const startInputText = (args: readonly unknown[]): string => JSON.stringify(args);

/** The exact text the API signs and the worker verifies for a start. */
export function startAssertionMessage(c: StartAssertionClaim): string {
  return JSON.stringify([
    'tramites-start-assertion/v1',
    c.workflowType,
    c.workflowId,
    c.actor?.id ?? null,
    c.actor?.role ?? null,
    c.actor?.agencyId ?? null,
    c.actor?.province ?? null,
    c.inputHash,
    c.at,
  ]);
}

/** The actor a start's first argument names as `openedBy`, if any. */
export function openedByInArgs(args: readonly unknown[]): Actor | undefined {
  const first = args[0];
  return first && typeof first === 'object' ? actorInArgs([{ actor: (first as { openedBy?: unknown }).openedBy }]) : undefined;
}

/** The actor an update names, if its first argument has one. */
export function actorInArgs(args: readonly unknown[]): Actor | undefined {
  const first = args[0];
  if (!first || typeof first !== 'object') return undefined;
  const actor = (first as { actor?: unknown }).actor;
  if (!actor || typeof actor !== 'object') return undefined;
  const { id, role } = actor as Partial<Actor>;
  return typeof id === 'string' && typeof role === 'string' ? (actor as Actor) : undefined;
}
