import type { Actor } from './case';
import { WORKFLOW_TYPES } from './temporal';

/**
 * ADR 0014, no way around the API: every update that names an actor carries, in this Temporal
 * header, the API's assertion that it vouched for that actor on that case at that moment. The
 * header holds only the moment and a signature (no personal data: headers are not encrypted).
 */
export const ACTOR_ASSERTION_HEADER = 'tramites-actor-assertion';

/** How long after the API signed it an assertion is still accepted (clock skew and retries included). */
export const ACTOR_ASSERTION_MAX_AGE_MS = 5 * 60_000;

export interface ActorAssertion {
  v: 1;
  /** ISO instant the API signed it. */
  at: string;
  /** base64url HMAC-SHA256 of {@link actorAssertionMessage}. */
  sig: string;
}

export interface ActorAssertionClaim {
  workflowId: string;
  /** The update's name. */
  message: string;
  actor: Actor;
  at: string;
}

/** The exact text the API signs and the worker verifies. */
export function actorAssertionMessage(c: ActorAssertionClaim): string {
  return JSON.stringify([
    'tramites-actor-assertion/v1',
    c.workflowId,
    c.message,
    c.actor.id,
    c.actor.role,
    c.actor.agencyId ?? null,
    c.actor.province ?? null,
    c.at,
  ]);
}

export type ActorAssertionVerdict = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'bad_signature' | 'expired' };

export interface ActorAssertionActivities {
  /** Checks the API's signature on an update's actor (a local activity of every workflow; ADR 0014). */
  verifyActorAssertion(input: { workflowId: string; message: string; actor: Actor; assertion?: unknown }): Promise<ActorAssertionVerdict>;
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
