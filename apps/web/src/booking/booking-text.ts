import type { CaseStatus, InPersonProcedure } from '@tramites/contracts';
import { nationalityName } from '@tramites/domain';
import type { TFunction } from 'i18next';
import type { Locale } from '../i18n';

/*
 * The booking's words built from data (a procedure, a filer, a document type, a status): one
 * name per procedure, the sheet's own (booking.json, `procedures`), in the page's language.
 * booking-text.spec.ts holds that every such key is in both catalogues.
 */

export const procedureName = (t: TFunction, procedure: string | undefined): string =>
  procedure ? t(`booking:procedures.${procedure}.name`, { defaultValue: procedure }) : '';

export const procedureHint = (t: TFunction, procedure: InPersonProcedure): string => t(`booking:procedures.${procedure}.hint`);

export const filerName = (t: TFunction, role: string | undefined): string => (role ? t(`booking:filers.${role}`, { defaultValue: role }) : '');

export const filerHint = (t: TFunction, procedure: string, role: string): string => t(`booking:filerHints.${procedure}.${role}`, { defaultValue: '' });

export const documentTypeName = (t: TFunction, type: string | undefined): string => (type ? t(`booking:documentTypes.${type}`, { defaultValue: type }) : '');

export const statusText = (t: TFunction, status: CaseStatus): string => t(`booking:statuses.${status}`, { defaultValue: status });

/** The nationality's name in the page's language: "Paraguay", never "PRY". */
export const nationalityIn = (locale: Locale, code: string | undefined): string => nationalityName(code, locale);

export const DOCUMENT_TYPE_CODES = ['passport', 'visa', 'home_country_id'] as const;

const TZ = 'America/Guayaquil';
const intlLocale = (locale: Locale): string => (locale === 'es' ? 'es-EC' : 'en-GB');
const dayFormats = new Map<Locale, Intl.DateTimeFormat>();
const dayFormat = (locale: Locale): Intl.DateTimeFormat => {
  let f = dayFormats.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(intlLocale(locale), { timeZone: TZ, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
    dayFormats.set(locale, f);
  }
  return f;
};

/** "martes, 1 de diciembre de 2026" / "Tuesday 1 December 2026", in Guayaquil. */
export const longDateIn = (locale: Locale, iso: string): string => dayFormat(locale).format(new Date(iso));

/** A calendar day "2026-12-01" in words (noon in Guayaquil is the same day). */
export const dayIn = (locale: Locale, day: string): string => dayFormat(locale).format(new Date(`${day}T17:00:00Z`));
