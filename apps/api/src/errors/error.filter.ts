import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  isGrpcServiceError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Response } from 'express';
import { API_ERRORS, ApiError } from './api-error';

const CONFLICTS = new Set(['CASE.BUSY', 'IDENTITY.STALE_CHALLENGE']);

/** Maps a refusal of a workflow (validator or handler) to HTTP: its code decides the status. */
function fromWorkflowFailure(failure: ApplicationFailure): ApiError {
  const code = failure.type ?? 'CASE.REFUSED';
  const status = code.startsWith('AUTH.') ? 403 : code.endsWith('.NOT_FOUND') ? 404 : CONFLICTS.has(code) ? 409 : code === 'SERVICE.UNAVAILABLE' ? 503 : 422;
  // A refusal may list its reasons (e.g. SUBMISSION.OBSERVED): they reach the client as `reasons`.
  const reasons = Array.isArray(failure.details?.[0]) ? { reasons: failure.details[0] as unknown[] } : undefined;
  return new ApiError(code, failure.message, reasons, status);
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof WorkflowNotFoundError) return new ApiError('CASE.NOT_FOUND');
  if (err instanceof WorkflowExecutionAlreadyStartedError) return new ApiError('CASE.ALREADY_EXISTS');
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
    if (status === 400) return new ApiError('VALIDATION.FAILED', 'La solicitud no es un JSON válido.', undefined, 400);
    return new ApiError('HTTP.ERROR', err.message, undefined, status);
  }
  if (isGrpcServiceError(err) && [4, 14].includes(err.code)) return new ApiError('TEMPORAL.UNAVAILABLE');
  if (err && typeof err === 'object' && (err as { type?: string }).type === 'entity.too.large') return new ApiError('REQUEST.TOO_LARGE');
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
    if (error.status >= 500) this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    res.status(error.status).json({ error: { code: error.code, message: error.message, ...(error.details ?? {}) } });
  }
}
