import type { ApiErrorBody } from '../api/api-client';
import type { FieldError } from '../shared/forms';

/** The API's field errors (or its message) as the form's errors, each on a field of this form. */
export function apiErrors(e: ApiErrorBody, fields: string[], fallback: string): FieldError[] {
  const named = (e.fields ?? []).filter((f) => fields.includes(f.field)).map((f) => ({ field: f.field, text: f.message }));
  return named.length ? named : [{ field: fallback, text: e.message }];
}
