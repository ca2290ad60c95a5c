import type { NextFunction, Request, Response } from 'express';
import type { TFunction } from 'i18next';
import { cookieValue } from '../session/session-backend';
import { DEFAULT_LOCALE, htmlLangOf, isLocale, translatorOf, type Locale } from './catalogue';

/** The remembered choice of language (a preference, not personal data: one year, every applicant page). */
export const LANGUAGE_COOKIE = 'tramites_idioma';
const YEAR_SECONDS = 365 * 24 * 3600;

/** Pages that stay in Spanish whatever the choice: the officers' desk and the waiting room's screen. */
const SPANISH_ONLY = /^\/(oficina|sala)(\/|$)/;

export interface LocalizedRequest extends Request {
  locale?: Locale;
}

/** The language of the request: the remembered choice on applicant pages, Spanish for officers. */
export function localeOf(req: LocalizedRequest): Locale {
  return req.locale ?? DEFAULT_LOCALE;
}

/** The translate function of the request's language, for controllers (titles, errors). */
export const tr = (req: LocalizedRequest): TFunction => translatorOf(localeOf(req));

/**
 * Sets the request's language and gives every template `t`, `lang`, `htmlLang` and the switch to
 * the other language (a link back to the same page, `GET /idioma/:lang`).
 */
export function languageMiddleware() {
  return (req: LocalizedRequest, res: Response, next: NextFunction): void => {
    const chosen = cookieValue(req.headers.cookie, LANGUAGE_COOKIE);
    const locale: Locale = SPANISH_ONLY.test(req.path) ? 'es' : isLocale(chosen) ? chosen : DEFAULT_LOCALE;
    req.locale = locale;
    const other: Locale = locale === 'es' ? 'en' : 'es';
    res.locals['t'] = translatorOf(locale);
    res.locals['lang'] = locale;
    res.locals['htmlLang'] = htmlLangOf(locale);
    res.locals['languageSwitch'] = {
      href: `/idioma/${other}?volver=${encodeURIComponent(req.originalUrl)}`,
      lang: htmlLangOf(other),
      text: translatorOf(other)('common:language.name'),
    };
    next();
  };
}

/** Only a path of this site (never `//host` or a scheme): where the switch returns. */
export function safeReturnPath(v: unknown): string {
  if (typeof v !== 'string' || !v.startsWith('/') || v.startsWith('//') || v.startsWith('/\\') || v.length > 2000) return '/';
  return v;
}

/** Remembers the choice in a cookie and returns to the page it was made on. */
export function chooseLanguage(res: Response, locale: Locale, returnTo: string, secure: boolean): void {
  const flags = ['Path=/', `Max-Age=${YEAR_SECONDS}`, 'SameSite=Lax', 'HttpOnly', ...(secure ? ['Secure'] : [])];
  res.append('Set-Cookie', `${LANGUAGE_COOKIE}=${locale}; ${flags.join('; ')}`);
  res.redirect(303, returnTo);
}
