import { DomainError } from '../shared/domain-error';
import { MS_PER_HOUR, MS_PER_MINUTE, assertInstant } from './guayaquil-time';
import type { Instant } from './guayaquil-time';
import { DEFAULT_BUSINESS_CALENDAR, addBusinessMillis, businessDayLengthMs, businessMillisBetween } from './business-calendar';
import type { BusinessCalendar } from './business-calendar';

/**
 * A deadline measured in office time. One business day is one full office
 * day (9 hours by default), so "3 business days" from Monday 10:00 is
 * Thursday 10:00, skipping nights, weekends and holidays.
 */
export interface BusinessDuration {
  readonly businessDays?: number;
  readonly businessHours?: number;
  readonly businessMinutes?: number;
}

export function businessDurationMs(duration: BusinessDuration, calendar: BusinessCalendar = DEFAULT_BUSINESS_CALENDAR): number {
  const ms =
    (duration.businessDays ?? 0) * businessDayLengthMs(calendar) +
    (duration.businessHours ?? 0) * MS_PER_HOUR +
    (duration.businessMinutes ?? 0) * MS_PER_MINUTE;
  if (!Number.isInteger(ms) || ms < 0) {
    throw new DomainError('CLOCK.INVALID_BUDGET', 'a deadline budget must be a non-negative whole number of ms', {
      duration,
    });
  }
  return ms;
}

/** Plain, serialisable state (safe to keep in workflow state or return from a query). */
export interface DeadlineClockState {
  readonly budgetMs: number;
  /** Office time consumed by segments already closed by a pause. */
  readonly consumedMs: number;
  /** Start of the running segment; null while paused. */
  readonly runningSince: Instant | null;
  /** Last start/pause/resume instant: time may not go back before it. */
  readonly lastEventAt: Instant;
  /** The due instant, once it has passed during a segment that was then paused. */
  readonly breachedAt: Instant | null;
}

/**
 * Pausable deadline. It runs while the case waits on the institution and
 * is paused while it waits on the applicant (e.g. correcting an
 * observation). Immutable: every transition returns a new clock. Pausing a
 * paused clock or resuming a running one returns it unchanged, so
 * duplicated signals are harmless.
 */
export class DeadlineClock {
  readonly state: DeadlineClockState;
  private readonly calendar: BusinessCalendar;

  private constructor(state: DeadlineClockState, calendar: BusinessCalendar) {
    this.state = Object.freeze({ ...state });
    this.calendar = calendar;
  }

  static start(at: Instant, budget: BusinessDuration | number, calendar: BusinessCalendar = DEFAULT_BUSINESS_CALENDAR): DeadlineClock {
    assertInstant(at);
    const budgetMs = typeof budget === 'number' ? budget : businessDurationMs(budget, calendar);
    if (!Number.isInteger(budgetMs) || budgetMs < 0) {
      throw new DomainError('CLOCK.INVALID_BUDGET', 'budget must be a non-negative integer of ms', { budget });
    }
    return new DeadlineClock({ budgetMs, consumedMs: 0, runningSince: at, lastEventAt: at, breachedAt: null }, calendar);
  }

  static fromState(state: DeadlineClockState, calendar: BusinessCalendar = DEFAULT_BUSINESS_CALENDAR): DeadlineClock {
    return new DeadlineClock(state, calendar);
  }

  get isRunning(): boolean {
    return this.state.runningSince !== null;
  }

  private checkOrder(at: Instant): void {
    assertInstant(at);
    if (at < this.state.lastEventAt) {
      throw new DomainError('CLOCK.TIME_WENT_BACKWARDS', 'clock events must not go back in time', {
        at,
        lastEventAt: this.state.lastEventAt,
      });
    }
  }

  pause(at: Instant): DeadlineClock {
    this.checkOrder(at);
    const since = this.state.runningSince;
    if (since === null) return this;
    const due = this.dueAt();
    const breachedAt = this.state.breachedAt ?? (due !== null && at > due ? due : null);
    return new DeadlineClock(
      {
        ...this.state,
        consumedMs: this.state.consumedMs + businessMillisBetween(since, at, this.calendar),
        runningSince: null,
        lastEventAt: at,
        breachedAt,
      },
      this.calendar,
    );
  }

  resume(at: Instant): DeadlineClock {
    this.checkOrder(at);
    if (this.state.runningSince !== null) return this;
    return new DeadlineClock({ ...this.state, runningSince: at, lastEventAt: at }, this.calendar);
  }

  /** Office time consumed up to `now`. */
  elapsed(now: Instant): number {
    const since = this.state.runningSince;
    if (since === null || now <= since) return this.state.consumedMs;
    return this.state.consumedMs + businessMillisBetween(since, now, this.calendar);
  }

  /** Office time left at `now`; negative once overdue. */
  remaining(now: Instant): number {
    return this.state.budgetMs - this.elapsed(now);
  }

  /** When the deadline falls if the clock keeps running; null while paused (the deadline is suspended). */
  dueAt(): Instant | null {
    const since = this.state.runningSince;
    if (since === null) return null;
    const left = this.state.budgetMs - this.state.consumedMs;
    if (left <= 0) return this.state.breachedAt ?? since;
    return addBusinessMillis(since, left, this.calendar);
  }

  /** Past the due instant (while running), or breached before the last pause. */
  isOverdue(now: Instant): boolean {
    assertInstant(now);
    if (this.state.breachedAt !== null) return true;
    if (this.state.consumedMs > this.state.budgetMs) return true;
    const due = this.dueAt();
    return due !== null && now > due;
  }
}
