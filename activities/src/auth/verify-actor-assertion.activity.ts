import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { log } from '@temporalio/activity';
import {
  ACTOR_ASSERTION_MAX_AGE_MS,
  ACTOR_ASSERTION_VERSION,
  SIGNAL_ASSERTION_MAX_AGE_MS,
  messageArgsText,
  openedByInArgs,
  signalAssertionMessage,
  startAssertionMessage,
  startInputText,
  updateAssertionMessage,
  type ActorAssertionActivities,
  type ActorAssertionVerdict,
  type AssertionRefusal,
} from '@tramites/contracts';

const digest = (args: readonly unknown[]): string => createHash('sha256').update(messageArgsText(args)).digest('base64url');
const hmac = (key: string, text: string): Buffer => createHmac('sha256', key).update(text).digest();

interface Checked {
  at: string;
  sig: string;
  id?: string;
}

/**
 * The verdict on an assertion `{v, at, sig}` of version `version`: `sig` must be the HMAC-SHA256
 * under `key` of `message(fields)`, and `at` within `maxAgeMs` of `reference` (milliseconds).
 */
function checkAssertion(
  key: string,
  assertion: unknown,
  version: number,
  message: (fields: Checked) => string,
  reference: number,
  maxAgeMs: number,
): ActorAssertionVerdict {
  if (assertion === undefined || assertion === null) return { ok: false, reason: 'missing' };
  const { v, at, sig, id } = (typeof assertion === 'object' ? assertion : {}) as { v?: unknown; at?: unknown; sig?: unknown; id?: unknown };
  if (typeof v === 'number' && v < version) return { ok: false, reason: 'outdated' };
  if (v !== version || typeof at !== 'string' || typeof sig !== 'string' || Number.isNaN(Date.parse(at))) return { ok: false, reason: 'malformed' };
  if (id !== undefined && (typeof id !== 'string' || id.length === 0 || id.length > 100)) return { ok: false, reason: 'malformed' };
  const expected = hmac(key, message({ at, sig, ...(typeof id === 'string' ? { id } : {}) }));
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  if (Math.abs(reference - Date.parse(at)) > maxAgeMs) return { ok: false, reason: 'expired' };
  return { ok: true };
}

/**
 * Checks the API's assertion on an update (ADR 0014): version 2, an HMAC-SHA256, under the key
 * the API signs with, of the workflow, the update's name and id, the SHA-256 of its exact
 * arguments and the moment, signed at most five minutes before (or after) the workflow's clock
 * when the check began (`checkedAt`; this process's clock without it). Version 1 (the actor only) is
 * refused. A refusal is logged (the workflow, the update and why; no personal data).
 */
export function makeVerifyActorAssertion(key: string, now: () => number = Date.now): ActorAssertionActivities['verifyActorAssertion'] {
  return async ({ workflowId, message, updateId, args, assertion, checkedAt }) => {
    const argsDigest = digest(args ?? []);
    // Measured against the workflow's clock when it has one (its validator measured there too), else this process's.
    const reference = checkedAt !== undefined && !Number.isNaN(Date.parse(checkedAt)) ? Date.parse(checkedAt) : now();
    const verdict = checkAssertion(
      key,
      assertion,
      ACTOR_ASSERTION_VERSION,
      ({ at }) => updateAssertionMessage({ workflowId, message, updateId, argsDigest, at }),
      reference,
      ACTOR_ASSERTION_MAX_AGE_MS,
    );
    if (!verdict.ok) log.warn('update assertion refused', { workflowId, update: message, reason: verdict.reason });
    return verdict;
  };
}

/**
 * Signs a signal one of our workflows sends to another (ADR 0014, signal assertions): the target
 * workflow, the signal's name, the SHA-256 of its arguments, a fresh id and the moment. Runs
 * in the worker, the only process besides the API that holds the key.
 */
export function makeSignSignalAssertion(key: string, now: () => number = Date.now): ActorAssertionActivities['signSignalAssertion'] {
  return async ({ workflowId, signal, args }) => {
    const at = new Date(now()).toISOString();
    const id = randomUUID();
    const sig = hmac(key, signalAssertionMessage({ workflowId, signal, signalId: id, argsDigest: digest(args ?? []), at })).toString('base64url');
    return { v: 2, at, id, sig };
  };
}

/**
 * Checks the assertion on a signal this workflow received: signed by a worker of ours for this
 * workflow, this signal and these arguments, within a day. The receiver takes its id once.
 */
export function makeVerifySignalAssertion(key: string, now: () => number = Date.now): ActorAssertionActivities['verifySignalAssertion'] {
  return async ({ workflowId, signal, args, assertion }) => {
    const argsDigest = digest(args ?? []);
    const verdict = checkAssertion(
      key,
      assertion,
      2,
      ({ at, id }) => signalAssertionMessage({ workflowId, signal, signalId: id ?? '', argsDigest, at }),
      now(),
      SIGNAL_ASSERTION_MAX_AGE_MS,
    );
    const id = (assertion as { id?: unknown } | null | undefined)?.id;
    if (verdict.ok && typeof id === 'string' && id.length > 0) return { ok: true, id };
    const reason: AssertionRefusal = verdict.ok ? 'malformed' : verdict.reason;
    log.warn('signal assertion refused', { workflowId, signal, reason });
    return { ok: false, reason };
  };
}

/**
 * Checks the API's assertion on a workflow's start (ADR 0014, start assertions): the HMAC of the
 * workflow type, its id, the actor that opened it, the SHA-256 of its input and the moment, signed
 * within five minutes of the workflow's start time as its history records it (a start whose first
 * task runs late, a worker down, is still genuine), and used once: the workflow id is claimed for
 * the run chain that passed first, so the same start replayed onto the id once the workflow has
 * closed is refused (`replayed`). A refusal is logged (workflow, type, why).
 */
export function makeVerifyStartAssertion(key: string, claims?: StartClaims): ActorAssertionActivities['verifyStartAssertion'] {
  return async ({ workflowType, workflowId, args, startedAt, assertion, firstRunId }) => {
    const inputHash = createHash('sha256').update(startInputText(args)).digest('base64url');
    const actor = openedByInArgs(args);
    const message = ({ at }: Checked): string => startAssertionMessage({ workflowType, workflowId, actor, inputHash, at });
    let verdict = checkAssertion(key, assertion, 1, message, Date.parse(startedAt), ACTOR_ASSERTION_MAX_AGE_MS);
    // Used once: the first run of the id claims it (workflows that started before the claim replay from their markers).
    if (verdict.ok && claims && firstRunId !== undefined && !(await claims.claim(workflowId, firstRunId))) verdict = { ok: false, reason: 'replayed' };
    if (!verdict.ok) log.warn('start assertion refused', { workflowId, workflowType, reason: verdict.reason });
    return verdict;
  };
}

/** Where the worker claims each checked workflow id for its first run (WorkflowStartClaimsRepository of @tramites/persistence). */
export interface StartClaims {
  claim(workflowId: string, firstRunId: string): Promise<boolean>;
}
