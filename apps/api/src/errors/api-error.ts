import { ERROR_CODES, type ErrorCode } from '@tramites/contracts';

/** Errors with a stable code end to end (libs/contracts/src/error-codes.ts); one filter maps them to HTTP. */
export const API_ERRORS = ERROR_CODES;

export type ApiErrorCode = ErrorCode;

export interface FieldProblem {
  field: string;
  /** Spanish: the rule the value breaks. */
  message: string;
}

export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly code: ApiErrorCode | string,
    message?: string,
    readonly details?: { fields?: FieldProblem[]; [key: string]: unknown },
    status?: number,
  ) {
    const known = (API_ERRORS as Record<string, { status: number; message: string }>)[code];
    super(message ?? known?.message ?? 'Error');
    this.status = status ?? known?.status ?? 422;
  }
}
