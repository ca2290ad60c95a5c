import { createHash, createHmac, randomUUID } from 'node:crypto';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import {
  ACTOR_ASSERTION_HEADER,
  START_ASSERTION_HEADER,
  messageArgsText,
  openedByInArgs,
  signalAssertionMessage,
  startAssertionMessage,
  startInputText,
  updateAssertionMessage,
  type ActorAssertion,
  type SignalAssertionClaim,
  type StartAssertion,
  type StartAssertionClaim,
  type UpdateAssertionClaim,
} from '@tramites/contracts';
import { StartupError } from './preflight';

/** base64url SHA-256 of a message's arguments as the payload converter sends them. */
export function messageArgsDigest(args: readonly unknown[]): string {
  return createHash('sha256').update(messageArgsText(args)).digest('base64url');
}

/** HMAC-SHA256 of an update's claim under the API's assertion key (base64url). */
export function signUpdateAssertion(key: string, claim: UpdateAssertionClaim): string {
  return createHmac('sha256', key).update(updateAssertionMessage(claim)).digest('base64url');
}

/** HMAC-SHA256 of a signal's claim under the worker's assertion key (base64url). */
export function signSignalClaim(key: string, claim: SignalAssertionClaim): string {
  return createHmac('sha256', key).update(signalAssertionMessage(claim)).digest('base64url');
}

/** The assertion header of an update: this update (name, id), these arguments, this workflow, now. */
export function updateAssertionHeader(key: string, claim: Omit<UpdateAssertionClaim, 'argsDigest'> & { args: readonly unknown[] }): ActorAssertion {
  const { args, ...rest } = claim;
  return { v: 2, at: claim.at, sig: signUpdateAssertion(key, { ...rest, argsDigest: messageArgsDigest(args) }) };
}

/** HMAC-SHA256 of a start's claim under the API's assertion key (base64url). */
export function signStartAssertion(key: string, claim: StartAssertionClaim): string {
  return createHmac('sha256', key).update(startAssertionMessage(claim)).digest('base64url');
}

/**
 * The API's Temporal client signs, for every update, the claim "this update (its name and id),
 * with these exact arguments, on this workflow, now" into the `tramites-actor-assertion` header
 * (ADR 0014); the update's id is chosen here when the caller gave none. The workflows refuse an
 * update without a valid assertion, and take each assertion once.
 * Every start gets the claim "this workflow type, under this id, opened by this actor, with this
 * input, now" in `tramites-start-assertion`: the workflows the API starts run only with it.
 */
export function actorAssertionInterceptor(
  key: string,
  /** The clock of the updates, which the workflow measures against its own: the Temporal server's too for a time-skipping server. */
  now: () => Date | Promise<Date> = () => new Date(),
  /** The clock of the starts, which the workflow measures against its start time: the Temporal server's (a time-skipping test server's differs). */
  startNow: () => Date | Promise<Date> = now,
): WorkflowClientInterceptor {
  return {
    start: async (input, next) => {
      const { workflowId, args } = input.options;
      const at = (await startNow()).toISOString();
      const inputHash = createHash('sha256').update(startInputText(args)).digest('base64url');
      const sig = signStartAssertion(key, { workflowType: input.workflowType, workflowId, actor: openedByInArgs(args), inputHash, at });
      const assertion: StartAssertion = { v: 1, at, sig };
      return next({ ...input, headers: { ...input.headers, [START_ASSERTION_HEADER]: defaultPayloadConverter.toPayload(assertion) } });
    },
    startUpdate: async (input, next) => {
      const updateId = input.options.updateId ?? randomUUID();
      const assertion = updateAssertionHeader(key, {
        workflowId: input.workflowExecution.workflowId,
        message: input.updateName,
        updateId,
        args: input.args,
        at: (await now()).toISOString(),
      });
      return next({
        ...input,
        options: { ...input.options, updateId },
        headers: { ...input.headers, [ACTOR_ASSERTION_HEADER]: defaultPayloadConverter.toPayload(assertion) },
      });
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
