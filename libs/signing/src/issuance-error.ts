/**
 * Errors of the issuance module (blob store, signing, verification numbers,
 * PDF rendering). Like the domain's errors they carry a stable code
 * (docs/architecture.md, rule 7): callers and tests match on `code`, never on
 * `instanceof`.
 */
export type IssuanceErrorCode =
  | 'SIGNING.MISSING_KEY'
  | 'SIGNING.INVALID_KEY'
  | 'SIGNING.INVALID_CLAIMS'
  | 'VERIFICATION_NUMBER.INVALID_RANDOM'
  | 'VERIFICATION_NUMBER.INVALID_DATE'
  | 'VERIFICATION_NUMBER.GENERATION_EXHAUSTED'
  | 'DOCUMENT.INVALID_DATA'
  | 'DOCUMENT.TOKEN_MISMATCH';

export class IssuanceError extends Error {
  readonly code: IssuanceErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: IssuanceErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(`${code}: ${message}`);
    this.name = 'IssuanceError';
    this.code = code;
    this.details = details;
  }
}

export function isIssuanceError(value: unknown): value is IssuanceError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    (value as { name?: unknown }).name === 'IssuanceError'
  );
}
