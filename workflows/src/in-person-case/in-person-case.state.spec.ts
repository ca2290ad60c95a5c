import { CASE_DEFAULTS, IN_PERSON_RULES, actionRefusal, type Actor, type AppointmentView, type CaseView, type InPersonAction } from '@tramites/contracts';
import { makeReason, type ChecklistResult, type ReasonCode } from '@tramites/domain';
import {
  booked,
  caseAgency,
  checkedIn,
  close,
  codeChecked,
  codeIssued,
  documentsReviewed,
  isFinal,
  closingTimeLapseInstant,
  lapseInstant,
  nextStuckRetry,
  openCase,
  projection,
  reminderInstant,
  stuckAt,
  toLegalReview,
  verifiedAtDesk,
} from './in-person-case.state';
import { APPLICANT, OFFICER, OPEN_CASE_INPUT as INPUT } from '@tramites/testing/unit';

/** Tuesday 1 December 2026, 10:00 in Guayaquil (UTC-5). */
const now = Date.parse('2026-12-01T15:00:00Z');
const HOUR = 3_600_000;
/** Thursday 3 December 2026, 09:00 in Guayaquil. */
const APPOINTMENT: AppointmentView = {
  slotId: 'slot-1',
  reference: 'C-1',
  agencyId: 'UIO-NORTE',
  agencyName: 'Quito Norte',
  startsAt: '2026-12-03T14:00:00.000Z',
};
const checklist = (outcome: ChecklistResult['outcome'], codes: ReasonCode[]): ChecklistResult =>
  ({ outcome, reasons: codes.map((c) => ({ ...makeReason(c), requirementId: 'r' })) }) as unknown as ChecklistResult;

