import { expectErrorCode } from '@tramites/testing/unit';
import { businessDayLengthMs, businessMillisBetween, endOfBusinessDay, endOfBusinessDaysFrom } from './business-calendar';
import { guayaquilInstant } from './guayaquil-time';

const at = (date: string, hour: number, minute = 0) => guayaquilInstant(date, hour, minute);
/** Whole business days of office time left at `now`, as the desk's label counts them. */
const wholeDaysLeft = (now: number, due: number): number => Math.floor(businessMillisBetween(now, due) / businessDayLengthMs());

// "n días hábiles" (sheets 000 and 001: the correction of observed documents) at the edges of the office day.
describe('endOfBusinessDaysFrom: the end of n business days as the sheets count them', () => {
  it('set before opening on a business day, that day is the first of the n (Monday 07:00 + 5 = Friday 17:00)', () => {
    expect(endOfBusinessDaysFrom(at('2026-12-07', 7), 5)).toBe(endOfBusinessDay('2026-12-11'));
    expect(endOfBusinessDaysFrom(at('2026-12-07', 7, 59), 5)).toBe(endOfBusinessDay('2026-12-11'));
    expect(endOfBusinessDaysFrom(at('2026-12-07', 0), 1)).toBe(endOfBusinessDay('2026-12-07'));
    // The desk then says 5 whole days are left, not 6.
    expect(wholeDaysLeft(at('2026-12-07', 7), endOfBusinessDaysFrom(at('2026-12-07', 7), 5))).toBe(5);
  });

  it('set at or after opening, the day under way does not count (Monday 08:00 or 10:00 + 5 = next Monday 17:00)', () => {
    expect(endOfBusinessDaysFrom(at('2026-12-07', 8), 5)).toBe(endOfBusinessDay('2026-12-14'));
    expect(endOfBusinessDaysFrom(at('2026-12-07', 10), 5)).toBe(endOfBusinessDay('2026-12-14'));
    expect(wholeDaysLeft(at('2026-12-07', 10), endOfBusinessDaysFrom(at('2026-12-07', 10), 5))).toBe(5);
  });

  it('set after closing or on a weekend, counting starts on the next business day', () => {
    expect(endOfBusinessDaysFrom(at('2026-12-07', 17), 5)).toBe(endOfBusinessDay('2026-12-14'));
    expect(endOfBusinessDaysFrom(at('2026-12-07', 23, 30), 5)).toBe(endOfBusinessDay('2026-12-14'));
    expect(endOfBusinessDaysFrom(at('2026-12-12', 9), 5)).toBe(endOfBusinessDay('2026-12-18'));
    expect(endOfBusinessDaysFrom(at('2026-12-13', 7), 5)).toBe(endOfBusinessDay('2026-12-18'));
    expect(wholeDaysLeft(at('2026-12-12', 9), endOfBusinessDaysFrom(at('2026-12-12', 9), 5))).toBe(5);
  });

  it('skips the holiday calendar: set before opening on Monday 21 December 2026, Christmas (Friday 25) is not one of the 5', () => {
    expect(endOfBusinessDaysFrom(at('2026-12-21', 7), 5)).toBe(endOfBusinessDay('2026-12-28'));
    // Before opening on a holiday: the holiday is not a business day, so it does not count.
    expect(endOfBusinessDaysFrom(at('2026-12-25', 7), 1)).toBe(endOfBusinessDay('2026-12-28'));
  });

  it('refuses a period of less than one business day', () => {
    expectErrorCode(() => endOfBusinessDaysFrom(at('2026-12-07', 7), 0), 'CALENDAR.INVALID_AMOUNT');
    expectErrorCode(() => endOfBusinessDaysFrom(at('2026-12-07', 7), 1.5), 'CALENDAR.INVALID_AMOUNT');
  });
});

// A poder's office time (poder-review.state.ts, businessMsTaken) measured across the office day's edges.
describe('office time between a request and a decision outside office hours', () => {
  it('counts the office time between them, whatever hour the decision is taken', () => {
    const h = 3_600_000;
    expect(businessMillisBetween(at('2026-12-07', 10), at('2026-12-07', 20))).toBe(7 * h);
    expect(businessMillisBetween(at('2026-12-07', 10), at('2026-12-08', 6))).toBe(7 * h);
    expect(businessMillisBetween(at('2026-12-04', 16), at('2026-12-05', 11))).toBe(1 * h);
    expect(businessMillisBetween(at('2026-12-07', 18), at('2026-12-07', 21))).toBe(0);
  });
});
