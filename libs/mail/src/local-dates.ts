import { GUAYAQUIL_UTC_OFFSET_MINUTES, SPANISH_MONTHS, SPANISH_WEEKDAYS } from '@tramites/domain';

/** The languages of the applicant's emails and text messages (ADR 0031): Spanish (es-EC, the default) and English. */
export type MailLocale = 'es' | 'en';

const ENGLISH_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const ENGLISH_WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** A day whose UTC fields are the calendar day: «viernes 18 de diciembre de 2026» / «Friday 18 December 2026». */
function dayIn(d: Date, locale: MailLocale): string {
  if (locale === 'en') return `${ENGLISH_WEEKDAYS[d.getUTCDay()] ?? ''} ${d.getUTCDate()} ${ENGLISH_MONTHS[d.getUTCMonth()] ?? ''} ${d.getUTCFullYear()}`;
  return `${SPANISH_WEEKDAYS[d.getUTCDay()] ?? ''} ${d.getUTCDate()} de ${SPANISH_MONTHS[d.getUTCMonth()] ?? ''} de ${d.getUTCFullYear()}`;
}

/** «17:00» in Spanish, «5:00 pm» in English. */
function clockIn(d: Date, locale: MailLocale): string {
  const h = d.getUTCHours();
  if (locale === 'es') return `${pad2(h)}:${pad2(d.getUTCMinutes())}`;
  return `${h % 12 === 0 ? 12 : h % 12}:${pad2(d.getUTCMinutes())} ${h < 12 ? 'am' : 'pm'}`;
}

/**
 * An instant as the wall clock in Guayaquil (UTC-5 all year: Ecuador has no daylight saving time):
 * `2026-12-18T22:00:00Z` → «viernes 18 de diciembre de 2026, 17:00» / «Friday 18 December 2026, 5:00 pm».
 */
export function formatGuayaquilDateTime(instant: Date, locale: MailLocale = 'es'): string {
  const local = new Date(instant.getTime() + GUAYAQUIL_UTC_OFFSET_MINUTES * 60_000);
  return `${dayIn(local, locale)}, ${clockIn(local, locale)}`;
}

/** `2026-12-14` → «lunes 14 de diciembre de 2026» / «Monday 14 December 2026» (a calendar day, no time zone involved). */
export function formatCalendarDate(year: number, month: number, day: number, locale: MailLocale = 'es'): string {
  return dayIn(new Date(Date.UTC(year, month - 1, day)), locale);
}
