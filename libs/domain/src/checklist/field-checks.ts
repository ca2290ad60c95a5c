import { isValidForeignerCode } from '../foreigner-code/foreigner-code';
import { makeReason, reasonCategory } from '../reasons/reasons';
import type { Reason } from '../reasons/reasons';
import { isBlank } from '../shared/text';
import { validateCedula } from '../validators/cedula';
import { validateEmail } from '../validators/email';
import { validateIdentityNumber } from '../validators/identity-number';
import { validateDocumentNumber, validatePassportNumber } from '../validators/passport';
import { validateLandline, validateMobile, validatePhoneNumber } from '../validators/phone';
import { validateProvince } from '../validators/province';
import { validateRuc } from '../validators/ruc';
import type { FieldOptions, ValidationResult } from '../validators/validation-result';
import type { FieldRequirement, FieldSpec, FieldValidatorId } from '../procedures/types';

type Validator = (value: string, opts: FieldOptions) => ValidationResult<unknown>;

const VALIDATORS: Readonly<Record<FieldValidatorId, Validator | null>> = {
  text: null,
  cedula: validateCedula,
  ruc: validateRuc,
  passport: validatePassportNumber,
  document_number: validateDocumentNumber,
  email: validateEmail,
  mobile: validateMobile,
  landline: validateLandline,
  phone: validatePhoneNumber,
  foreigner_code: isValidForeignerCode,
  identity_number: validateIdentityNumber,
  province: validateProvince,
};

export function validateField(spec: FieldSpec, value: string): Reason | null {
  const validator = VALIDATORS[spec.validator ?? 'text'];
  if (!validator) return null;
  const result = validator(value, { field: spec.key, label: spec.label });
  return result.ok ? null : { code: result.code, category: reasonCategory(result.code), message: result.message };
}

export interface FieldCheckOutcome {
  readonly reasons: readonly Reason[];
  /** At least one listed field carries a value. */
  readonly anyPresent: boolean;
}

/**
 * Check required fields. Inside a document a missing field is
 * DOC.FIELD_MISSING naming the document; in a typed form it is
 * VALIDATION.REQUIRED naming the field. Present values are validated.
 */
export function checkFields(
  requirements: readonly FieldRequirement[],
  values: Readonly<Record<string, string>>,
  documentName: string | null,
): FieldCheckOutcome {
  const reasons: Reason[] = [];
  let anyPresent = false;
  const missing = (label: string): Reason =>
    documentName === null ? makeReason('VALIDATION.REQUIRED', { field: label }) : makeReason('DOC.FIELD_MISSING', { document: documentName, field: label });

  for (const requirement of requirements) {
    if ('oneOf' in requirement) {
      const invalid = new Map<string, Reason>();
      let satisfied = false;
      for (const option of requirement.oneOf) {
        let complete = true;
        for (const spec of option) {
          const value = values[spec.key];
          if (value === undefined || isBlank(value)) {
            complete = false;
            continue;
          }
          anyPresent = true;
          const problem = validateField(spec, value);
          if (problem) {
            complete = false;
            invalid.set(spec.key, problem);
          }
        }
        if (complete) satisfied = true;
      }
      reasons.push(...invalid.values());
      if (!satisfied && invalid.size === 0) reasons.push(missing(requirement.label));
      continue;
    }
    const value = values[requirement.key];
    if (value === undefined || isBlank(value)) {
      if (!requirement.optional) reasons.push(missing(requirement.label));
      continue;
    }
    anyPresent = true;
    const problem = validateField(requirement, value);
    if (problem) reasons.push(problem);
  }
  return { reasons, anyPresent };
}

/** Every field key a requirement list mentions (for presence tests). */
export function fieldKeys(requirements: readonly FieldRequirement[]): string[] {
  const keys: string[] = [];
  for (const r of requirements) {
    if ('oneOf' in r) for (const option of r.oneOf) for (const spec of option) keys.push(spec.key);
    else keys.push(r.key);
  }
  return [...new Set(keys)];
}
