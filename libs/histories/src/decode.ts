import { defaultPayloadConverter, type Payload, type PayloadCodec } from '@temporalio/common';
import { decryptHistoryPayloads, encryptedPayloadKeyIds } from '@tramites/infra';
import { cloneHistory, type History } from './history';

export type WorkflowOutcome = 'running' | 'completed' | 'failed' | 'terminated' | 'canceled' | 'timed_out' | 'continued_as_new';

/** The first payload of a list, decrypted by the codec and decoded (plain payloads of old histories pass through). */
export async function decodePayload<T>(codec: PayloadCodec, payload: Payload | null | undefined): Promise<T | undefined> {
  if (!payload) return undefined;
  const [plain] = await codec.decode([payload]);
  return plain ? defaultPayloadConverter.fromPayload<T>(plain) : undefined;
}

/** The workflow's input (its first argument), decoded. */
export function workflowInput<T>(history: History, codec: PayloadCodec): Promise<T | undefined> {
  return decodePayload<T>(codec, history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]);
}

/** What a completed workflow returned, decoded; undefined while it runs or when it ended otherwise. */
export function workflowResult<T>(history: History, codec: PayloadCodec): Promise<T | undefined> {
  return decodePayload<T>(codec, history.events?.at(-1)?.workflowExecutionCompletedEventAttributes?.result?.payloads?.[0]);
}

/** How the run ended, from its last event. */
export function workflowOutcome(history: History): WorkflowOutcome {
  const last = history.events?.at(-1);
  if (!last) return 'running';
  if (last.workflowExecutionCompletedEventAttributes) return 'completed';
  if (last.workflowExecutionFailedEventAttributes) return 'failed';
  if (last.workflowExecutionTerminatedEventAttributes) return 'terminated';
  if (last.workflowExecutionCanceledEventAttributes) return 'canceled';
  if (last.workflowExecutionTimedOutEventAttributes) return 'timed_out';
  if (last.workflowExecutionContinuedAsNewEventAttributes) return 'continued_as_new';
  return 'running';
}

/**
 * What an export holds (ADR 0014): `encrypted` (as Temporal stores it, with the key ids),
 * `plain` (recorded before the codec: personal data in clear) or, on request, `decrypted`.
 */
export async function historyForExport(history: History, codec: PayloadCodec, decrypt: boolean): Promise<{ history: History; payloads: string }> {
  const keys = encryptedPayloadKeyIds(history);
  if (!keys.length) return { history, payloads: 'plain' };
  if (!decrypt) return { history, payloads: `encrypted; keys=${keys.join(',')}` };
  return { history: await decryptHistoryPayloads(history, codec, cloneHistory), payloads: 'decrypted' };
}
