import { DomainError } from '../shared/domain-error';

/**
 * Time conventions of the domain library:
 * - An `Instant` is a point in time as epoch milliseconds (UTC), the same
 *   number `Date.now()` / Temporal's workflow clock gives. Numbers are cheap
 *   to store in workflow history and compare without parsing.
 * - A `LocalDate` is a civil date in Ecuador, "YYYY-MM-DD".
 * America/Guayaquil is UTC-5 all year (no daylight saving since 1993), so
 * the conversion is a fixed offset applied here, without Intl time-zone data.
 */
export type Instant = number;
export type LocalDate = string;

/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const GUAYAQUIL_UTC_OFFSET_MINUTES = -300;
const OFFSET_MS = GUAYAQUIL_UTC_OFFSET_MINUTES * 60_000;
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface DateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * The parts of a valid date, or null. Plain arithmetic, no `Date`: the workflows' sandbox wraps `Date`,
 * and the calendar walks day by day (ADR 0035). Years before 100 are refused, as they were when this
 * went through `Date.UTC` (which reads them as 19xx).
 */
function partsOf(value: string): DateParts | null {
  const m = LOCAL_DATE.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

export function isLocalDate(value: unknown): value is LocalDate {
  return typeof value === 'string' && partsOf(value) !== null;
}

export function parseLocalDate(value: LocalDate): DateParts {
  const parts = typeof value === 'string' ? partsOf(value) : null;
  if (!parts) {
    throw new DomainError('CALENDAR.INVALID_DATE', `not a valid YYYY-MM-DD date: ${String(value)}`, { value });
  }
  return parts;
}

export function assertInstant(value: unknown): asserts value is Instant {
  if (typeof value !== 'number' || !Number.isFinite(value) || !Number.isInteger(value)) {
    throw new DomainError('CALENDAR.INVALID_INSTANT', 'an instant is an integer number of epoch milliseconds', {
      value,
    });
  }
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Days since 1970-01-01 of a civil date (proleptic Gregorian; the days-from-civil algorithm, in integers). */
export function daysFromCivil({ year, month, day }: DateParts): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The civil date of a day count since 1970-01-01 (the inverse of daysFromCivil). */
function civilFromDays(epochDay: number): DateParts {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const formatParts = ({ year, month, day }: DateParts): LocalDate => `${pad(year, 4)}-${pad(month)}-${pad(day)}`;

/** Days since 1970-01-01 for a civil date (proleptic Gregorian). */
export function toEpochDay(date: LocalDate): number {
  return daysFromCivil(parseLocalDate(date));
}

export function fromEpochDay(epochDay: number): LocalDate {
  return formatParts(civilFromDays(epochDay));
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromEpochDay(toEpochDay(date) + days);
}

export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  return toEpochDay(a) - toEpochDay(b);
}

/** ISO weekday of a day count since 1970-01-01 (a Thursday). */
export function isoWeekdayOfEpochDay(epochDay: number): IsoWeekday {
  return (((((epochDay + 3) % 7) + 7) % 7) + 1) as IsoWeekday;
}

export function isoWeekday(date: LocalDate): IsoWeekday {
  return isoWeekdayOfEpochDay(toEpochDay(date));
}

/** Wall-clock reading in Guayaquil of an instant. */
export interface GuayaquilWallClock {
  readonly date: LocalDate;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
  /** Minutes since local midnight (0-1439). */
  readonly minuteOfDay: number;
  readonly weekday: IsoWeekday;
}

export function toGuayaquilWallClock(instant: Instant): GuayaquilWallClock {
  assertInstant(instant);
  const shifted = instant + OFFSET_MS;
  const epochDay = Math.floor(shifted / MS_PER_DAY);
  const msOfDay = shifted - epochDay * MS_PER_DAY;
  const minuteOfDay = Math.floor(msOfDay / MS_PER_MINUTE);
  return {
    date: fromEpochDay(epochDay),
    hour: Math.floor(minuteOfDay / 60),
    minute: minuteOfDay % 60,
    second: Math.floor((msOfDay % MS_PER_MINUTE) / 1000),
    millisecond: msOfDay % 1000,
    minuteOfDay,
    weekday: isoWeekdayOfEpochDay(epochDay),
  };
}

/** The Guayaquil civil day an instant falls on, as days since 1970-01-01. */
export function guayaquilEpochDay(instant: Instant): number {
  assertInstant(instant);
  return Math.floor((instant + OFFSET_MS) / MS_PER_DAY);
}

/** Midnight in Guayaquil at the start of a day counted from 1970-01-01. */
export function startOfGuayaquilEpochDay(epochDay: number): Instant {
  return epochDay * MS_PER_DAY - OFFSET_MS;
}

/** The Guayaquil civil date an instant falls on. */
export function toLocalDate(instant: Instant): LocalDate {
  return toGuayaquilWallClock(instant).date;
}

/** The instant at which Guayaquil clocks read `date` `hour`:`minute`. */
export function guayaquilInstant(date: LocalDate, hour = 0, minute = 0): Instant {
  if (!Number.isInteger(hour) || !Number.isInteger(minute) || hour < 0 || hour > 24 || minute < 0 || minute > 59) {
    throw new DomainError('CALENDAR.INVALID_DATE', 'hour must be 0-24 and minute 0-59', { hour, minute });
  }
  return toEpochDay(date) * MS_PER_DAY + hour * MS_PER_HOUR + minute * MS_PER_MINUTE - OFFSET_MS;
}

/** Midnight at the start of `date` in Guayaquil. */
export function startOfLocalDay(date: LocalDate): Instant {
  return guayaquilInstant(date, 0, 0);
}

/** ISO-8601 with the Guayaquil offset, e.g. "2025-06-02T17:00:00.000-05:00" (for display and audit exports). */
export function formatGuayaquil(instant: Instant): string {
  const c = toGuayaquilWallClock(instant);
  return `${c.date}T${pad(c.hour)}:${pad(c.minute)}:${pad(c.second)}.${pad(c.millisecond, 3)}-05:00`;
}
