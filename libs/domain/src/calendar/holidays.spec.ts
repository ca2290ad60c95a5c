import { expectErrorCode } from '@tramites/testing/unit';
import { isoWeekday } from './guayaquil-time';
import { DEFAULT_HOLIDAY_CALENDAR, ECUADOR_NATIONAL_HOLIDAYS, HolidayCalendar } from './holidays';

describe('HolidayCalendar', () => {
  it('ships named national holidays for 2025-2027', () => {
    for (const year of [2025, 2026, 2027]) {
      expect(DEFAULT_HOLIDAY_CALENDAR.list(year).length).toBeGreaterThanOrEqual(10);
    }
    expect(DEFAULT_HOLIDAY_CALENDAR.nameOf('2025-11-04')).toMatch(/Difuntos/);
    expect(DEFAULT_HOLIDAY_CALENDAR.nameOf('2026-02-16')).toBe('Carnaval');
    expect(DEFAULT_HOLIDAY_CALENDAR.isHoliday('2026-05-25')).toBe(true);
    expect(DEFAULT_HOLIDAY_CALENDAR.isHoliday('2026-05-24')).toBe(false);
  });

  it('lists observed rest days, which always fall on weekdays', () => {
    for (const h of ECUADOR_NATIONAL_HOLIDAYS) {
      expect(isoWeekday(h.date)).toBeLessThanOrEqual(5);
      expect(h.name.length).toBeGreaterThan(3);
    }
  });

  it('flags only 2027 as provisional', () => {
    const provisional = ECUADOR_NATIONAL_HOLIDAYS.filter((h) => h.provisional).map((h) => h.date.slice(0, 4));
    expect(new Set(provisional)).toEqual(new Set(['2027']));
  });

  it('is extended and corrected by an administrator without mutation', () => {
    const local = DEFAULT_HOLIDAY_CALENDAR.with(['2025-12-06', { date: '2025-07-25', name: 'Fundación de Guayaquil' }]);
    expect(local.isHoliday('2025-12-06')).toBe(true);
    expect(local.nameOf('2025-12-06')).toBe('Feriado');
    expect(local.nameOf('2025-07-25')).toBe('Fundación de Guayaquil');
    expect(DEFAULT_HOLIDAY_CALENDAR.isHoliday('2025-12-06')).toBe(false);

    const corrected = local.without(['2025-12-06']);
    expect(corrected.isHoliday('2025-12-06')).toBe(false);
    expect(corrected.size).toBe(local.size - 1);
  });

  it('keeps the later entry for a repeated date and lists in date order', () => {
    const calendar = HolidayCalendar.of([
      { date: '2026-03-02', name: 'B' },
      { date: '2026-01-05', name: 'A' },
      { date: '2026-03-02', name: 'C' },
    ]);
    expect(calendar.list().map((h) => `${h.date} ${h.name}`)).toEqual(['2026-01-05 A', '2026-03-02 C']);
  });

  it('refuses malformed dates with a coded error', () => {
    expectErrorCode(() => HolidayCalendar.of(['2025-02-30']), 'CALENDAR.INVALID_DATE');
    expectErrorCode(() => HolidayCalendar.empty().with(['25/12/2025']), 'CALENDAR.INVALID_DATE');
  });
});
