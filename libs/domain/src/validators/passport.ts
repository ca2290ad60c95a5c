import { fail, names, ok } from './validation-result';
import type { FieldOptions, ValidationResult } from './validation-result';

/** Trim, upper-case and remove spaces and hyphens: " ab-123 456 " -> "AB123456". */
export function normalizeDocumentNumber(input: string): string {
  return input
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '');
}

const DOCUMENT_NUMBER = /^[A-Z0-9]{5,20}$/;

/** Passport number: after normalisation, 5 to 20 letters (A-Z) or digits. */
export function validatePassportNumber(input: string, opts?: FieldOptions): ValidationResult {
  const { field, label } = names(opts, 'passportNumber', 'Número de pasaporte');
  const value = normalizeDocumentNumber(input);
  if (value === '') return fail(field, label, 'VALIDATION.REQUIRED');
  return DOCUMENT_NUMBER.test(value) ? ok(field, value) : fail(field, label, 'VALIDATION.PASSPORT_FORMAT');
}

/**
 * Any identity document number of a foreigner (passport, visa, home-country
 * identity card): same shape rule as passports, since countries differ.
 */
export function validateDocumentNumber(input: string, opts?: FieldOptions): ValidationResult {
  const { field, label } = names(opts, 'documentNumber', 'Número de documento de identidad');
  const value = normalizeDocumentNumber(input);
  if (value === '') return fail(field, label, 'VALIDATION.REQUIRED');
  return DOCUMENT_NUMBER.test(value) ? ok(field, value) : fail(field, label, 'VALIDATION.DOCUMENT_NUMBER_FORMAT');
}
