import type { Locale } from '../i18n';

const TZ = 'America/Guayaquil';
const tag = (locale: Locale): string => (locale === 'es' ? 'es-EC' : 'en-GB');

const formats = new Map<string, Intl.DateTimeFormat>();
const formatOf = (locale: Locale, kind: 'day' | 'time' | 'month' | 'monthName'): Intl.DateTimeFormat => {
  const key = `${locale}:${kind}`;
  let f = formats.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'day'
        ? { timeZone: TZ, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }
        : kind === 'time'
          ? { timeZone: TZ, hour: '2-digit', minute: '2-digit', hour12: false }
          : kind === 'month'
            ? { timeZone: 'UTC', month: 'long', year: 'numeric' }
            : { timeZone: 'UTC', month: 'long' };
    f = new Intl.DateTimeFormat(tag(locale), options);
    formats.set(key, f);
  }
  return f;
};

/** "martes, 1 de diciembre de 2026" / "Tuesday, 1 December 2026", in Guayaquil. */
export const dayIn = (locale: Locale, iso: string): string => formatOf(locale, 'day').format(new Date(iso));
/** "09:30", in Guayaquil. */
export const clockIn = (locale: Locale, iso: string): string => formatOf(locale, 'time').format(new Date(iso));
/** The day and the time: "martes, 1 de diciembre de 2026, 09:30". */
export const momentIn = (locale: Locale, iso: string): string => `${dayIn(locale, iso)}, ${clockIn(locale, iso)}`;
/** A calendar day "2026-12-01" in words (17:00 UTC is midday in Guayaquil, the same day). */
export const calendarDayIn = (locale: Locale, day: string): string => dayIn(locale, `${day}T17:00:00Z`);
/** "noviembre de 2026" / "November 2026". */
export const monthIn = (locale: Locale, year: number, month: number): string => formatOf(locale, 'month').format(new Date(Date.UTC(year, month - 1, 15)));
/** A month's name alone: "marzo" / "March". */
export const monthNameIn = (locale: Locale, month: number): string => formatOf(locale, 'monthName').format(new Date(Date.UTC(2000, month - 1, 15)));
