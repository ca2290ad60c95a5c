import { fail, names, ok } from './validation-result';
import type { FieldOptions, ValidationResult } from './validation-result';

/** The code e-mailed to verify an appointment booking ("Verificar IESS turno online"): 6 digits. */
export function validateVerificationCode(input: string, opts?: FieldOptions): ValidationResult {
  const { field, label } = names(opts, 'verificationCode', 'Código de verificación');
  const value = input.replace(/\s+/g, '');
  if (value === '') return fail(field, label, 'VALIDATION.REQUIRED');
  return /^\d{6}$/.test(value) ? ok(field, value) : fail(field, label, 'VALIDATION.VERIFICATION_CODE_FORMAT');
}
