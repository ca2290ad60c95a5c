import type { ApiErrorBody } from '../api/api-client';
import { translatorOf, type Locale } from '../i18n';
import { apiErrorTextIn } from './api-error-text';

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
    /** An API refusal's code and whether the title is apiFailed's own: the page says them in the applicant's language. */
    readonly api?: { error: ApiErrorBody; titleKey?: string },
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
export function apiFailed(failed: { status: number; error: ApiErrorBody }, title?: string): PageError {
  const es = translatorOf('es');
  const message = failed.error.message || es('errors:page.serviceDown');
  const refusal = failed.status >= 400 && failed.status < 500 && failed.status !== 401;
  const titleKey = refusal && failed.error.code === 'CASE.CLOSED' ? 'errors:page.caseClosedTitle' : title === undefined ? 'errors:page.title' : undefined;
  const api = { error: { ...failed.error, message }, ...(titleKey ? { titleKey } : {}) };
  return new PageError(refusal ? failed.status : 503, titleKey ? es(titleKey) : (title ?? ''), message, undefined, api);
}

/** The title and words of an error page in the applicant's language (an API refusal's through the `errors` namespace). */
export function pageErrorWords(error: PageError, locale: Locale): { title: string; message: string } {
  if (!error.api || locale === 'es') return { title: error.title, message: error.message };
  const t = translatorOf(locale);
  return { title: error.api.titleKey ? t(error.api.titleKey) : error.title, message: apiErrorTextIn(locale, error.api.error) };
}

/** The error page with its words (and the way back). */
export const errorPage = (status: number, page: { title: string; message: string; restart?: string }): PageError =>
  new PageError(status, page.title, page.message, page.restart);
