import { DomainError } from '../shared/domain-error';
import {
  MS_PER_MINUTE,
  addDays,
  assertInstant,
  guayaquilInstant,
  fromEpochDay,
  guayaquilEpochDay,
  startOfGuayaquilEpochDay,
  toEpochDay,
  toGuayaquilWallClock,
} from './guayaquil-time';
import type { Instant, IsoWeekday, LocalDate } from './guayaquil-time';
import { isBusinessEpochDay } from './business-day-table';
import { DEFAULT_HOLIDAY_CALENDAR } from './holidays';
import type { HolidayCalendar } from './holidays';

/**
 * Office hours of the service centres. Every sheet: "Centros de Atención a
 * nivel nacional, de lunes a viernes de 08:00 a 17:00 horas" (mall points
 * differ: an administrator builds another calendar for them).
 */
export interface OfficeHours {
  /** Minutes after local midnight when the office opens (08:00 = 480). */
  readonly opensAtMinute: number;
  /** Minutes after local midnight when it closes (17:00 = 1020); closing is exclusive. */
  readonly closesAtMinute: number;
  readonly weekdays: readonly IsoWeekday[];
}

export const DEFAULT_OFFICE_HOURS: OfficeHours = Object.freeze({
  opensAtMinute: 8 * 60,
  closesAtMinute: 17 * 60,
  weekdays: Object.freeze<IsoWeekday[]>([1, 2, 3, 4, 5]),
});

export interface BusinessCalendar {
  readonly holidays: HolidayCalendar;
  readonly hours: OfficeHours;
}

export function createBusinessCalendar(options: { holidays?: HolidayCalendar; hours?: Partial<OfficeHours> } = {}): BusinessCalendar {
  const hours: OfficeHours = { ...DEFAULT_OFFICE_HOURS, ...(options.hours ?? {}) };
  const { opensAtMinute: open, closesAtMinute: close, weekdays } = hours;
  if (
    !Number.isInteger(open) ||
    !Number.isInteger(close) ||
    open < 0 ||
    close > 24 * 60 ||
    open >= close ||
    weekdays.length === 0 ||
    weekdays.some((d) => !Number.isInteger(d) || d < 1 || d > 7)
  ) {
    throw new DomainError('CALENDAR.INVALID_OFFICE_HOURS', 'office hours need 0 <= opens < closes <= 1440 and weekdays', {
      hours,
    });
  }
  return Object.freeze({ holidays: options.holidays ?? DEFAULT_HOLIDAY_CALENDAR, hours: Object.freeze(hours) });
}

export const DEFAULT_BUSINESS_CALENDAR: BusinessCalendar = createBusinessCalendar();

/** Longest span any loop here will walk: a guard against unbounded work, far beyond any deadline. */
const MAX_SPAN_DAYS = 366 * 50;

function assertWholeNumber(n: number, name: string): void {
  if (!Number.isInteger(n)) throw new DomainError('CALENDAR.INVALID_AMOUNT', `${name} must be an integer`, { [name]: n });
  if (Math.abs(n) > MAX_SPAN_DAYS) {
    throw new DomainError('CALENDAR.RANGE_TOO_LARGE', `${name} is beyond ${MAX_SPAN_DAYS} days`, { [name]: n });
  }
}

/** A weekday of the office that is not a holiday (from a table built once per year: business-day-table.ts). */
export function isBusinessDay(date: LocalDate, calendar: BusinessCalendar = DEFAULT_BUSINESS_CALENDAR): boolean {
  return isBusinessEpochDay(toEpochDay(date), calendar);
}

/** True on a business day from opening (inclusive) to closing (exclusive), Guayaquil time. */
export function isWithinOfficeHours(instant: Instant, calendar: BusinessCalendar = DEFAULT_BUSINESS_CALENDAR): boolean {
  const clock = toGuayaquilWallClock(instant);
  return isBusinessDay(clock.date, calendar) && clock.minuteOfDay >= calendar.hours.opensAtMinute && clock.minuteOfDay < calendar.hours.closesAtMinute;
}

/**
 * The date `n` business days after `date` (before it when n < 0). The
 * start date itself is never counted, so "3 business days after an
 * appointment on Friday" is the following Wednesday; n = 0 returns `date`.
 */
export function addBusinessDays(date: LocalDate, n: number, calendar: BusinessCalendar = DEFAULT_BUSINESS_CALENDAR): LocalDate {
  const first = toEpochDay(date);
  assertWholeNumber(n, 'n');
  const step = n < 0 ? -1 : 1;
  let remaining = Math.abs(n);
  let current = first;
  let walked = 0;
  while (remaining > 0) {
    current += step;
    if (isBusinessEpochDay(current, calendar)) remaining--;
    if (++walked > MAX_SPAN_DAYS) {
      throw new DomainError('CALENDAR.RANGE_TOO_LARGE', 'no business days found in range', { date, n });
    }
  }
  return current === first ? date : fromEpochDay(current);
}

export function nextBusinessDay(date: LocalDate, calendar: BusinessCalendar = DEFAULT_BUSINESS_CALENDAR): LocalDate {
  return addBusinessDays(date, 1, calendar);
}

