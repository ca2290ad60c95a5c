import { ApplicationFailure } from '@temporalio/common';
import type { AppointmentView, ReserveSlotInput } from '@tramites/contracts';
import { caseReference } from '@tramites/contracts';
import { AgendaError, type AgendaRepository } from '@tramites/persistence';
import type { WaitingListOffers } from './waiting-list-offers';

/** A refusal of the agenda (slot full, past, unknown) is final for that request: not retried. */
async function refusalsAreFinal<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof AgendaError) throw ApplicationFailure.create({ type: err.code, message: err.message, nonRetryable: true });
    throw err;
  }
}

export function makeAppointmentActivities(agenda: AgendaRepository, waitingList: WaitingListOffers) {
  return {
    reserveSlot: (input: ReserveSlotInput): Promise<AppointmentView> =>
      refusalsAreFinal(() => agenda.reserve(input.caseId, input.slotId, input.bookedFor, caseReference(input.caseId))),
    /** The seat the reschedule leaves is offered to the waiting list in the same transaction (ADR 0029). */
    moveAppointment: (input: ReserveSlotInput): Promise<AppointmentView> => refusalsAreFinal(() => waitingList.moveAndOffer(input.caseId, input.slotId)),
    /** Frees the seat and, in the same transaction, holds it for the first of the agency's waiting list (ADR 0029). */
    releaseAppointment: async (input: { caseId: string }): Promise<void> => {
      await waitingList.releaseAndOffer(input.caseId);
    },
  };
}
