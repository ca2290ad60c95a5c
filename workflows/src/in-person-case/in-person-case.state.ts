import {
  FINAL_STATUSES,
  type Actor,
  type AppointmentView,
  type CaseProjection,
  type CaseSettings,
  type CaseStatus,
  type CaseView,
  type OpenCaseInput,
  type RecordDocumentsInput,
  caseWorkflowId,
  inPersonCaseAgency,
} from '@tramites/contracts';
import {
  DeadlineClock,
  MS_PER_DAY,
  addBusinessDays,
  addBusinessMillis,
  endOfBusinessDay,
  endOfBusinessDaysFrom,
  evaluateChecklist,
  startOfLocalDay,
  toLocalDate,
  type ChecklistResult,
  type Reason,
} from '@tramites/domain';

/**
 * The pure state machine of an in-person case (sheets 000, 001, 002): every
 * transition is a function from state (+ facts) to state. No Temporal APIs here.
 */

const MS_PER_HOUR = 3_600_000;

export const isFinal = (status: CaseStatus): boolean => FINAL_STATUSES.includes(status);

export function openCase(input: OpenCaseInput, settings: CaseSettings, now: number): CaseView {
  return {
    caseId: input.caseId,
    procedure: input.procedure,
    status: 'awaiting_verification',
    province: input.province,
    filerRole: input.filerRole,
    applicantId: input.booker.identityNumber,
    holder: input.holder,
    ...(input.deskBooking ? { deskBooking: { agencyId: input.deskBooking.agencyId } } : {}),
    waitingOn: 'applicant',
    deadlineAt: new Date(now + settings.bookingWindowHours * MS_PER_HOUR).toISOString(),
    verification: { attemptsLeft: settings.verificationMaxAttempts, codesLeft: settings.verificationMaxCodes },
    eventCount: 0,
  };
}

export function codeIssued(state: CaseView, expiresAt: string): CaseView {
  return {
    ...state,
    verification: { ...state.verification, codesLeft: state.verification.codesLeft - 1, codeExpiresAt: expiresAt },
  };
}

/** A turno booked at the desk (ADR 0030): the officer saw the person's identity document, so the case waits for its booking. */
export function verifiedAtDesk(state: CaseView): CaseView {
  return { ...state, status: 'awaiting_booking' };
}

export function codeChecked(state: CaseView, outcome: 'valid' | 'wrong' | 'expired'): CaseView {
  if (outcome === 'valid') return { ...state, status: 'awaiting_booking' };
  const attemptsLeft = state.verification.attemptsLeft - 1;
  const exhausted = attemptsLeft <= 0;
  return {
    ...state,
    status: exhausted ? 'verification_failed' : state.status,
    waitingOn: exhausted ? 'nobody' : state.waitingOn,
    verification: { ...state.verification, attemptsLeft },
  };
}

/**
 * A no-show lapses at the closing time of the appointment's day (DOMAIN.md, office hours). The points in
 * shopping centres keep differentiated hours (sheets 000, 002 and 004): an appointment at or after the common
 * closing time lapses at the end of its own day instead, never before it starts.
 */
export function lapseInstant(appointment: AppointmentView): number {
  const startsAt = Date.parse(appointment.startsAt);
  const closing = endOfBusinessDayOf(startsAt);
  return closing > startsAt ? closing : startOfLocalDay(toLocalDate(startsAt)) + MS_PER_DAY;
}

/**
 * A no-show lapses at its agency's own closing time that day (the agency's office hours, carried by the
 * appointment); an appointment that does not carry it, or one at or after it, falls back to `lapseInstant`.
 */
export function agencyClosingLapseInstant(appointment: AppointmentView): number {
  const closesAt = appointment.closesAt ? Date.parse(appointment.closesAt) : NaN;
  return Number.isFinite(closesAt) && closesAt > Date.parse(appointment.startsAt) ? closesAt : lapseInstant(appointment);
}

/** The rule before `AFTER_HOURS_LAPSE_PATCH`: the common closing time, even for an appointment after it. */
export function closingTimeLapseInstant(appointment: AppointmentView): number {
  return endOfBusinessDayOf(Date.parse(appointment.startsAt));
}

/** The reminder goes out the day before, at the same hour (or at once, if that is already past). */
export function reminderInstant(appointment: AppointmentView): number {
  return Date.parse(appointment.startsAt) - 24 * MS_PER_HOUR;
}

export function booked(state: CaseView, appointment: AppointmentView, lapseAt: number = lapseInstant(appointment)): CaseView {
  return {
    ...state,
    status: 'scheduled',
    appointment,
    waitingOn: 'applicant',
    deadlineAt: iso(lapseAt),
  };
}

export function checkedIn(state: CaseView, actor: Actor, settings: CaseSettings, now: number): CaseView {
  return startServiceClock({ ...state, status: 'checked_in', checkedInAt: iso(now), checkedInBy: actor }, settings, now);
}

function startServiceClock(state: CaseView, settings: CaseSettings, now: number): CaseView {
  const clock = DeadlineClock.start(now, { businessDays: settings.serviceBusinessDays });
  return withInstitutionDeadline({ ...state, serviceClock: clock.state, waitingOn: 'institution' });
}

/** The institution's turn: the deadline is the service clock's (paused while the applicant corrects). */
export function withInstitutionDeadline(state: CaseView): CaseView {
  const due = state.serviceClock ? DeadlineClock.fromState(state.serviceClock).dueAt() : null;
  return { ...state, waitingOn: 'institution', deadlineAt: due === null ? undefined : iso(due) };
}

