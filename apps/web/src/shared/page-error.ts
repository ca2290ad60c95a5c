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

/**
 * The page for an API call that did not succeed and that the page cannot show on its form. A
 * refusal (4xx) is shown as what it is, with the API's words and its status: a case that ended is
 * 409 CASE.CLOSED («El trámite ya terminó: …»), one that does not exist 404. The API that could
 * not answer (5xx, unreachable) or did not take the web's own credential (401) is the 503 page.
 */
export function apiFailed(failed: { status: number; error: ApiErrorBody }, title = 'No pudimos completar su solicitud'): PageError {
  const message = failed.error.message || 'El servicio no responde en este momento. Inténtelo de nuevo en unos minutos.';
  if (failed.status >= 400 && failed.status < 500 && failed.status !== 401)
    return new PageError(failed.status, failed.error.code === 'CASE.CLOSED' ? 'Su trámite ya terminó' : title, message);
  return new PageError(503, title, message);
}

/** The error page with its words (and the way back). */
export const errorPage = (status: number, page: { title: string; message: string; restart?: string }): PageError =>
  new PageError(status, page.title, page.message, page.restart);
