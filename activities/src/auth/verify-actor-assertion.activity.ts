import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { log } from '@temporalio/activity';
import {
  ACTOR_ASSERTION_MAX_AGE_MS,
  actorAssertionMessage,
  openedByInArgs,
  startAssertionMessage,
  startInputText,
  type ActorAssertionActivities,
  type ActorAssertionVerdict,
} from '@tramites/contracts';

/**
 * The verdict on an assertion `{v: 1, at, sig}`: `sig` must be the HMAC-SHA256 under `key` of
 * `message(at)`, and `at` within the maximum age of `reference` (a moment in milliseconds).
 */
function checkAssertion(key: string, assertion: unknown, message: (at: string) => string, reference: number): ActorAssertionVerdict {
  if (assertion === undefined || assertion === null) return { ok: false, reason: 'missing' };
  const { v, at, sig } = (typeof assertion === 'object' ? assertion : {}) as { v?: unknown; at?: unknown; sig?: unknown };
  if (v !== 1 || typeof at !== 'string' || typeof sig !== 'string' || Number.isNaN(Date.parse(at))) return { ok: false, reason: 'malformed' };
  const expected = createHmac('sha256', key).update(message(at)).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  if (Math.abs(reference - Date.parse(at)) > ACTOR_ASSERTION_MAX_AGE_MS) return { ok: false, reason: 'expired' };
  return { ok: true };
}

/**
 * Checks the API's assertion on an update's actor (ADR 0014): an HMAC-SHA256, under the key the
 * API signs with, of the workflow, the update, the actor and the moment, signed at most five
 * minutes ago. A refusal is logged (the workflow, the update, the role and why; no personal data).
 */
export function makeVerifyActorAssertion(key: string, now: () => number = Date.now): ActorAssertionActivities['verifyActorAssertion'] {
  return async ({ workflowId, message, actor, assertion }) => {
    const verdict = checkAssertion(key, assertion, (at) => actorAssertionMessage({ workflowId, message, actor, at }), now());
    if (!verdict.ok) log.warn('actor assertion refused', { workflowId, update: message, role: actor.role, reason: verdict.reason });
    return verdict;
  };
}

/**
 * Checks the API's assertion on a workflow's start (ADR 0014, start assertions): the HMAC of the
 * workflow type, its id, the actor that opened it, the SHA-256 of its input and the moment, signed
 * within five minutes of the workflow's start time as its history records it (a start whose first
 * task runs late, a worker down, is still genuine). A refusal is logged (workflow, type, why).
 */
export function makeVerifyStartAssertion(key: string): ActorAssertionActivities['verifyStartAssertion'] {
  return async ({ workflowType, workflowId, args, startedAt, assertion }) => {
    const inputHash = createHash('sha256').update(startInputText(args)).digest('base64url');
    const actor = openedByInArgs(args);
    const message = (at: string): string => startAssertionMessage({ workflowType, workflowId, actor, inputHash, at });
    const verdict = checkAssertion(key, assertion, message, Date.parse(startedAt));
    if (!verdict.ok) log.warn('start assertion refused', { workflowId, workflowType, reason: verdict.reason });
    return verdict;
  };
}
