import { guayaquilInstant } from '@tramites/domain';
import { businessDeadline } from './credential-case.state';

// 004 Ventanilla Virtual: the documents are submitted or corrected within 5 business days (CREDENTIAL_DEFAULTS).
describe('the 004 submission deadline (patch submission-deadline-sheets-count)', () => {
  it('set before opening on Monday 7 December 2026: that day is the first of the 5, so they end on Friday 17:00', () => {
    expect(new Date(businessDeadline(guayaquilInstant('2026-12-07', 7), 5, true)).toISOString()).toBe('2026-12-11T22:00:00.000Z');
  });

  it('set during office hours the day under way does not count (next Monday 17:00), as before the patch', () => {
    expect(new Date(businessDeadline(guayaquilInstant('2026-12-07', 10), 5, true)).toISOString()).toBe('2026-12-14T22:00:00.000Z');
    expect(new Date(businessDeadline(guayaquilInstant('2026-12-07', 10), 5, false)).toISOString()).toBe('2026-12-14T22:00:00.000Z');
  });

  it('cases that set it before the patch keep one business day more when set before opening', () => {
    expect(new Date(businessDeadline(guayaquilInstant('2026-12-07', 7), 5, false)).toISOString()).toBe('2026-12-14T22:00:00.000Z');
  });
});
