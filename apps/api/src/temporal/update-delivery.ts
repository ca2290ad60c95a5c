import { isGrpcServiceError } from '@temporalio/client';

/**
 * An update's id (the same update however often it is sent), until when a call that timed out is sent again,
 * and the signal of the HTTP request it answers (aborted when the caller has gone: nothing is sent again).
 */
export interface UpdateDelivery {
  updateId: string;
  untilMs: number;
  signal?: AbortSignal;
}

/**
 * How an update is sent again (ADR 0035, decision 10). The first call may run `firstCallMs`; if it ends
 * without an answer and Temporal does not answer a probe either, the 503 comes at once. Else the call is
 * sent again after `firstDelayMs`, doubling up to `maxDelayMs`, for at most `windowMs` from the first call:
 * well under the time a caller waits for the API (the web's calls use Node's fetch, whose headers time
 * out after 300 s, apps/web/src/api/api-client.ts; a person does not wait that long either).
 */
export interface DeliveryPolicy {
  firstCallMs: number;
  firstDelayMs: number;
  maxDelayMs: number;
  windowMs: number;
}

export const DELIVERY_POLICY: DeliveryPolicy = { firstCallMs: 2_000, firstDelayMs: 100, maxDelayMs: 2_000, windowMs: 20_000 };

/** One call of the update, ending by `deadlineMs` (undefined: the client's own deadline). */
export type SendOnce<Ret> = (deadlineMs: number | undefined) => Promise<Ret>;

export interface DeliveryClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

const realClock: DeliveryClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    }),
};

const DEADLINE_EXCEEDED = 4;
const UNAVAILABLE = 14;

/**
 * True when a call of an update ended without its outcome and Temporal advises sending it again: gRPC
 * DEADLINE_EXCEEDED or UNAVAILABLE (server `docs/architecture/workflow-update.md`, "Timeouts"). CANCELLED
 * (the caller gave up) and every other error are final.
 */
export function updateCallResendable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth += 1) {
    // The client wraps the frontend's gRPC error (in a WorkflowUpdateRPCTimeoutOrCancelledError, a ServiceError): its causes.
    if (isGrpcServiceError(e)) return e.code === DEADLINE_EXCEEDED || e.code === UNAVAILABLE;
  }
  return false;
}

/**
 * Sends an update until it answers, by `policy`; the last error when it does not. `reachable` is asked once,
 * after a first call that ended without an answer: Temporal unreachable from the start is a 503 at once.
 */
export async function deliverUntilAnswered<Ret>(
  send: SendOnce<Ret>,
  reachable: () => Promise<boolean>,
  until: Pick<UpdateDelivery, 'untilMs' | 'signal'>,
  policy: DeliveryPolicy = DELIVERY_POLICY,
  clock: DeliveryClock = realClock,
): Promise<Ret> {
  const startMs = clock.now();
  const endMs = Math.min(until.untilMs, startMs + policy.windowMs);
  // No time to send it again: one call, as any update.
  if (endMs <= startMs) return send(undefined);
  let delayMs = policy.firstDelayMs;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await send(attempt === 0 ? Math.min(endMs, startMs + policy.firstCallMs) : endMs);
    } catch (err) {
      if (!updateCallResendable(err) || until.signal?.aborted) throw err;
      if (attempt === 0 && !(await reachable())) throw err;
      if (clock.now() + delayMs >= endMs) throw err;
      await clock.sleep(delayMs, until.signal);
      if (until.signal?.aborted) throw err;
      delayMs = Math.min(delayMs * 2, policy.maxDelayMs);
    }
  }
}

/** Aborted when the HTTP response closes before it was sent: the caller has gone. */
export function closedBeforeAnswered(res: { once(event: 'close', listener: () => void): unknown; readonly writableFinished: boolean }): AbortSignal {
  const gone = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) gone.abort();
  });
  return gone.signal;
}
