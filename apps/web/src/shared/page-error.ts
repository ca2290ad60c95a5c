import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import type { ApiErrorBody } from '../api/api-client';
import { renderOfficer } from '../officer/officer-auth';
import { OFFICER_PATH, type OfficerRequest } from '../officer/officer-session';
import type { SessionRequest } from '../session/session';
import { render } from './render';

/**
 * A page that cannot be shown: thrown by a page, a guard or a pipe, answered by `PageErrorFilter`
 * (the one error renderer): the officers' error page under /oficina, the public one elsewhere.
 */
export class PageError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
    readonly restart?: string,
  ) {
    super(message);
  }
}

/** The answer was already given (a redirect, or the 503 page of an access log that could not be written). */
export class PageAnswered extends Error {}

/** The API could not answer (or refused in a way the page cannot show on its form): the 503 page with the API's words. */
export function apiDown(error: ApiErrorBody, title = 'No pudimos completar su solicitud'): PageError {
  return new PageError(503, title, error.message || 'El servicio no responde en este momento. Inténtelo de nuevo en unos minutos.');
}

@Catch(PageError, PageAnswered)
export class PageErrorFilter implements ExceptionFilter {
  catch(error: PageError | PageAnswered, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<OfficerRequest & SessionRequest>();
    const res = http.getResponse<Response>();
    if (error instanceof PageAnswered || res.headersSent) return;
    const context = { title: error.title, message: error.message, ...(error.restart ? { restart: error.restart } : {}) };
    const officers = req.path === OFFICER_PATH || req.path.startsWith(`${OFFICER_PATH}/`);
    if (officers) renderOfficer(req, res, 'oficina/error.njk', context, error.status);
    else render(req, res, 'error.njk', context, error.status);
  }
}

/** The error page with its words (and the way back). */
export const errorPage = (status: number, page: { title: string; message: string; restart?: string }): PageError =>
  new PageError(status, page.title, page.message, page.restart);
