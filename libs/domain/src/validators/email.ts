import { fail, names, ok } from './validation-result';
import type { FieldOptions, ValidationResult } from './validation-result';

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * A deliverable-looking address: one "@", a dot-atom local part of at most
 * 64 characters, a domain of at least two labels with an alphabetic top
 * level, 254 characters at most. Quoted local parts and IP literals are
 * refused on purpose (nobody types them into a government form). The
 * domain is lower-cased; the local part is kept as typed.
 */
export function validateEmail(input: string, opts?: FieldOptions): ValidationResult {
  const { field, label } = names(opts, 'email', 'Correo electrónico');
  const trimmed = input.trim();
  if (trimmed === '') return fail(field, label, 'VALIDATION.REQUIRED');
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || trimmed.indexOf('@') !== at) return fail(field, label, 'VALIDATION.EMAIL_FORMAT');
  const local = trimmed.slice(0, at);
  const domain = trimmed.slice(at + 1).toLowerCase();
  const value = `${local}@${domain}`;
  const labels = domain.split('.');
  const tld = labels[labels.length - 1] ?? '';
  const valid =
    value.length <= 254 &&
    local.length <= 64 &&
    LOCAL_PART.test(local) &&
    labels.length >= 2 &&
    labels.every((l) => DOMAIN_LABEL.test(l)) &&
    /^[a-z]{2,63}$/.test(tld);
  return valid ? ok(field, value) : fail(field, label, 'VALIDATION.EMAIL_FORMAT');
}
