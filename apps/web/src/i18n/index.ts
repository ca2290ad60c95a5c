export { DEFAULT_LOCALE, htmlLangOf, isLocale, LOCALES, translatorOf, type Locale } from './catalogue';
export { LANGUAGE_COOKIE, languageMiddleware, localeOf, tr, type LocalizedRequest } from './language';
export { LanguageController } from './language.controller';
