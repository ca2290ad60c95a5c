import { fail, names, ok, stripSeparators } from './validation-result';
import type { FieldOptions, ValidationResult } from './validation-result';

/** Rewrite +593 / 593 / 00593 international prefixes to the national trunk "0". */
function toNational(input: string): string {
  const compact = stripSeparators(input);
  const match = /^(?:\+|00)?593(\d+)$/.exec(compact);
  return match ? `0${match[1] ?? ''}` : compact;
}

/**
 * Ecuadorian mobile: 09XXXXXXXX (10 digits), also accepted as +5939XXXXXXXX,
 * 5939XXXXXXXX or 005939XXXXXXXX. Normalised to the national form 09XXXXXXXX.
 */
export function validateMobile(input: string, opts?: FieldOptions): ValidationResult {
  const { field, label } = names(opts, 'mobile', 'Teléfono celular');
  if (input.trim() === '') return fail(field, label, 'VALIDATION.REQUIRED');
  const value = toNational(input);
  return /^09\d{8}$/.test(value) ? ok(field, value) : fail(field, label, 'VALIDATION.MOBILE_FORMAT');
}

/** National mobile 09XXXXXXXX -> E.164 +5939XXXXXXXX (for SMS gateways). */
export function mobileToE164(nationalMobile: string): string {
  if (!/^09\d{8}$/.test(nationalMobile)) throw new RangeError('mobileToE164 expects 09XXXXXXXX');
  return `+593${nationalMobile.slice(1)}`;
}

/** Landline: area code 02-07 plus 7 digits (0XXXXXXXX, 9 digits), or +593X XXXXXXX. */
export function validateLandline(input: string, opts?: FieldOptions): ValidationResult {
  const { field, label } = names(opts, 'landline', 'Teléfono fijo');
  if (input.trim() === '') return fail(field, label, 'VALIDATION.REQUIRED');
  const value = toNational(input);
  return /^0[2-7]\d{7}$/.test(value) ? ok(field, value) : fail(field, label, 'VALIDATION.LANDLINE_FORMAT');
}

export type PhoneKind = 'mobile' | 'landline';

/** Either kind ("Números telefónicos fijos y/o móvil", sheet 003). */
export function validatePhoneNumber(input: string, opts?: FieldOptions): ValidationResult<PhoneKind> {
  const { field, label } = names(opts, 'phone', 'Teléfono');
  if (input.trim() === '') return fail(field, label, 'VALIDATION.REQUIRED');
  const mobile = validateMobile(input);
  if (mobile.ok) return ok(field, mobile.value, 'mobile' as const);
  const landline = validateLandline(input);
  if (landline.ok) return ok(field, landline.value, 'landline' as const);
  return fail(field, label, 'VALIDATION.PHONE_FORMAT');
}
