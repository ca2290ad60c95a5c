import type { UpdateDefinition } from '@temporalio/common';
import { ApplicationFailure, patched, setHandler } from '@temporalio/workflow';
import { BUSY_REFUSAL, unstorablePath, type InputProblem } from '@tramites/contracts';

/** A refusal with a stable code: non-retryable, so it reaches the caller at once. */
export const refuse = (code: string, message: string, details?: unknown): never => {
  throw ApplicationFailure.create({
    type: code,
    message,
    nonRetryable: true,
    ...(details === undefined ? {} : { details: [details] }),
  });
};

/** Where the start check (ADR 0014, start assertions) leaves its gate: globalThis is each workflow's own. */
const START_GATE = '__tramitesStartChecked';

/** Set by the start check: a promise that resolves once the API's start assertion is verified, and never if it is refused. */
export function setStartGate(gate: Promise<void>): void {
  (globalThis as Record<string, unknown>)[START_GATE] = gate;
}

/** Resolves once the workflow's start is verified (at once when it is not checked: another type, or started before the check). */
export function startChecked(): Promise<void> {
  return ((globalThis as Record<string, unknown>)[START_GATE] as Promise<void> | undefined) ?? Promise.resolve();
}

/** The refusal of an update while another one runs its activities (the exclusive-update lock). */
export const refuseBusy = (): never => refuse(BUSY_REFUSAL.code, BUSY_REFUSAL.message);

/**
 * ADR 0018: the signals between workflows are checked before they are
 * believed. A poderDecided is taken only once a local activity found the same decision in the
 * poder registry; a subscription must name the case's own workflow. A forged one (the Temporal
 * client, the CLI) is refused and logged, and nothing of it enters the case's event log.
 * Workflows that ran before replay without the checks (the local activity is a new command).
 */
export const SIGNAL_ASSERTIONS_PATCH = 'signal-assertions';

/** Marks the cases whose workflow checks its input at start. */
export const INPUT_CHECKS_PATCH = 'input-checks';

/**
 * Marks the cases whose start check also knows the nationality list, wants a letter in names and
 * refuses invisible and bidirectional control characters (libs/contracts/src/input-checks.ts).
 */
export const STRICT_INPUT_CHECKS_PATCH = 'input-checks-v2';

/**
 * A workflow started with bad input (from the API, the Temporal CLI or anywhere) fails at once
 * with VALIDATION.FAILED, the problems as details, instead of failing every workflow task.
 */
export function assertValidInput(problems: (strict: boolean) => readonly InputProblem[]): void {
  // Cases started before the checks replay as they ran (their input was taken as it came).
  if (!patched(INPUT_CHECKS_PATCH)) return;
  const found = problems(patched(STRICT_INPUT_CHECKS_PATCH));
  if (found.length === 0) return;
  refuse('VALIDATION.FAILED', `Los datos de inicio del trámite no son válidos: ${found.map((p) => p.message).join('; ')}`, found);
}

/** An update's arguments hold only text that the event log can store (validators call this first). */
export function assertStorable(args: unknown): void {
  const path = unstorablePath(args);
  if (path) refuse('VALIDATION.FAILED', `${path} contiene caracteres no permitidos (caracteres de control o Unicode no válido)`);
}

/** Registers an update whose validator first refuses text that the event log could not store. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function setCheckedUpdate<Ret, Args extends any[]>(
  def: UpdateDefinition<Ret, Args>,
  handler: (...args: Args) => Promise<Ret>,
  validator: (...args: Args) => void,
): void {
  setHandler(def, handler, {
    validator: (...args: Args): void => {
      assertStorable(args);
      validator(...args);
    },
  });
}
