import { CASE_DEFAULTS, type AppointmentView } from '@tramites/contracts';
import { guayaquilInstant, makeReason, type ChecklistResult } from '@tramites/domain';
import { booked, checkedIn, documentsReviewed, openCase } from './in-person-case.state';
import { OFFICER, OPEN_CASE_INPUT as INPUT } from '@tramites/testing/unit';

/** Monday 7 December 2026 in Guayaquil, at `hour`. */
const monday = (hour: number, minute = 0): number => guayaquilInstant('2026-12-07', hour, minute);
const APPOINTMENT: AppointmentView = {
  slotId: 'slot-1',
  reference: 'C-1',
  agencyId: 'UIO-NORTE',
  agencyName: 'Quito Norte',
  startsAt: '2026-12-07T12:00:00.000Z',
};
const observedResult = { outcome: 'observed', reasons: [{ ...makeReason('DOC.MISSING'), requirementId: 'r' }] } as unknown as ChecklistResult;

// Sheets 000 and 001: observed documents are corrected within 5 business days (CASE_DEFAULTS.correctionBusinessDays).
describe('the correction deadline of observed documents (patch correction-deadline-sheets-count)', () => {
  const inService = checkedIn(
    booked({ ...openCase(INPUT, CASE_DEFAULTS, monday(6)), status: 'awaiting_booking' }, APPOINTMENT),
    OFFICER,
    CASE_DEFAULTS,
    monday(7),
  );

  it('observed before opening: that Monday is the first of the 5, so they end on Friday 17:00', () => {
    const observed = documentsReviewed(inService, observedResult, OFFICER, CASE_DEFAULTS, monday(7, 30), { correctionAsSheetsCount: true });
    expect(observed.correctionDueAt).toBe('2026-12-11T22:00:00.000Z');
    expect(observed.deadlineAt).toBe(observed.correctionDueAt);
  });

  it('observed during office hours: the day under way does not count, they end on the next Monday 17:00 (as before)', () => {
    expect(documentsReviewed(inService, observedResult, OFFICER, CASE_DEFAULTS, monday(10), { correctionAsSheetsCount: true }).correctionDueAt).toBe(
      '2026-12-14T22:00:00.000Z',
    );
    expect(documentsReviewed(inService, observedResult, OFFICER, CASE_DEFAULTS, monday(10), { correctionAsSheetsCount: false }).correctionDueAt).toBe(
      '2026-12-14T22:00:00.000Z',
    );
  });

  it('cases observed before the patch keep the deadline they had (one business day more when observed before opening)', () => {
    expect(documentsReviewed(inService, observedResult, OFFICER, CASE_DEFAULTS, monday(7, 30), { correctionAsSheetsCount: false }).correctionDueAt).toBe(
      '2026-12-14T22:00:00.000Z',
    );
  });
});
