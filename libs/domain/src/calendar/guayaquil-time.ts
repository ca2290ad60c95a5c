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

export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const m = LOCAL_DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

export function parseLocalDate(value: LocalDate): DateParts {
  if (!isLocalDate(value)) {
    throw new DomainError('CALENDAR.INVALID_DATE', `not a valid YYYY-MM-DD date: ${String(value)}`, { value });
  }
  const m = LOCAL_DATE.exec(value) as RegExpExecArray;
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

export function assertInstant(value: unknown): asserts value is Instant {
  if (typeof value !== 'number' || !Number.isFinite(value) || !Number.isInteger(value)) {
    throw new DomainError('CALENDAR.INVALID_INSTANT', 'an instant is an integer number of epoch milliseconds', {
      value,
    });
  }
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Days since 1970-01-01 for a civil date (proleptic Gregorian). */
export function toEpochDay(date: LocalDate): number {
  const { year, month, day } = parseLocalDate(date);
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

export function fromEpochDay(epochDay: number): LocalDate {
  const d = new Date(epochDay * MS_PER_DAY);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromEpochDay(toEpochDay(date) + days);
}

export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  return toEpochDay(a) - toEpochDay(b);
}

export function isoWeekday(date: LocalDate): IsoWeekday {
  const sundayZero = new Date(toEpochDay(date) * MS_PER_DAY).getUTCDay();
  return (sundayZero === 0 ? 7 : sundayZero) as IsoWeekday;
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
  const shifted = new Date(instant + OFFSET_MS);
  const date = `${pad(shifted.getUTCFullYear(), 4)}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`;
  const hour = shifted.getUTCHours();
  const minute = shifted.getUTCMinutes();
  return {
    date,
    hour,
    minute,
    second: shifted.getUTCSeconds(),
    millisecond: shifted.getUTCMilliseconds(),
    minuteOfDay: hour * 60 + minute,
    weekday: isoWeekday(date),
  };
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
