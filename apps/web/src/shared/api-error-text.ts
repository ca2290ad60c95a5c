import { ERROR_CODES, isErrorCode } from '@tramites/contracts';
import { isReasonCode, reasonText } from '@tramites/domain';
import type { ApiErrorBody } from '../api/api-client';
import { localeOf, translatorOf, type Locale, type LocalizedRequest } from '../i18n';
import { translations } from '../i18n/catalogue';

/** The catalogue key of an API error code (`errors:code.UPLOAD.TOO_LARGE`): the codes of libs/contracts and libs/domain's reasons. */
export const errorCodeKey = (code: string): string => `errors:code.${code}`;

/** Whether the catalogue of that language (itself, not the Spanish fallback) has the code's text. */
export const hasErrorText = (locale: Locale, code: string): boolean => translations().exists(errorCodeKey(code), { lng: locale, fallbackLng: false });

/**
 * The words of an API refusal in the applicant's language (ADR 0031). The API answers in Spanish
 * with a code: in Spanish its own words stand (they name the file, the field, the date); in English
 * the code's translation from the `errors` namespace, followed by the API's Spanish words when they
 * say more than the code's general text (a file's name, a field), so nothing is lost. A code the
 * catalogue does not know keeps the Spanish words.
 */
export function apiErrorTextIn(locale: Locale, error: Pick<ApiErrorBody, 'code' | 'message'>): string {
  const es = translatorOf('es');
  const spanish = error.message?.trim() || (hasErrorText('es', error.code) ? es(errorCodeKey(error.code)) : es('errors:page.serviceDown'));
  if (locale === 'es') return spanish;
  const t = translatorOf(locale);
  if (!hasErrorText(locale, error.code)) return spanish;
  const english = t(errorCodeKey(error.code));
  const general = [
    es(errorCodeKey(error.code)),
    isErrorCode(error.code) ? ERROR_CODES[error.code].message : '',
    isReasonCode(error.code) ? reasonText(error.code) : '',
  ];
  return general.includes(spanish) ? english : `${english} (${t('errors:page.original')}: «${spanish}»)`;
}

/** `apiErrorTextIn` in the request's language: what a page prints for `r.error` instead of `r.error.message`. */
export const apiErrorText = (req: LocalizedRequest, error: Pick<ApiErrorBody, 'code' | 'message'>): string => apiErrorTextIn(localeOf(req), error);
