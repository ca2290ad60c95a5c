import { fail, names, ok } from './validation-result';
import type { FieldOptions, ValidationResult } from './validation-result';

export const AFFILIATE_PASSWORD_MIN_LENGTH = 8;

/**
 * 003, VIRTUAL 12: "mínimo 8 caracteres entre números y letras únicamente".
 * Read as: at least 8 characters; only ASCII letters and digits; and, since
 * the characters are to be "between numbers and letters", at least one of
 * each. Letters with accents or ñ are refused because the portal's
 * character set is not stated and they vary across keyboards. The password
 * is never trimmed nor echoed in the message.
 */
export function validateAffiliatePassword(input: string, opts?: FieldOptions): ValidationResult {
  const { field, label } = names(opts, 'newPassword', 'Nueva clave');
  if (input === '') return fail(field, label, 'VALIDATION.REQUIRED');
  if ([...input].length < AFFILIATE_PASSWORD_MIN_LENGTH) return fail(field, label, 'VALIDATION.PASSWORD_TOO_SHORT');
  if (!/^[A-Za-z0-9]+$/.test(input)) return fail(field, label, 'VALIDATION.PASSWORD_CHARSET');
  if (!/[A-Za-z]/.test(input) || !/[0-9]/.test(input)) {
    return fail(field, label, 'VALIDATION.PASSWORD_LETTERS_AND_DIGITS');
  }
  return ok(field, input);
}