/**
 * Business days in (from, to]: the number n with addBusinessDays(from, n)
 * landing on `to` when `to` is a business day. Negative when to < from.
 */
export function businessDaysBetween(from: LocalDate, to: LocalDate, calendar: BusinessCalendar = DEFAULT_BUSINESS_CALENDAR): number {
  const first = toEpochDay(from);
  const span = toEpochDay(to) - first;
  assertWholeNumber(span, 'span');
  if (span < 0) return -businessDaysBetween(to, from, calendar);
  let count = 0;
  for (let i = 1; i <= span; i++) if (isBusinessEpochDay(first + i, calendar)) count++;
  return count;
}

/**
 * The end of a period of `n` business days that starts at `from`, as the sheets count "n días
 * hábiles": closing time of the n-th business day, where a business day whose office hours are
 * all still ahead of `from` (set before opening) is the first of the n, and a day already under
 * way or closed is not. Set on Monday 07:00, 5 business days end on Friday 17:00; set on Monday
 * 10:00, on the next Monday 17:00; set on Saturday, on the next Friday 17:00.
 */
export function endOfBusinessDaysFrom(from: Instant, n: number, calendar: BusinessCalendar = DEFAULT_BUSINESS_CALENDAR): Instant {
  assertInstant(from);
  assertWholeNumber(n, 'n');
  if (n < 1) throw new DomainError('CALENDAR.INVALID_AMOUNT', 'n must be at least 1 business day', { n });
  const clock = toGuayaquilWallClock(from);
  const todayCounts = isBusinessDay(clock.date, calendar) && clock.minuteOfDay < calendar.hours.opensAtMinute;
  return endOfBusinessDay(addBusinessDays(todayCounts ? addDays(clock.date, -1) : clock.date, n, calendar), calendar);
}

/** Opening instant of `date` (08:00 Guayaquil by default). */
export function startOfBusinessDay(date: LocalDate, calendar: BusinessCalendar = DEFAULT_BUSINESS_CALENDAR): Instant {
  return guayaquilInstant(date) + calendar.hours.opensAtMinute * MS_PER_MINUTE;
}

/** Closing instant of `date` (17:00 Guayaquil by default = 22:00 UTC). */
export function endOfBusinessDay(date: LocalDate, calendar: BusinessCalendar = DEFAULT_BUSINESS_CALENDAR): Instant {
  return guayaquilInstant(date) + calendar.hours.closesAtMinute * MS_PER_MINUTE;
}

/** Office time in one business day, in milliseconds (9 h by default). */
export function businessDayLengthMs(calendar: BusinessCalendar = DEFAULT_BUSINESS_CALENDAR): number {
  return (calendar.hours.closesAtMinute - calendar.hours.opensAtMinute) * MS_PER_MINUTE;
}

/** Office time (business days, office hours) elapsed between two instants; negative if to < from. */
export function businessMillisBetween(from: Instant, to: Instant, calendar: BusinessCalendar = DEFAULT_BUSINESS_CALENDAR): number {
  assertInstant(from);
  assertInstant(to);
  if (to < from) return -businessMillisBetween(to, from, calendar);
  const firstDay = guayaquilEpochDay(from);
  const lastDay = guayaquilEpochDay(to);
  assertWholeNumber(lastDay - firstDay, 'span');
  const { opensAtMinute, closesAtMinute } = calendar.hours;
  let total = 0;
  for (let day = firstDay; day <= lastDay; day++) {
    if (!isBusinessEpochDay(day, calendar)) continue;
    const midnight = startOfGuayaquilEpochDay(day);
    const start = Math.max(from, midnight + opensAtMinute * MS_PER_MINUTE);
    const end = Math.min(to, midnight + closesAtMinute * MS_PER_MINUTE);
    if (end > start) total += end - start;
  }
  return total;
}

/**
 * The instant at which `amountMs` of office time has elapsed after `from`.
 * Time outside office hours does not count; a result that lands exactly on
 * closing time stays there (17:00), it does not roll to the next morning.
 */
export function addBusinessMillis(from: Instant, amountMs: number, calendar: BusinessCalendar = DEFAULT_BUSINESS_CALENDAR): Instant {
  assertInstant(from);
  if (!Number.isInteger(amountMs) || amountMs < 0) {
    throw new DomainError('CALENDAR.INVALID_AMOUNT', 'amountMs must be a non-negative integer', { amountMs });
  }
  if (amountMs === 0) return from;
  const { opensAtMinute, closesAtMinute } = calendar.hours;
  let remaining = amountMs;
  const firstDay = guayaquilEpochDay(from);
  for (let walked = 0; walked <= MAX_SPAN_DAYS; walked++) {
    const day = firstDay + walked;
    if (!isBusinessEpochDay(day, calendar)) continue;
    const midnight = startOfGuayaquilEpochDay(day);
    const start = Math.max(from, midnight + opensAtMinute * MS_PER_MINUTE);
    const end = midnight + closesAtMinute * MS_PER_MINUTE;
    if (end <= start) continue;
    if (remaining <= end - start) return start + remaining;
    remaining -= end - start;
  }
  throw new DomainError('CALENDAR.RANGE_TOO_LARGE', 'business time does not fit in the supported range', {
    from,
    amountMs,
  });
}
