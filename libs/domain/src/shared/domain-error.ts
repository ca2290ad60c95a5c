/**
 * Programming or configuration errors raised by the domain library. They
 * carry a stable code (docs/architecture.md, rule 7): callers and tests match
 * on `code`, never on `instanceof`.
 */
export type DomainErrorCode =
  | 'CALENDAR.INVALID_DATE'
  | 'CALENDAR.INVALID_INSTANT'
  | 'CALENDAR.INVALID_OFFICE_HOURS'
  | 'CALENDAR.INVALID_AMOUNT'
  | 'CALENDAR.RANGE_TOO_LARGE'
  | 'CLOCK.INVALID_BUDGET'
  | 'CLOCK.TIME_WENT_BACKWARDS'
  | 'FOREIGNER_CODE.INVALID_RANDOM'
  | 'FOREIGNER_CODE.INVALID_OPTIONS'
  | 'FOREIGNER_CODE.GENERATION_EXHAUSTED'
  | 'PROCEDURE.UNKNOWN'
  | 'CHECKLIST.INVALID_INPUT'
  | 'REASON.UNKNOWN';

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: DomainErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(`${code}: ${message}`);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    (value as { name?: unknown }).name === 'DomainError'
  );
}
