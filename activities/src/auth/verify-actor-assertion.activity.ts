import { createHmac, timingSafeEqual } from 'node:crypto';
import { log } from '@temporalio/activity';
import { ACTOR_ASSERTION_MAX_AGE_MS, actorAssertionMessage, type ActorAssertionActivities, type ActorAssertionVerdict } from '@tramites/contracts';

/**
 * Checks the API's assertion on an update's actor (ADR 0014): an HMAC-SHA256, under the key the
 * API signs with, of the workflow, the update, the actor and the moment, signed at most five
 * minutes ago. A refusal is logged (the workflow, the update, the role and why; no personal data).
 */
export function makeVerifyActorAssertion(key: string, now: () => number = Date.now): ActorAssertionActivities['verifyActorAssertion'] {
  return async ({ workflowId, message, actor, assertion }) => {
    const verdict = check();
    if (!verdict.ok) log.warn('actor assertion refused', { workflowId, update: message, role: actor.role, reason: verdict.reason });
    return verdict;

    function check(): ActorAssertionVerdict {
      if (assertion === undefined || assertion === null) return { ok: false, reason: 'missing' };
      const { v, at, sig } = (typeof assertion === 'object' ? assertion : {}) as { v?: unknown; at?: unknown; sig?: unknown };
      if (v !== 1 || typeof at !== 'string' || typeof sig !== 'string' || Number.isNaN(Date.parse(at))) return { ok: false, reason: 'malformed' };
      const expected = createHmac('sha256', key).update(actorAssertionMessage({ workflowId, message, actor, at })).digest();
      const given = Buffer.from(sig, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
      if (Math.abs(now() - Date.parse(at)) > ACTOR_ASSERTION_MAX_AGE_MS) return { ok: false, reason: 'expired' };
      return { ok: true };
    }
  };
}
