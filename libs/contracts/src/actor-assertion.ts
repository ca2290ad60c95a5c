import type { Actor } from './case';

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
