import fc from 'fast-check';
import { createBusinessCalendar, isBusinessDay } from './business-calendar';
import { isBusinessEpochDay } from './business-day-table';
import { fromEpochDay, isoWeekday, toEpochDay } from './guayaquil-time';
import { DEFAULT_HOLIDAY_CALENDAR } from './holidays';

describe('the business-day table (one per calendar and year)', () => {
  const saturdays = createBusinessCalendar({ hours: { weekdays: [1, 2, 3, 4, 5, 6] }, holidays: DEFAULT_HOLIDAY_CALENDAR.with(['2026-12-07']) });
  const naive = (date: string, calendar: typeof saturdays): boolean => calendar.hours.weekdays.includes(isoWeekday(date)) && !calendar.holidays.isHoliday(date);

  it('says what the weekdays and the holidays say, on every day, for two calendars, across year ends', () => {
    const day = fc.integer({ min: toEpochDay('1999-12-25'), max: toEpochDay('2031-01-07') });
    fc.assert(
      fc.property(day, fc.boolean(), (epochDay, withSaturdays) => {
        const calendar = withSaturdays ? saturdays : createBusinessCalendar();
        const date = fromEpochDay(epochDay);
        expect(isBusinessEpochDay(epochDay, calendar)).toBe(naive(date, calendar));
        expect(isBusinessDay(date, calendar)).toBe(naive(date, calendar));
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps each calendar apart: a holiday added to one is not one of the other', () => {
    expect(isBusinessDay('2026-12-07')).toBe(true);
    expect(isBusinessDay('2026-12-07', saturdays)).toBe(false);
    expect(isBusinessDay('2026-12-12', saturdays)).toBe(true);
    expect(isBusinessDay('2026-12-12')).toBe(false);
    for (const date of ['2026-12-31', '2027-01-01', '2028-12-31', '2024-12-31', '2025-01-01']) {
      expect(isBusinessDay(date)).toBe(naive(date, createBusinessCalendar()));
    }
  });
});
