import { expectErrorCode } from '@tramites/testing/unit';
import fc from 'fast-check';
import {
  addDays,
  formatGuayaquil,
  fromEpochDay,
  guayaquilInstant,
  isLocalDate,
  isoWeekday,
  parseLocalDate,
  toEpochDay,
  toGuayaquilWallClock,
  toLocalDate,
} from './guayaquil-time';

describe('Guayaquil time (UTC-5, no DST)', () => {
  it('reads the wall clock five hours behind UTC', () => {
    const clock = toGuayaquilWallClock(Date.UTC(2025, 5, 2, 13, 30));
    expect(clock).toMatchObject({ date: '2025-06-02', hour: 8, minute: 30, minuteOfDay: 510, weekday: 1 });
  });

  it('is still the previous day in Guayaquil before 05:00 UTC', () => {
    expect(toLocalDate(Date.UTC(2025, 0, 1, 4, 59))).toBe('2024-12-31');
    expect(toLocalDate(Date.UTC(2025, 0, 1, 5, 0))).toBe('2025-01-01');
  });

  it('has the same offset in January and July', () => {
    expect(guayaquilInstant('2025-01-15', 17)).toBe(Date.UTC(2025, 0, 15, 22));
    expect(guayaquilInstant('2025-07-15', 17)).toBe(Date.UTC(2025, 6, 15, 22));
  });

  it('formats with the offset', () => {
    expect(formatGuayaquil(Date.UTC(2025, 5, 2, 22, 0, 0, 5))).toBe('2025-06-02T17:00:00.005-05:00');
  });

  it.each([
    ['2025-02-29', false],
    ['2024-02-29', true],
    ['2025-13-01', false],
    ['2025-1-01', false],
    ['2025-04-31', false],
    ['2025-12-31', true],
  ])('isLocalDate(%p) = %p', (value, ok) => {
    expect(isLocalDate(value)).toBe(ok);
  });

  it('throws a coded error on invalid dates and instants', () => {
    expectErrorCode(() => parseLocalDate('2025-02-30'), 'CALENDAR.INVALID_DATE');
    expectErrorCode(() => toLocalDate(Number.NaN), 'CALENDAR.INVALID_INSTANT');
    expectErrorCode(() => toLocalDate(1.5), 'CALENDAR.INVALID_INSTANT');
  });

  it('knows weekdays and month ends', () => {
    expect(isoWeekday('2025-06-01')).toBe(7);
    expect(isoWeekday('2025-06-02')).toBe(1);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
  });

  it('round-trips wall-clock readings', () => {
    const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) });
    fc.assert(
      fc.property(instant, (t) => {
        const c = toGuayaquilWallClock(t);
        const back = guayaquilInstant(c.date, c.hour, c.minute) + c.second * 1000 + c.millisecond;
        expect(back).toBe(t);
        expect(t - Date.UTC(2000, 0, 1)).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  // The calendar is plain arithmetic (no Date: ADR 0035); JavaScript's Date is the reference it must agree with.
  it('agrees with Date on every day from year 100 to 9999: epoch day, weekday, validity, wall clock', () => {
    const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
    const day = fc.integer({ min: Date.UTC(100, 0, 1) / 86_400_000, max: Date.UTC(9999, 11, 31) / 86_400_000 });
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 86_399_999 }), (epochDay, ms) => {
        const d = new Date(epochDay * 86_400_000);
        const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
        expect(fromEpochDay(epochDay)).toBe(date);
        expect(toEpochDay(date)).toBe(epochDay);
        expect(isoWeekday(date)).toBe(d.getUTCDay() === 0 ? 7 : d.getUTCDay());
        const instant = epochDay * 86_400_000 + ms;
        const shifted = new Date(instant - 5 * 3_600_000);
        const c = toGuayaquilWallClock(instant);
        expect([c.hour, c.minute, c.second, c.millisecond]).toEqual([
          shifted.getUTCHours(),
          shifted.getUTCMinutes(),
          shifted.getUTCSeconds(),
          shifted.getUTCMilliseconds(),
        ]);
        expect(c.weekday).toBe(shifted.getUTCDay() === 0 ? 7 : shifted.getUTCDay());
      }),
      { numRuns: 2000 },
    );
    for (const bad of ['2025-02-29', '2100-02-29', '2024-04-31', '2024-13-01', '2024-00-10', '0099-01-01', '2024-1-01']) {
      expect(isLocalDate(bad)).toBe(false);
    }
    for (const good of ['2024-02-29', '2000-02-29', '2024-04-30', '0100-01-01', '9999-12-31']) expect(isLocalDate(good)).toBe(true);
  });
});
