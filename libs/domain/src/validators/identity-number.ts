import { isValidForeignerCode } from '../foreigner-code/foreigner-code';
import { validateCedula } from './cedula';
import { fail, names, ok, stripSeparators } from './validation-result';
import type { FieldOptions, ValidationResult } from './validation-result';

export type IdentityNumberKind = 'cedula' | 'foreigner_code';

/**
 * The number a person identifies with at IESS: a cédula, or for foreigners
 * without one the IESS foreigner code (sheet 001, turno b: "número de cédula
 * de ciudadanía o código de identificación para extranjero").
 */
export function validateIdentityNumber(input: string, opts?: FieldOptions): ValidationResult<IdentityNumberKind> {
  const { field, label } = names(opts, 'identityNumber', 'Número de identificación');
  const value = stripSeparators(input);
  if (value === '') return fail(field, label, 'VALIDATION.REQUIRED');
  if (value.length === 10) {
    const cedula = validateCedula(value, { field, label });
    return cedula.ok ? ok(field, cedula.value, 'cedula' as const) : cedula;
  }
  if (value.length === 12) {
    const code = isValidForeignerCode(value, { field, label });
    return code.ok ? ok(field, code.value, 'foreigner_code' as const) : code;
  }
  return fail(field, label, 'VALIDATION.IDENTITY_NUMBER_FORMAT');
}
