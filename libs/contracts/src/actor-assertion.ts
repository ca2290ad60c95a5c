import type { Actor } from './case';
import { WORKFLOW_TYPES } from './temporal';

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

export type AssertionRefusal = 'missing' | 'malformed' | 'outdated' | 'bad_signature' | 'expired';

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