describe('the in-person case (pure state machine)', () => {
  const opened = openCase(INPUT, CASE_DEFAULTS, now);
  const scheduled = booked({ ...opened, status: 'awaiting_booking' }, APPOINTMENT);
  const inService = checkedIn(scheduled, OFFICER, CASE_DEFAULTS, now + 48 * HOUR);

  it("opens awaiting the booker's code, with the booking window as deadline", () => {
    expect(opened).toMatchObject({
      status: 'awaiting_verification',
      waitingOn: 'applicant',
      applicantId: 'V1234567',
      deadlineAt: new Date(now + 24 * HOUR).toISOString(),
      verification: { attemptsLeft: 5, codesLeft: 3 },
      eventCount: 0,
    });
  });

  describe('verification code', () => {
    it('counts each code sent and keeps its expiry', () => {
      expect(codeIssued(opened, '2026-12-01T15:10:00.000Z').verification).toEqual({ attemptsLeft: 5, codesLeft: 2, codeExpiresAt: '2026-12-01T15:10:00.000Z' });
    });

    it('a valid code moves on to booking', () => {
      expect(codeChecked(opened, 'valid').status).toBe('awaiting_booking');
    });

    it('a wrong or expired code costs an attempt; the last one fails the verification', () => {
      let state = codeChecked(opened, 'wrong');
      expect(state).toMatchObject({ status: 'awaiting_verification', waitingOn: 'applicant', verification: { attemptsLeft: 4 } });
      for (let i = 0; i < 3; i += 1) state = codeChecked(state, 'expired');
      expect(state.status).toBe('awaiting_verification');
      state = codeChecked(state, 'wrong');
      expect(state).toMatchObject({ status: 'verification_failed', waitingOn: 'nobody', verification: { attemptsLeft: 0 } });
    });
  });

  describe('appointment', () => {
    it("booking schedules the case; a no-show lapses at the office's closing time that day", () => {
      expect(scheduled).toMatchObject({ status: 'scheduled', waitingOn: 'applicant', appointment: APPOINTMENT, deadlineAt: '2026-12-03T22:00:00.000Z' });
      expect(lapseInstant(APPOINTMENT)).toBe(Date.parse('2026-12-03T22:00:00Z'));
    });

    it('an appointment after the common closing time (a shopping-centre point) lapses at the end of its own day', () => {
      const evening = { ...APPOINTMENT, startsAt: '2026-12-03T23:30:00.000Z' };
      expect(lapseInstant(evening)).toBe(Date.parse('2026-12-04T05:00:00Z'));
      expect(closingTimeLapseInstant(evening)).toBe(Date.parse('2026-12-03T22:00:00Z'));
      expect(closingTimeLapseInstant(APPOINTMENT)).toBe(lapseInstant(APPOINTMENT));
    });

    it('the reminder goes out the day before, at the same hour', () => {
      expect(reminderInstant(APPOINTMENT)).toBe(Date.parse('2026-12-02T14:00:00Z'));
    });

    it("check-in starts the institution's service clock", () => {
      expect(inService).toMatchObject({
        status: 'checked_in',
        waitingOn: 'institution',
        checkedInBy: OFFICER,
        checkedInAt: new Date(now + 48 * HOUR).toISOString(),
      });
      expect(inService.serviceClock).toBeDefined();
      expect(Date.parse(inService.deadlineAt ?? '')).toBeGreaterThan(now + 10 * 24 * HOUR);
    });
  });

  describe('documents at the window', () => {
    const at = now + 48 * HOUR;

    it('observed: waits on the applicant until the fifth business day, the service clock paused', () => {
      const observed = documentsReviewed(inService, checklist('observed', ['DOC.MISSING']), OFFICER, CASE_DEFAULTS, at);
      expect(observed).toMatchObject({ status: 'awaiting_correction', waitingOn: 'applicant', documentsReviewedBy: OFFICER });
      // Thursday 3 December + 5 business days = Thursday 10 December, 17:00 in Guayaquil.
      expect(observed.correctionDueAt).toBe('2026-12-10T22:00:00.000Z');
      expect(observed.deadlineAt).toBe(observed.correctionDueAt);
      expect(observed.serviceClock).not.toEqual(inService.serviceClock);
    });

    it('accepted after a correction: issuing, the clock resumed with the paused time added', () => {
      const observed = documentsReviewed(inService, checklist('observed', ['DOC.MISSING']), OFFICER, CASE_DEFAULTS, at);
      const accepted = documentsReviewed(observed, checklist('accepted', []), OFFICER, CASE_DEFAULTS, at + 24 * HOUR);
      expect(accepted).toMatchObject({ status: 'issuing', waitingOn: 'institution', correctionDueAt: undefined });
      expect(Date.parse(accepted.deadlineAt ?? '')).toBeGreaterThan(Date.parse(inService.deadlineAt ?? ''));
    });

    it('accepted with a poder the legal unit has not decided: legal_review, waiting on the institution', () => {
      const accepted = documentsReviewed(inService, checklist('accepted', []), OFFICER, CASE_DEFAULTS, at, { poderToReview: true });
      expect(accepted).toMatchObject({ status: 'legal_review', waitingOn: 'institution', correctionDueAt: undefined });
      expect(accepted.deadlineAt).toBe(documentsReviewed(inService, checklist('accepted', []), OFFICER, CASE_DEFAULTS, at).deadlineAt);
    });

    it('rejected: closes with the rejection reasons only', () => {
      const rejected = documentsReviewed(inService, checklist('rejected', ['ELIGIBILITY.HAS_CEDULA', 'DOC.MISSING']), OFFICER, CASE_DEFAULTS, at);
      expect(rejected).toMatchObject({ status: 'rejected', waitingOn: 'nobody', deadlineAt: undefined });
      expect(rejected.closedReason?.map((r) => r.code)).toEqual(['ELIGIBILITY.HAS_CEDULA']);
    });
  });

  it("legal review: the institution's turn, the poder in review", () => {
    expect(toLegalReview({ ...inService, status: 'issuing' }, 'poder-1')).toMatchObject({
      status: 'legal_review',
      waitingOn: 'institution',
      poder: { poderId: 'poder-1', status: 'in_review' },
    });
  });

  describe('stuck registry calls', () => {
    it('counts attempts and keeps when it first got stuck', () => {
      const first = stuckAt({ ...inService, status: 'issuing' }, 'issueDocument', now);
      expect(first).toMatchObject({
        status: 'stuck',
        waitingOn: 'institution',
        stuck: { step: 'issueDocument', attempts: 1, since: new Date(now).toISOString(), escalated: false },
      });
      const escalated: CaseView = { ...first, stuck: { ...first.stuck!, escalated: true } };
      expect(stuckAt(escalated, 'assignForeignerCode', now + HOUR).stuck).toEqual({
        step: 'assignForeignerCode',
        attempts: 2,
        since: new Date(now).toISOString(),
        escalated: true,
      });
    });

    it('retries by itself after four office hours (over the night when the day ends)', () => {
      expect(nextStuckRetry(CASE_DEFAULTS, now)).toBe(Date.parse('2026-12-01T19:00:00Z'));
      // 15:00 in Guayaquil: two hours today, two tomorrow from 08:00.
      expect(nextStuckRetry(CASE_DEFAULTS, Date.parse('2026-12-01T20:00:00Z'))).toBe(Date.parse('2026-12-02T15:00:00Z'));
    });
  });

  // The rules live in the table of actions (libs/contracts case-actions.ts); these are the states this machine makes.
  describe('refusals of an action', () => {
    it.each([
      ['a role not allowed', opened, 'verify_code', OFFICER, 'AUTH.ROLE_NOT_ALLOWED'],
      ["an applicant acting on someone else's case", opened, 'verify_code', { id: 'OTHER', role: 'applicant' }, 'AUTH.NOT_YOUR_CASE'],
      ['a case manager of another agency', scheduled, 'reschedule', { ...OFFICER, agencyId: 'GYE-SUR' }, 'AUTH.OUT_OF_SCOPE'],
      ['a case manager on a case of no agency yet', opened, 'cancel', OFFICER, 'AUTH.OUT_OF_SCOPE'],
      ['a closed case', close(opened, 'cancelled'), 'verify_code', APPLICANT, 'CASE.CLOSED'],
      ['another state', scheduled, 'book', APPLICANT, 'CASE.INVALID_STATE'],
      ['the owner, in the right state', opened, 'verify_code', APPLICANT, undefined],
      ["the agency's case manager", scheduled, 'reschedule', OFFICER, undefined],
    ] as const)('%s', (_name, state, action, actor, code) => {
      expect(actionRefusal(IN_PERSON_RULES, action as InPersonAction, state, actor as Actor, { now })?.code).toBe(code);
    });
  });

  it('closing clears the deadline; final statuses are final', () => {
    const lapsed = close(scheduled, 'lapsed');
    expect(lapsed).toMatchObject({ status: 'lapsed', waitingOn: 'nobody', deadlineAt: undefined });
    expect(lapsed).not.toHaveProperty('closedReason');
    expect(close(scheduled, 'rejected', [makeReason('PODER.REVOKED')]).closedReason?.map((r) => r.code)).toEqual(['PODER.REVOKED']);
    expect(['issued', 'rejected', 'cancelled', 'lapsed', 'abandoned', 'verification_failed'].every((s) => isFinal(s as CaseView['status']))).toBe(true);
    expect(['scheduled', 'issuing', 'stuck', 'possible_duplicate'].some((s) => isFinal(s as CaseView['status']))).toBe(false);
  });

  it("the read-model row: the appointment's agency, else the walk-in desk's", () => {
    expect(caseAgency(scheduled)).toBe('UIO-NORTE');
    expect(projection(scheduled, undefined)).toMatchObject({
      workflowId: `case:${INPUT.caseId}`,
      procedureType: 'FOREIGNER_CODE',
      status: 'scheduled',
      province: 'PICHINCHA',
      agencyId: 'UIO-NORTE',
      applicantId: 'V1234567',
      holderName: 'TORRES, ANA',
      appointmentAt: APPOINTMENT.startsAt,
      deadlineAt: '2026-12-03T22:00:00.000Z',
    });
    expect(projection(opened, 'GYE-SUR')).toMatchObject({ agencyId: 'GYE-SUR', appointmentAt: null });
    expect(projection(opened, undefined).agencyId).toBeNull();
  });

  it('a turno booked at the desk (ADR 0030): its agency from the first event, verified by the officer, booked by that agency’s case manager only', () => {
    const atDesk = openCase({ ...INPUT, deskBooking: { agencyId: 'UIO-NORTE' } }, CASE_DEFAULTS, now);
    expect(caseAgency(atDesk)).toBe('UIO-NORTE');
    expect(projection(atDesk, undefined).agencyId).toBe('UIO-NORTE');
    const verified = verifiedAtDesk(atDesk);
    expect(verified.status).toBe('awaiting_booking');
    expect(actionRefusal(IN_PERSON_RULES, 'book', verified, OFFICER, { now })).toBeUndefined();
    expect(actionRefusal(IN_PERSON_RULES, 'book', verified, { ...OFFICER, agencyId: 'GYE-SUR' }, { now })?.code).toBe('AUTH.OUT_OF_SCOPE');
    // An online case waits for its applicant's code, and only the applicant books it.
    expect(actionRefusal(IN_PERSON_RULES, 'book', { ...opened, status: 'awaiting_booking' }, OFFICER, { now })?.code).toBe('AUTH.OUT_OF_SCOPE');
  });
});
