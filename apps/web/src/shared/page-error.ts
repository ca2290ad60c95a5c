import type { ApiErrorBody } from '../api/api-client';

/**
 * A page that cannot be shown: thrown by a page, a guard or a pipe, answered by `PageErrorFilter` (page-error.filter.ts)
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

/** The error page with its words (and the way back). */
export const errorPage = (status: number, page: { title: string; message: string; restart?: string }): PageError =>
  new PageError(status, page.title, page.message, page.restart);
