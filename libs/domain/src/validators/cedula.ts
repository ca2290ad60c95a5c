import { fail, names, ok, stripSeparators } from './validation-result';
import type { FieldOptions, ValidationResult } from './validation-result';
import { isIdentityProvinceCode } from './province';

/**
 * Modulo-10 check digit of an Ecuadorian cédula: the first nine digits are
 * weighted 2,1,2,1,... ; a product above 9 has 9 subtracted; the check digit
 * brings the sum up to the next multiple of ten.
 */
export function cedulaCheckDigit(firstNine: string): number {
  if (!/^\d{9}$/.test(firstNine)) throw new RangeError('cedulaCheckDigit expects 9 digits');
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let product = Number(firstNine[i]) * (i % 2 === 0 ? 2 : 1);
    if (product > 9) product -= 9;
    sum += product;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * Cédula: 10 digits; province code 01-24, or 30 for Ecuadorians registered
 * abroad; third digit below 6 (natural persons); modulo-10 check digit.
 * Spaces and hyphens typed by people ("171234567-8") are removed.
 */
export function validateCedula(input: string, opts?: FieldOptions): ValidationResult {
  const { field, label } = names(opts, 'cedula', 'Cédula');
  const value = stripSeparators(input);
  if (value === '') return fail(field, label, 'VALIDATION.REQUIRED');
  if (!/^\d{10}$/.test(value)) return fail(field, label, 'VALIDATION.CEDULA_FORMAT');
  const province = value.slice(0, 2);
  if (!isIdentityProvinceCode(province)) return fail(field, label, 'VALIDATION.CEDULA_PROVINCE', { province });
  if (Number(value[2]) >= 6) return fail(field, label, 'VALIDATION.CEDULA_THIRD_DIGIT');
  if (cedulaCheckDigit(value.slice(0, 9)) !== Number(value[9])) {
    return fail(field, label, 'VALIDATION.CEDULA_CHECK_DIGIT');
  }
  return ok(field, value);
}

export function isValidCedula(input: string): boolean {
  return validateCedula(input).ok;
}
