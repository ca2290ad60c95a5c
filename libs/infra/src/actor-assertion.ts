import { createHash, createHmac } from 'node:crypto';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { ACTOR_ASSERTION_HEADER, actorAssertionMessage, actorInArgs, type ActorAssertion, type ActorAssertionClaim } from '@tramites/contracts';
import { StartupError } from './preflight';

/** HMAC-SHA256 of the claim under the API's assertion key (base64url). */
export function signActorAssertion(key: string, claim: ActorAssertionClaim): string {
  return createHmac('sha256', key).update(actorAssertionMessage(claim)).digest('base64url');
}

/**
 * The API's Temporal client signs, for every update whose first argument names an actor, the
 * claim "this actor, on this workflow, this update, now" into the `tramites-actor-assertion`
 * header (ADR 0014). The workflows refuse an update whose actor carries no valid assertion.
 */
export function actorAssertionInterceptor(key: string, now: () => Date = () => new Date()): WorkflowClientInterceptor {
  return {
    startUpdate: (input, next) => {
      const actor = actorInArgs(input.args);
      if (!actor) return next(input);
      const at = now().toISOString();
      const sig = signActorAssertion(key, { workflowId: input.workflowExecution.workflowId, message: input.updateName, actor, at });
      const assertion: ActorAssertion = { v: 1, at, sig };
      return next({ ...input, headers: { ...input.headers, [ACTOR_ASSERTION_HEADER]: defaultPayloadConverter.toPayload(assertion) } });
    },
  };
}

/**
 * The key of processes started outside production without TEMPORAL_ACTOR_ASSERTION_KEY (tests,
 * a process run by hand): public, so it vouches for nothing; production refuses to start without one.
 */
export const DEVELOPMENT_ACTOR_ASSERTION_KEY = createHash('sha256').update('tramites development actor assertion key, not for production').digest('base64url');

export type ActorAssertionKeySettings = Partial<Record<'NODE_ENV' | 'TEMPORAL_ACTOR_ASSERTION_KEY', string>>;

/** The key the API signs actor assertions with and the worker verifies them with; required in production. */
export function actorAssertionKeyFromEnv(env: ActorAssertionKeySettings = process.env): { key: string; warning?: string } {
  const key = env['TEMPORAL_ACTOR_ASSERTION_KEY'];
  if (key) {
    if (key.length < 32) throw new StartupError('TEMPORAL_ACTOR_ASSERTION_KEY must have at least 32 characters (32 random bytes in base64)');
    return { key };
  }
  if (env['NODE_ENV'] === 'production') throw new StartupError('TEMPORAL_ACTOR_ASSERTION_KEY must be set in production (the same on the API and the worker)');
  return { key: DEVELOPMENT_ACTOR_ASSERTION_KEY, warning: 'TEMPORAL_ACTOR_ASSERTION_KEY is not set: actor assertions use the public development key' };
}
