import { fail, names, ok, stripSeparators } from './validation-result';
import type { FieldOptions, ValidationResult } from './validation-result';
import { isIdentityProvinceCode } from './province';
import { validateCedula } from './cedula';

/** natural: person (cédula + establishment); public: public-sector entity; private: company. */
export type RucType = 'natural' | 'public' | 'private';

export interface RucDetails {
  readonly type: RucType;
  /** Establishment number: last 3 digits (natural, private) or last 4 (public). */
  readonly establishment: string;
}

/** Modulo-11 check digit with the given weights; returns null when the remainder makes it 10 (no valid digit). */
export function modulo11CheckDigit(digits: string, weights: readonly number[]): number | null {
  if (digits.length !== weights.length || !/^\d+$/.test(digits)) {
    throw new RangeError('modulo11CheckDigit: digits and weights must have the same length');
  }
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += Number(digits[i]) * (weights[i] ?? 0);
  const remainder = sum % 11;
  const check = remainder === 0 ? 0 : 11 - remainder;
  return check === 10 ? null : check;
}

const PRIVATE_WEIGHTS = [4, 3, 2, 7, 6, 5, 4, 3, 2] as const;
const PUBLIC_WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2] as const;

/**
 * RUC (13 digits):
 * - third digit 0-5, natural person: the first 10 digits are a valid cédula
 *   and the establishment (last 3) is 001 or more;
 * - third digit 9, private company: modulo 11 over the first 9 digits
 *   (weights 4,3,2,7,6,5,4,3,2) gives the 10th; establishment 001 or more;
 * - third digit 6, public entity: modulo 11 over the first 8 digits
 *   (weights 3,2,7,6,5,4,3,2) gives the 9th; establishment (last 4) 0001 or more.
 */
export function validateRuc(input: string, opts?: FieldOptions): ValidationResult<RucDetails> {
  const { field, label } = names(opts, 'ruc', 'RUC');
  const value = stripSeparators(input);
  if (value === '') return fail(field, label, 'VALIDATION.REQUIRED');
  if (!/^\d{13}$/.test(value)) return fail(field, label, 'VALIDATION.RUC_FORMAT');
  const province = value.slice(0, 2);
  if (!isIdentityProvinceCode(province)) return fail(field, label, 'VALIDATION.RUC_PROVINCE', { province });
  const third = Number(value[2]);

  if (third < 6) {
    const cedula = validateCedula(value.slice(0, 10));
    if (!cedula.ok) return fail(field, label, 'VALIDATION.RUC_CHECK_DIGIT');
    const establishment = value.slice(10);
    if (establishment === '000') return fail(field, label, 'VALIDATION.RUC_ESTABLISHMENT');
    return ok(field, value, { type: 'natural' as const, establishment });
  }
  if (third === 9) {
    const check = modulo11CheckDigit(value.slice(0, 9), PRIVATE_WEIGHTS);
    if (check === null || check !== Number(value[9])) return fail(field, label, 'VALIDATION.RUC_CHECK_DIGIT');
    const establishment = value.slice(10);
    if (establishment === '000') return fail(field, label, 'VALIDATION.RUC_ESTABLISHMENT');
    return ok(field, value, { type: 'private' as const, establishment });
  }
  if (third === 6) {
    const check = modulo11CheckDigit(value.slice(0, 8), PUBLIC_WEIGHTS);
    if (check === null || check !== Number(value[8])) return fail(field, label, 'VALIDATION.RUC_CHECK_DIGIT');
    const establishment = value.slice(9);
    if (establishment === '0000') return fail(field, label, 'VALIDATION.RUC_ESTABLISHMENT');
    return ok(field, value, { type: 'public' as const, establishment });
  }
  return fail(field, label, 'VALIDATION.RUC_TYPE', { digit: String(third) });
}

export function isValidRuc(input: string): boolean {
  return validateRuc(input).ok;
}

export const RUC_WEIGHTS = { private: PRIVATE_WEIGHTS, public: PUBLIC_WEIGHTS } as const;
