import { DomainError } from '../shared/domain-error';
import { fail, names, ok, stripSeparators } from '../validators/validation-result';
import type { FieldOptions, ValidationResult } from '../validators/validation-result';
import { verhoeffCheckDigit, verhoeffValidate } from './verhoeff';
import { DEFAULT_FOREIGNER_CODE_FILTER_OPTIONS, failedForeignerCodeFilters } from './filters';
import type { ForeignerCodeFilterOptions } from './filters';

/**
 * Format (ADR 0002): 12 digits = marker "9" + 10 random digits + 1 Verhoeff
 * check digit computed over the first 11. The marker makes a code
 * impossible to read as a cédula (10 digits, province 01-24/30) or a RUC
 * (13 digits, same prefix), whatever digits get lost or added.
 */
export const FOREIGNER_CODE_LENGTH = 12;
export const FOREIGNER_CODE_MARKER = '9';
export const FOREIGNER_CODE_PAYLOAD_LENGTH = 10;
export const FOREIGNER_CODE_DEFAULT_MAX_ATTEMPTS = 1000;

/** Remove spaces and hyphens people type or print ("9123 4567 8901"). */
export function normalizeForeignerCode(input: string): string {
  return stripSeparators(input);
}

/** Printable form in groups of four: "912345678901" -> "9123 4567 8901". */
export function formatForeignerCode(code: string): string {
  const value = normalizeForeignerCode(code);
  return value.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/**
 * Format and check digit only. The issuance filters are deliberately not
 * applied: they can be tightened over time without invalidating codes.
 */
export function isValidForeignerCode(input: string, opts?: FieldOptions): ValidationResult {
  const { field, label } = names(opts, 'foreignerCode', 'Código de identificación para extranjero');
  const value = normalizeForeignerCode(input);
  if (value === '') return fail(field, label, 'VALIDATION.REQUIRED');
  if (value.length !== FOREIGNER_CODE_LENGTH || !/^\d+$/.test(value) || !value.startsWith(FOREIGNER_CODE_MARKER)) {
    return fail(field, label, 'VALIDATION.FOREIGNER_CODE_FORMAT');
  }
  if (!verhoeffValidate(value)) return fail(field, label, 'VALIDATION.FOREIGNER_CODE_CHECK_DIGIT');
  return ok(field, value);
}

export interface GenerateForeignerCodeOptions {
  /** Candidates drawn before giving up with FOREIGNER_CODE.GENERATION_EXHAUSTED (default 1000). */
  readonly maxAttempts?: number;
  /** Overrides of the issuance filters (ADR 0002 defaults otherwise). */
  readonly filters?: Partial<ForeignerCodeFilterOptions>;
  /**
   * Extra veto, e.g. "already issued" looked up in an in-memory set. The
   * registry's unique constraint remains the final guard (activities retry).
   */
  readonly isTaken?: (code: string) => boolean;
}

function drawDigit(random: () => number): number {
  const r = random();
  if (typeof r !== 'number' || !Number.isFinite(r) || r < 0 || r >= 1) {
    throw new DomainError('FOREIGNER_CODE.INVALID_RANDOM', 'random() must return a number in [0, 1)', { value: r });
  }
  return Math.floor(r * 10);
}

/** Build a well-formed code (marker + payload + check digit) from 10 payload digits. */
export function composeForeignerCode(payload: string): string {
  if (!/^\d{10}$/.test(payload)) throw new RangeError('composeForeignerCode expects 10 digits');
  const body = FOREIGNER_CODE_MARKER + payload;
  return body + String(verhoeffCheckDigit(body));
}

/**
 * Draw random payloads from `random` (uniform in [0, 1); in production a
 * CSPRNG, e.g. crypto.getRandomValues in the issuing activity) until one
 * passes every filter and the `isTaken` veto.
 */
export function generateForeignerCode(random: () => number, options: GenerateForeignerCodeOptions = {}): string {
  const maxAttempts = options.maxAttempts ?? FOREIGNER_CODE_DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new DomainError('FOREIGNER_CODE.INVALID_OPTIONS', 'maxAttempts must be a positive integer', { maxAttempts });
  }
  const filters = { ...DEFAULT_FOREIGNER_CODE_FILTER_OPTIONS, ...(options.filters ?? {}) };
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    let payload = '';
    for (let i = 0; i < FOREIGNER_CODE_PAYLOAD_LENGTH; i++) payload += String(drawDigit(random));
    const code = composeForeignerCode(payload);
    if (failedForeignerCodeFilters(code, filters).length === 0 && !(options.isTaken?.(code) ?? false)) {
      return code;
    }
  }
  throw new DomainError('FOREIGNER_CODE.GENERATION_EXHAUSTED', `no acceptable code after ${maxAttempts} attempts`, {
    maxAttempts,
  });
}