export function close(state: CaseView, status: CaseStatus, reasons?: Reason[]): CaseView {
  return {
    ...state,
    status,
    waitingOn: 'nobody',
    deadlineAt: undefined,
    ...(reasons && reasons.length > 0 ? { closedReason: reasons } : {}),
  };
}

/** Runs the procedure's checklist (libs/domain) over what the officer recorded at the window. */
export function evaluateDocuments(state: CaseView, input: OpenCaseInput, docs: RecordDocumentsInput, today: string): ChecklistResult {
  return evaluateChecklist({
    procedure: state.procedure,
    channel: 'in_person',
    filer: {
      role: state.filerRole,
      identityNumber: input.booker.identityNumber,
      isVulnerable: input.walkIn !== undefined,
      isForeignWorkerHimself: docs.isForeignWorkerHimself ?? false,
      hasCedula: docs.holderHasCedula ?? false,
      hasForeignerCode: docs.holderHasForeignerCode ?? false,
    },
    // The poder's endorsement is the legal unit's decision, taken after this review
    // (or found in the registry): the window checks everything else.
    endorsedPoderOnFile: true,
    ...(docs.sutRecord ? { sutRecord: docs.sutRecord } : {}),
    ...(docs.request ? { request: docs.request } : {}),
    documents: docs.documents,
    appointment: input.walkIn ? { confirmationPresented: false } : { confirmationPresented: true, bookedForIdentityNumber: input.booker.identityNumber },
    asOf: today,
  });
}

/**
 * After a review: rejected closes, observed waits on the applicant (their clock, ours paused), accepted moves on.
 * `correctionAsSheetsCount`: the correction's n business days end as libs/domain endOfBusinessDaysFrom counts
 * them (a review before opening makes that day the first); false for the cases that ran before (one day more).
 */
/** How the window's review is counted: the sheets' correction deadline (a patch), and a poder still to review. */
export interface DocumentsReview {
  correctionAsSheetsCount?: boolean;
  poderToReview?: boolean;
}

export function documentsReviewed(
  state: CaseView,
  result: ChecklistResult,
  actor: Actor,
  settings: CaseSettings,
  now: number,
  review: DocumentsReview = {},
): CaseView {
  const { correctionAsSheetsCount = false, poderToReview = false } = review;
  const reviewed = { ...state, checklist: result, documentsReviewedBy: actor };
  if (result.outcome === 'rejected') {
    return close(
      reviewed,
      'rejected',
      result.reasons.filter((r) => r.category === 'rejection'),
    );
  }
  if (result.outcome === 'observed') {
    const due = correctionAsSheetsCount
      ? endOfBusinessDaysFrom(now, settings.correctionBusinessDays)
      : endOfBusinessDay(addBusinessDays(toLocalDate(now), settings.correctionBusinessDays));
    const paused = state.serviceClock ? DeadlineClock.fromState(state.serviceClock).pause(now).state : undefined;
    return {
      ...reviewed,
      status: 'awaiting_correction',
      correctionDueAt: iso(due),
      waitingOn: 'applicant',
      deadlineAt: iso(due),
      ...(paused ? { serviceClock: paused } : {}),
    };
  }
  const resumed = state.serviceClock ? DeadlineClock.fromState(state.serviceClock).resume(now).state : undefined;
  return withInstitutionDeadline({
    ...reviewed,
    // A poder the legal unit has not decided goes to its review before issuance (issuance.ts).
    status: poderToReview ? 'legal_review' : 'issuing',
    correctionDueAt: undefined,
    ...(resumed ? { serviceClock: resumed } : {}),
  });
}

export function toLegalReview(state: CaseView, poderId: string): CaseView {
  return withInstitutionDeadline({ ...state, status: 'legal_review', poder: { poderId, status: 'in_review' } });
}

export function stuckAt(state: CaseView, step: string, now: number): CaseView {
  const attempts = (state.stuck?.attempts ?? 0) + 1;
  return withInstitutionDeadline({
    ...state,
    status: 'stuck',
    stuck: { step, since: state.stuck?.since ?? iso(now), attempts, escalated: state.stuck?.escalated ?? false },
  });
}

/** Next automatic retry of a stuck registry call, in office time. */
export function nextStuckRetry(settings: CaseSettings, now: number): number {
  return addBusinessMillis(now, settings.stuckRetryBusinessHours * MS_PER_HOUR);
}

/** The case's agency (libs/contracts case-actions.ts: the same one the guards scope by). */
export const caseAgency = (state: CaseView): string | undefined => inPersonCaseAgency(state);

/** The read-model row of the case (written with each event). */
export function projection(state: CaseView, agencyId: string | undefined): CaseProjection {
  return {
    workflowId: caseWorkflowId(state.caseId),
    procedureType: state.procedure,
    status: state.status,
    province: state.province,
    agencyId: caseAgency(state) ?? agencyId ?? null,
    applicantId: state.applicantId,
    deadlineAt: state.deadlineAt ?? null,
    waitingOn: state.waitingOn,
    holderName: state.holder.fullName,
    appointmentAt: state.appointment?.startsAt ?? null,
  };
}

function endOfBusinessDayOf(instant: number): number {
  return endOfBusinessDay(toLocalDate(instant));
}

export const iso = (ms: number): string => new Date(ms).toISOString();
