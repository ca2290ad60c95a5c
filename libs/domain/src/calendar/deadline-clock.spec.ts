import { expectErrorCode } from '@tramites/testing/unit';
import { MS_PER_HOUR, guayaquilInstant } from './guayaquil-time';
import { DeadlineClock, businessDurationMs } from './deadline-clock';
import type { DeadlineClockState } from './deadline-clock';

const at = (date: string, hour: number, minute = 0) => guayaquilInstant(date, hour, minute);

describe('DeadlineClock', () => {
  it('"3 business days after the appointment" on Monday 10:00 falls on Thursday 10:00', () => {
    const clock = DeadlineClock.start(at('2025-06-02', 10), { businessDays: 3 });
    expect(clock.dueAt()).toBe(at('2025-06-05', 10));
    expect(clock.isOverdue(at('2025-06-05', 10))).toBe(false);
    expect(clock.isOverdue(at('2025-06-05', 10) + 1)).toBe(true);
  });

  it('skips weekends and holidays', () => {
    // Tuesday 23 Dec 2025 15:00 + 2 business days: Wed 24, (Thu 25 holiday), Fri 26 15:00
    expect(DeadlineClock.start(at('2025-12-23', 15), { businessDays: 2 }).dueAt()).toBe(at('2025-12-26', 15));
  });

  it('stops while waiting on the applicant and runs again on resume', () => {
    const started = DeadlineClock.start(at('2025-06-02', 8), { businessDays: 2 }); // due Tue 17:00 if never paused
    expect(started.dueAt()).toBe(at('2025-06-03', 17));
    const paused = started.pause(at('2025-06-02', 12)); // 4 h used
    expect(paused.isRunning).toBe(false);
    expect(paused.dueAt()).toBeNull();
    expect(paused.elapsed(at('2025-06-20', 12))).toBe(4 * MS_PER_HOUR);
    expect(paused.isOverdue(at('2025-06-20', 12))).toBe(false);
    const resumed = paused.resume(at('2025-06-09', 8)); // 14 h left from Monday 8:00
    expect(resumed.dueAt()).toBe(at('2025-06-10', 13));
    expect(resumed.remaining(at('2025-06-09', 17))).toBe(5 * MS_PER_HOUR);
  });

  it('stays overdue after being paused past its due time', () => {
    const clock = DeadlineClock.start(at('2025-06-02', 8), { businessHours: 2 });
    const paused = clock.pause(at('2025-06-02', 18)); // due was 10:00
    expect(paused.state.breachedAt).toBe(at('2025-06-02', 10));
    expect(paused.isOverdue(at('2025-06-02', 18))).toBe(true);
    expect(paused.resume(at('2025-06-03', 8)).isOverdue(at('2025-06-03', 8))).toBe(true);
  });

  it('is overdue after a 17:00 deadline even outside office hours', () => {
    const clock = DeadlineClock.start(at('2025-06-06', 8), { businessDays: 1 });
    expect(clock.dueAt()).toBe(at('2025-06-06', 17));
    expect(clock.isOverdue(at('2025-06-06', 20))).toBe(true);
  });

  it('ignores duplicated pause/resume signals and refuses time going backwards', () => {
    const clock = DeadlineClock.start(at('2025-06-02', 9), { businessDays: 1 });
    const paused = clock.pause(at('2025-06-02', 10));
    expect(paused.pause(at('2025-06-02', 11))).toBe(paused);
    const resumed = paused.resume(at('2025-06-02', 12));
    expect(resumed.resume(at('2025-06-02', 13))).toBe(resumed);
    expectErrorCode(() => resumed.pause(at('2025-06-02', 11)), 'CLOCK.TIME_WENT_BACKWARDS');
  });

  it('serialises to plain state and back', () => {
    const clock = DeadlineClock.start(at('2025-06-02', 9), { businessDays: 1, businessHours: 2 }).pause(at('2025-06-02', 11));
    const copy = DeadlineClock.fromState(JSON.parse(JSON.stringify(clock.state)) as DeadlineClockState);
    expect(copy.state).toEqual(clock.state);
    expect(copy.resume(at('2025-06-03', 8)).dueAt()).toBe(clock.resume(at('2025-06-03', 8)).dueAt());
  });

  it('converts durations and refuses negative budgets', () => {
    expect(businessDurationMs({ businessDays: 1, businessHours: 1, businessMinutes: 30 })).toBe(10.5 * MS_PER_HOUR);
    expectErrorCode(() => DeadlineClock.start(at('2025-06-02', 9), { businessDays: -1 }), 'CLOCK.INVALID_BUDGET');
  });
});
