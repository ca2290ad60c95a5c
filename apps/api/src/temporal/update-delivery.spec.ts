import { WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { DELIVERY_POLICY, deliverUntilAnswered, updateCallResendable, type DeliveryClock } from './update-delivery';

/** The frontend's gRPC failure as @grpc/grpc-js raises it: an Error with a numeric code, details and metadata. */
function grpcFailure(code: number, details: string): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
}
const timedOut = (): Error => new WorkflowUpdateRPCTimeoutOrCancelledError('Deadline exceeded', { cause: grpcFailure(4, 'Deadline exceeded') });
const unavailable = (): Error => grpcFailure(14, 'No connection established');

/** A clock that only moves when the loop sleeps (or a call is said to take time): the policy, not the wall clock. */
function fakeClock(startMs = 1_000_000): DeliveryClock & { sleeps: number[]; at: number } {
  const clock = {
    at: startMs,
    sleeps: [] as number[],
    now: () => clock.at,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.at += ms;
    },
  };
  return clock;
}

/** A send function that fails with `failures` in order, then answers 'booked'; records each call's deadline. */
function failingSend(failures: Array<() => Error>) {
  const deadlines: Array<number | undefined> = [];
  const send = async (deadlineMs: number | undefined): Promise<string> => {
    deadlines.push(deadlineMs);
    const failure = failures[deadlines.length - 1];
    if (failure) throw failure();
    return 'booked';
  };
  return { send, deadlines };
}

describe('deliverUntilAnswered: sending an update again (ADR 0035, decision 10)', () => {
  const reachable = async () => true;

  it('sends a timed-out update again with a doubling pause capped at maxDelayMs, and answers its result', async () => {
    const clock = fakeClock();
    const { send, deadlines } = failingSend([timedOut, unavailable, timedOut, timedOut, timedOut, timedOut, timedOut]);
    const untilMs = clock.at + 120_000;
    await expect(deliverUntilAnswered(send, reachable, { untilMs }, DELIVERY_POLICY, clock)).resolves.toBe('booked');
    expect(clock.sleeps).toEqual([100, 200, 400, 800, 1_600, 2_000, 2_000]);
    // The first call may run firstCallMs; the next ones end with the window, which is DELIVERY_POLICY's, not the hold's 120 s.
    const start = 1_000_000;
    expect(deadlines).toEqual([start + DELIVERY_POLICY.firstCallMs, ...Array(7).fill(start + DELIVERY_POLICY.windowMs)]);
  });

  it('stops at the end of the window with the last error, and at the end of the hold when that comes first', async () => {
    const always = Array.from({ length: 100 }, () => timedOut);
    for (const [untilIn, window] of [
      [120_000, DELIVERY_POLICY.windowMs],
      [3_000, 3_000],
    ]) {
      const clock = fakeClock();
      const { send, deadlines } = failingSend(always);
      await expect(deliverUntilAnswered(send, reachable, { untilMs: clock.at + untilIn! }, DELIVERY_POLICY, clock)).rejects.toBeInstanceOf(
        WorkflowUpdateRPCTimeoutOrCancelledError,
      );
      // It slept within the window, and stopped because the next pause would have ended past it.
      const slept = clock.sleeps.reduce((a, b) => a + b, 0);
      const nextPause = Math.min(clock.sleeps.at(-1)! * 2, DELIVERY_POLICY.maxDelayMs);
      expect(slept).toBeLessThan(window!);
      expect(slept + nextPause).toBeGreaterThanOrEqual(window!);
      expect(deadlines.length).toBe(clock.sleeps.length + 1);
    }
  });

  it('sends nothing again for a cancelled call or any other failure', async () => {
    const cancelled = () => new WorkflowUpdateRPCTimeoutOrCancelledError('Cancelled', { cause: grpcFailure(1, 'Cancelled on client') });
    const refused = () => new Error('APPOINTMENT.SLOT_FULL');
    for (const failure of [cancelled, refused, () => grpcFailure(5, 'not found')]) {
      const clock = fakeClock();
      const { send, deadlines } = failingSend([failure]);
      await expect(deliverUntilAnswered(send, reachable, { untilMs: clock.at + 120_000 }, DELIVERY_POLICY, clock)).rejects.toThrow();
      expect(deadlines).toHaveLength(1);
      expect(clock.sleeps).toEqual([]);
    }
  });

  it('answers the error at once when Temporal is unreachable from the first call, asking it once', async () => {
    const clock = fakeClock();
    const { send, deadlines } = failingSend([unavailable, unavailable]);
    let probes = 0;
    const unreachable = async () => {
      probes += 1;
      return false;
    };
    await expect(deliverUntilAnswered(send, unreachable, { untilMs: clock.at + 120_000 }, DELIVERY_POLICY, clock)).rejects.toThrow(/No connection/);
    expect([deadlines.length, probes, clock.sleeps.length]).toEqual([1, 1, 0]);
  });

  it('sends nothing again once the caller has gone', async () => {
    const clock = fakeClock();
    const gone = new AbortController();
    const { send, deadlines } = failingSend([timedOut, timedOut, timedOut, timedOut]);
    const sleep = clock.sleep;
    clock.sleep = async (ms) => {
      await sleep(ms);
      if (clock.sleeps.length === 2) gone.abort();
    };
    await expect(deliverUntilAnswered(send, reachable, { untilMs: clock.at + 120_000, signal: gone.signal }, DELIVERY_POLICY, clock)).rejects.toBeInstanceOf(
      WorkflowUpdateRPCTimeoutOrCancelledError,
    );
    expect(deadlines).toHaveLength(2);
  });

  it('makes one call with the client’s own deadline when there is no time to send it again', async () => {
    const clock = fakeClock();
    const { send, deadlines } = failingSend([timedOut]);
    await expect(deliverUntilAnswered(send, reachable, { untilMs: clock.at }, DELIVERY_POLICY, clock)).rejects.toBeInstanceOf(
      WorkflowUpdateRPCTimeoutOrCancelledError,
    );
    expect(deadlines).toEqual([undefined]);
  });

  it('tells the resendable failures: DEADLINE_EXCEEDED and UNAVAILABLE, raw or wrapped, and no other', () => {
    expect([timedOut(), unavailable(), new Error('wrapped', { cause: unavailable() })].map(updateCallResendable)).toEqual([true, true, true]);
    expect([grpcFailure(1, 'Cancelled'), grpcFailure(8, 'Resource exhausted'), new Error('x')].map(updateCallResendable)).toEqual([false, false, false]);
  });
});
