import { makeReason } from '../reasons/reasons';
import type { ReasonParams, ValidationReasonCode } from '../reasons/reasons';

/** Where a value came from, so that messages can name the field. */
export interface FieldOptions {
  /** Machine key of the field, e.g. `employerCedula`. */
  readonly field?: string;
  /** Spanish label used in the message, e.g. "Cédula del solicitante empleador". */
  readonly label?: string;
}

export interface ValidationOk<D = undefined> {
  readonly ok: true;
  readonly field: string;
  /** The normalised value (trimmed, separators removed, canonical case). */
  readonly value: string;
  readonly details: D;
}

export interface ValidationFailure {
  readonly ok: false;
  readonly field: string;
  readonly code: ValidationReasonCode;
  /** Spanish message naming the field. */
  readonly message: string;
}

export type ValidationResult<D = undefined> = ValidationOk<D> | ValidationFailure;

export function ok(field: string, value: string): ValidationOk;
export function ok<D>(field: string, value: string, details: D): ValidationOk<D>;
export function ok<D>(field: string, value: string, details?: D): ValidationOk<D | undefined> {
  return { ok: true, field, value, details };
}

export function fail(field: string, label: string, code: ValidationReasonCode, params: ReasonParams = {}): ValidationFailure {
  return { ok: false, field, code, message: makeReason(code, { ...params, field: label }).message };
}

export function names(opts: FieldOptions | undefined, field: string, label: string): { field: string; label: string } {
  return { field: opts?.field ?? field, label: opts?.label ?? label };
}

/** Remove spaces, hyphens, dots, slashes and parentheses people type inside numbers. */
export function stripSeparators(value: string): string {
  return value.replace(/[\s\-./()]/g, '');
}
