import { expectErrorCode } from '@tramites/testing/unit';
import fc from 'fast-check';
import {
  DEFAULT_BUSINESS_CALENDAR,
  addBusinessDays,
  addBusinessMillis,
  businessDaysBetween,
  businessMillisBetween,
  createBusinessCalendar,
  endOfBusinessDay,
  isBusinessDay,
  isWithinOfficeHours,
  nextBusinessDay,
  startOfBusinessDay,
} from './business-calendar';
import { MS_PER_HOUR, addDays, guayaquilInstant } from './guayaquil-time';
import { HolidayCalendar } from './holidays';

const at = (date: string, hour: number, minute = 0) => guayaquilInstant(date, hour, minute);

describe('business calendar (Monday-Friday 08:00-17:00 Guayaquil)', () => {
  it.each([
    ['2025-06-02', true], // Monday
    ['2025-06-06', true], // Friday
    ['2025-06-07', false], // Saturday
    ['2025-06-08', false], // Sunday
    ['2025-12-25', false], // Christmas (Thursday)
    ['2025-11-04', false], // Difuntos, moved
    ['2025-11-05', true],
    ['2026-01-02', false], // decree
  ])('isBusinessDay(%p) = %p', (date, expected) => {
    expect(isBusinessDay(date)).toBe(expected);
  });

  it.each([
    [at('2025-06-02', 7, 59), false],
    [at('2025-06-02', 8, 0), true],
    [at('2025-06-02', 16, 59), true],
    [at('2025-06-02', 17, 0), false],
    [at('2025-06-07', 10, 0), false],
    [at('2025-12-25', 10, 0), false],
  ])('isWithinOfficeHours(%p) = %p', (instant, expected) => {
    expect(isWithinOfficeHours(instant)).toBe(expected);
  });

  it('ends a business day at 17:00 Guayaquil = 22:00 UTC', () => {
    expect(endOfBusinessDay('2025-06-02')).toBe(Date.UTC(2025, 5, 2, 22, 0));
    expect(startOfBusinessDay('2025-06-02')).toBe(Date.UTC(2025, 5, 2, 13, 0));
  });

  it.each([
    ['2025-06-02', 3, '2025-06-05'], // Monday + 3
    ['2025-06-06', 3, '2025-06-11'], // Friday + 3 skips the weekend
    ['2025-12-23', 3, '2025-12-29'], // skips Christmas and the weekend
    ['2025-10-08', 1, '2025-10-13'], // skips 9-10 October (decree + holiday)
    ['2025-06-07', 0, '2025-06-07'],
    ['2025-06-09', -1, '2025-06-06'],
  ])('addBusinessDays(%p, %p) = %p', (date, n, expected) => {
    expect(addBusinessDays(date, n)).toBe(expected);
  });

  it('counts business days in (from, to]', () => {
    expect(businessDaysBetween('2025-06-02', '2025-06-09')).toBe(5);
    expect(businessDaysBetween('2025-06-09', '2025-06-02')).toBe(-5);
    expect(businessDaysBetween('2025-12-31', '2026-01-05')).toBe(1); // 1, 2 January are holidays
    expect(nextBusinessDay('2025-12-31')).toBe('2026-01-05');
  });

  it('addBusinessDays and businessDaysBetween are inverse', () => {
    const date = fc.integer({ min: 0, max: 365 * 3 }).map((d) => addDays('2025-01-01', d));
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 60 }), (from, n) => {
        const to = addBusinessDays(from, n);
        expect(businessDaysBetween(from, to)).toBe(n);
        if (n > 0) expect(isBusinessDay(to)).toBe(true);
      }),
    );
  });

  it('measures office time only', () => {
    expect(businessMillisBetween(at('2025-06-06', 16), at('2025-06-09', 9))).toBe(2 * MS_PER_HOUR);
    expect(businessMillisBetween(at('2025-06-02', 6), at('2025-06-02', 20))).toBe(9 * MS_PER_HOUR);
    expect(businessMillisBetween(at('2025-06-02', 20), at('2025-06-02', 6))).toBe(-9 * MS_PER_HOUR);
  });

  it('adds office time, stopping at 17:00 rather than rolling over', () => {
    expect(addBusinessMillis(at('2025-06-02', 16), MS_PER_HOUR)).toBe(at('2025-06-02', 17));
    expect(addBusinessMillis(at('2025-06-02', 16), 2 * MS_PER_HOUR)).toBe(at('2025-06-03', 9));
    expect(addBusinessMillis(at('2025-06-07', 12), MS_PER_HOUR)).toBe(at('2025-06-09', 9));
    expect(addBusinessMillis(at('2025-06-07', 12), 0)).toBe(at('2025-06-07', 12));
    expectErrorCode(() => addBusinessMillis(at('2025-06-07', 12), -1), 'CALENDAR.INVALID_AMOUNT');
  });

  it('addBusinessMillis and businessMillisBetween agree', () => {
    const start = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 11, 1) });
    const amount = fc.integer({ min: 1, max: 30 * 9 * MS_PER_HOUR });
    fc.assert(
      fc.property(start, amount, (from, ms) => {
        const due = addBusinessMillis(from, ms);
        expect(businessMillisBetween(from, due)).toBe(ms);
        expect(businessMillisBetween(from, due - 1)).toBeLessThan(ms);
      }),
      { numRuns: 200 },
    );
  });

  it('supports other hours and holidays (e.g. a mall point)', () => {
    const mall = createBusinessCalendar({
      hours: { opensAtMinute: 10 * 60, closesAtMinute: 19 * 60, weekdays: [1, 2, 3, 4, 5, 6] },
      holidays: HolidayCalendar.empty(),
    });
    expect(isBusinessDay('2025-06-07', mall)).toBe(true);
    expect(isWithinOfficeHours(at('2025-06-07', 18, 30), mall)).toBe(true);
    expect(isBusinessDay('2025-12-25', mall)).toBe(true);
    expect(endOfBusinessDay('2025-06-07', mall)).toBe(at('2025-06-07', 19));
    expect(DEFAULT_BUSINESS_CALENDAR.hours.closesAtMinute).toBe(17 * 60);
  });

  it('refuses impossible office hours', () => {
    expectErrorCode(() => createBusinessCalendar({ hours: { opensAtMinute: 600, closesAtMinute: 500 } }), 'CALENDAR.INVALID_OFFICE_HOURS');
    expectErrorCode(() => createBusinessCalendar({ hours: { weekdays: [] } }), 'CALENDAR.INVALID_OFFICE_HOURS');
  });
});
