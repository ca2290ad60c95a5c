import type { Actor, CaseView, StartInPersonCaseInput } from '@tramites/contracts';

/** Pure state machine of an in-person case: no Temporal APIs here, so it is unit-testable. */

/** America/Guayaquil is UTC-5 all year (no daylight saving). */
const GUAYAQUIL_OFFSET_MS = 5 * 60 * 60 * 1000;
/** Offices close at 17:00 local time (DOMAIN.md, "Common to all"). */
const CLOSING_HOUR = 17;

/** The closing time of the office on the appointment's local day: a no-show lapses then. */
export function endOfAppointmentDay(appointmentAt: string): string {
  const local = new Date(Date.parse(appointmentAt) - GUAYAQUIL_OFFSET_MS);
  const closing = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), CLOSING_HOUR);
  return new Date(closing + GUAYAQUIL_OFFSET_MS).toISOString();
}

export function initialCase(input: StartInPersonCaseInput): CaseView {
  return {
    caseId: input.caseId,
    procedure: input.procedure,
    status: 'scheduled',
    province: input.province,
    agencyId: input.agencyId,
    appointmentAt: input.appointmentAt,
    lapsesAt: endOfAppointmentDay(input.appointmentAt),
    eventCount: 0,
  };
}

export type CheckInRefusal = 'CASE.NOT_SCHEDULED';

/** Why a check-in is refused, or undefined when it is allowed. */
export function checkInRefusal(state: CaseView): CheckInRefusal | undefined {
  return state.status === 'scheduled' ? undefined : 'CASE.NOT_SCHEDULED';
}

export function checkIn(state: CaseView, actor: Actor, at: string): CaseView {
  return { ...state, status: 'checked_in', checkedInAt: at, checkedInBy: actor };
}

export function lapse(state: CaseView): CaseView {
  return { ...state, status: 'lapsed' };
}
