import { ApplicationFailure } from '@temporalio/common';
import type { AppointmentView, ReserveSlotInput } from '@tramites/contracts';
import { caseReference } from '@tramites/contracts';
import { AgendaError, type AgendaRepository } from '@tramites/persistence';

/** A refusal of the agenda (slot full, past, unknown) is final for that request: not retried. */
async function refusalsAreFinal<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof AgendaError) throw ApplicationFailure.create({ type: err.code, message: err.message, nonRetryable: true });
    throw err;
  }
}

export function makeAppointmentActivities(agenda: AgendaRepository) {
  return {
    reserveSlot: (input: ReserveSlotInput): Promise<AppointmentView> =>
      refusalsAreFinal(() => agenda.reserve(input.caseId, input.slotId, input.bookedFor, caseReference(input.caseId))),
    moveAppointment: (input: ReserveSlotInput): Promise<AppointmentView> => refusalsAreFinal(() => agenda.move(input.caseId, input.slotId)),
    releaseAppointment: (input: { caseId: string }): Promise<void> => agenda.release(input.caseId),
  };
}
