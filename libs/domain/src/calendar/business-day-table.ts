import { daysFromCivil, fromEpochDay, isoWeekdayOfEpochDay } from './guayaquil-time';
import type { HolidayCalendar } from './holidays';
import type { IsoWeekday } from './guayaquil-time';

/** What a business day depends on: the office's weekdays and the holidays. */
export interface BusinessDayRules {
  readonly holidays: HolidayCalendar;
  readonly hours: { readonly weekdays: readonly IsoWeekday[] };
}

interface YearTable {
  readonly firstDay: number;
  /** 1 for a business day, by day of the year (0 = 1 January). */
  readonly flags: Uint8Array;
}

/**
 * Business days, one table per calendar and year, built the first time that year is asked about.
 * A pure function of the calendar (which is immutable) and the year, so it is as deterministic in
 * a workflow as computing each day again (ADR 0035). Calendars are frozen objects, the keys of a
 * WeakMap: a calendar built for one agency and dropped takes its tables with it.
 */
const TABLES = new WeakMap<BusinessDayRules, Map<number, YearTable>>();

function buildYear(rules: BusinessDayRules, year: number): YearTable {
  const firstDay = daysFromCivil({ year, month: 1, day: 1 });
  const length = daysFromCivil({ year: year + 1, month: 1, day: 1 }) - firstDay;
  const flags = new Uint8Array(length);
  const weekdays = new Set(rules.hours.weekdays);
  for (let i = 0; i < length; i++) {
    const day = firstDay + i;
    flags[i] = weekdays.has(isoWeekdayOfEpochDay(day)) && !rules.holidays.isHoliday(fromEpochDay(day)) ? 1 : 0;
  }
  return { firstDay, flags };
}

/** Whether a day (counted from 1970-01-01) is a business day of the calendar. */
export function isBusinessEpochDay(epochDay: number, rules: BusinessDayRules): boolean {
  let years = TABLES.get(rules);
  if (!years) {
    years = new Map();
    TABLES.set(rules, years);
  }
  // The year's number from its 1 January: 365.2425 days a year on average, corrected by one either way.
  let year = Math.floor(epochDay / 365.2425) + 1970;
  let table = years.get(year) ?? buildAndKeep(years, rules, year);
  if (epochDay < table.firstDay) table = years.get(--year) ?? buildAndKeep(years, rules, year);
  else if (epochDay >= table.firstDay + table.flags.length) table = years.get(++year) ?? buildAndKeep(years, rules, year);
  return table.flags[epochDay - table.firstDay] === 1;
}

function buildAndKeep(years: Map<number, YearTable>, rules: BusinessDayRules, year: number): YearTable {
  const table = buildYear(rules, year);
  years.set(year, table);
  return table;
}
