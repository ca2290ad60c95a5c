import { ApplicationFailure } from '@temporalio/common';

/**
 * PostgreSQL errors that no retry can cure: the value itself cannot be stored (SQLSTATE class 22,
 * data exception: NUL in text, an invalid Unicode escape in jsonb, a number out of range, a
 * string too long), or breaks a NOT NULL or CHECK rule. Retried, such an activity would fail
 * forever and jam its case; it fails fast instead, with a code, for the workflow to refuse.
 */
export function isUncurableDataError(err: unknown): boolean {
  const code = err && typeof err === 'object' ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^(22[0-9A-Z]{3}|23502|23514)$/.test(code);
}

export function asNonRetryable(err: unknown): unknown {
  if (!isUncurableDataError(err)) return err;
  return ApplicationFailure.create({
    type: 'DATA.NOT_STORABLE',
    message: 'Un dato del trámite no se puede guardar (formato o caracteres no válidos)',
    nonRetryable: true,
    details: [{ sqlState: (err as { code: string }).code }],
  });
}

/** Every activity of the object fails fast on an uncurable data error (see isUncurableDataError). */
export function failFastOnDataErrors<T extends object>(activities: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities)) {
    wrapped[name] =
      typeof fn === 'function'
        ? async (...args: unknown[]) => {
            try {
              return await (fn as (...a: unknown[]) => Promise<unknown>)(...args);
            } catch (err) {
              throw asNonRetryable(err);
            }
          }
        : fn;
  }
  return wrapped as T;
}
