import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import {
  QueryNotRegisteredError,
  QueryRejectedError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  isGrpcServiceError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Response } from 'express';
import { ERROR_CODES, isErrorCode } from '@tramites/contracts';
import { currentTraceId } from '@tramites/observability';
import { API_ERRORS, ApiError, type ApiErrorCode } from './api-error';

/** Our codes look like `AREA.RULE`; anything else (an SDK's or JavaScript's error name) is internal. */
const CODE_SHAPE = /^[A-Z][A-Z0-9_]*(\.[A-Z0-9_]+)+$/;

/** Maps a refusal of a workflow (validator or handler) to HTTP: its code decides the status. */
function fromWorkflowFailure(failure: ApplicationFailure): ApiError {
  const code = failure.type ?? '';
  if (!CODE_SHAPE.test(code)) {
    // The SDK's own refusals: an action the case's kind does not have, or an unexpected failure.
    if (/no registered handler/i.test(failure.message)) return new ApiError('CASE.ACTION_NOT_AVAILABLE');
    return new ApiError('INTERNAL', API_ERRORS.INTERNAL.message, undefined, 500);
  }
  // The status comes from the vocabulary (libs/contracts/src/error-codes.ts); a reason of the sheets is a 422.
  const status = isErrorCode(code) ? ERROR_CODES[code].status : 422;
  // A refusal may list its reasons (e.g. SUBMISSION.OBSERVED): they reach the client as `reasons`.
  const reasons = Array.isArray(failure.details?.[0]) ? { reasons: failure.details[0] as unknown[] } : undefined;
  return new ApiError(code, failure.message, reasons, status);
}

/** Errors of Express's body parsers (http-errors with a `type`), by what the client sent. */
const BODY_PARSER_ERRORS: Record<string, ApiErrorCode> = {
  'entity.too.large': 'REQUEST.TOO_LARGE',
  'entity.parse.failed': 'REQUEST.MALFORMED',
  'entity.too.deep': 'REQUEST.TOO_DEEP',
  'charset.unsupported': 'REQUEST.CHARSET_UNSUPPORTED',
  'encoding.unsupported': 'REQUEST.ENCODING_UNSUPPORTED',
  'request.aborted': 'REQUEST.MALFORMED',
  'request.size.invalid': 'REQUEST.MALFORMED',
  'stream.encoding.set': 'REQUEST.MALFORMED',
  'parameters.too.many': 'REQUEST.TOO_LARGE',
};

/** True when `err`, or an error it wraps, is the Temporal frontend being unreachable or too slow to answer. */
function temporalUnreachable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth += 1) {
    if (isGrpcServiceError(e) && [4, 14].includes(e.code)) return true;
  }
  return false;
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  // An action on a case whose workflow has ended (cancelled, issued, lapsed): closed, not missing.
  if (err instanceof WorkflowNotFoundError) return new ApiError(/already completed/i.test(err.message) ? 'CASE.CLOSED' : 'CASE.NOT_FOUND');
  if (err instanceof WorkflowExecutionAlreadyStartedError) return new ApiError('CASE.ALREADY_EXISTS');
  // A workflow that cannot answer a query now (its task failing, or not yet running the code that answers).
  if (err instanceof QueryRejectedError || err instanceof QueryNotRegisteredError) return new ApiError('CASE.STATE_UNAVAILABLE');
  if (err instanceof WorkflowUpdateFailedError) {
    // A validator's refusal is the cause itself; a handler's is wrapped by the activity failure.
    let cause: unknown = err.cause;
    while (cause && !(cause instanceof ApplicationFailure && cause.type)) cause = (cause as { cause?: unknown }).cause;
    if (cause instanceof ApplicationFailure) return fromWorkflowFailure(cause);
  }
  if (err instanceof ThrottlerException) return new ApiError('RATE.LIMITED');
  if (err instanceof HttpException) {
    const status = err.getStatus();
    if (status === 413) return new ApiError('REQUEST.TOO_LARGE');
    if (status === 404) return new ApiError('ROUTE.NOT_FOUND', 'No existe esa ruta.', undefined, 404);
    if (status === 400) return new ApiError('REQUEST.MALFORMED');
    if (status === 405) return new ApiError('ROUTE.METHOD_NOT_ALLOWED');
    return new ApiError('INTERNAL', API_ERRORS.INTERNAL.message, undefined, 500);
  }
  // The client wraps the frontend's gRPC error (UNAVAILABLE, DEADLINE_EXCEEDED) in a ServiceError: look through the causes.
  if (temporalUnreachable(err)) return new ApiError('TEMPORAL.UNAVAILABLE');
  const parserType = err && typeof err === 'object' ? (err as { type?: unknown }).type : undefined;
  if (typeof parserType === 'string' && BODY_PARSER_ERRORS[parserType]) return new ApiError(BODY_PARSER_ERRORS[parserType]);
  return new ApiError('INTERNAL', API_ERRORS.INTERNAL.message, undefined, 500);
}

/** One filter for every error: `{ error: { code, message, fields? } }`, never a stack trace or an internal name. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const error = toApiError(exception);
    if (error.status >= 500 && process.env['DEBUG_API_ERRORS']) console.error(exception);
    if (error.status >= 500) this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    sendApiError(res, error);
  }
}

/** Writes an error in the API's one shape; a 429 says when to come back in the standard header. */
export function sendApiError(res: Response, error: ApiError): void {
  if (error.code === 'RATE.LIMITED') {
    // The throttler names its header after the throttler ("Retry-After-public"): clients read Retry-After.
    const named = Object.keys(res.getHeaders()).find((h) => h.startsWith('retry-after-'));
    const seconds = named ? res.getHeader(named) : undefined;
    if (named) res.removeHeader(named);
    res.setHeader('Retry-After', String(seconds ?? 60));
  }
  // With traces on, the error names its trace: a person's report of it finds the request (ADR 0032).
  const traceId = currentTraceId();
  res.status(error.status).json({ error: { code: error.code, message: error.message, ...(error.details ?? {}), ...(traceId ? { traceId } : {}) } });
}
