import { Injectable } from '@nestjs/common';
import { bookSlotUpdate, caseReference, checkInUpdate, type CaseView } from '@tramites/contracts';
import { isLocalDate, toLocalDate } from '@tramites/domain';
import { AgendaRepository } from '@tramites/persistence';
import { CaseAccessService } from '../access/case-access.service';
import { CaseUpdates } from '../access/case-updates';
import type { Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import { toApiError } from '../errors/error.filter';
import { BOOKING_HORIZON_DAYS } from '../appointments/appointments.controller';
import { CasesService } from './cases.service';
import type { DeskBookingDto, DeskBookingResultDto } from './desk-booking.dto';

const addCalendarDays = (day: string, days: number): string => new Date(Date.parse(`${day}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const dayRefused = (message: string): ApiError => new ApiError('VALIDATION.FAILED', message, { fields: [{ field: 'day', message }] }, 400);

/**
 * An online turno booked at the desk on the applicant's behalf (ADR 0030): the booking's own
 * services, in its order. The case opens as the online start does (CasesService.open: eligibility,
 * one person one code, the case's language), verified by the officer who saw the person; the first
 * free seat of the officer's agency on the day is booked through the case's `book` update (the
 * agenda's guarded seat, the emailed confirmation); a turno of today is checked in at once.
 */
@Injectable()
export class DeskBookingService {
  constructor(
    private readonly cases: CasesService,
    private readonly updates: CaseUpdates,
    private readonly access: CaseAccessService,
    private readonly agenda: AgendaRepository,
  ) {}

  async book(principal: Principal, dto: DeskBookingDto, idempotencyKey?: string): Promise<DeskBookingResultDto> {
    if (principal.role !== 'case_manager') throw new ApiError('AUTH.ROLE_NOT_ALLOWED');
    const agencyId = principal.agencyId;
    if (!agencyId) throw new ApiError('AUTH.OUT_OF_SCOPE', 'Su usuario no tiene una agencia asignada.');
    const today = toLocalDate(Date.now());
    const day = dto.day ?? today;
    const last = addCalendarDays(today, BOOKING_HORIZON_DAYS);
    if (!isLocalDate(day) || day < today || day > last)
      throw dayRefused(`day debe estar entre hoy (${today}) y ${BOOKING_HORIZON_DAYS} días después (${last})`);
    // A full day is said before a case exists; a seat taken meanwhile is handled by trying the next one.
    if (!(await this.freeSlots(agencyId, day)).length) throw this.full(day, today);

    const { filer, day: _day, ...opening } = dto;
    const { caseId, created } = await this.cases.open(principal, { ...opening, deskBooking: { agencyId, ...filer } }, idempotencyKey);
    // An in-person case by construction: the view of the case just opened.
    let view = (await this.access.liveView(caseId)) as CaseView;
    // A retried request finds its case already booked: the same answer, no second seat.
    if (view.status === 'awaiting_booking') view = await this.bookFirstFree(principal, caseId, agencyId, day, today);
    if (view.status === 'scheduled' && view.appointment && toLocalDate(Date.parse(view.appointment.startsAt)) === today) {
      view = await this.updates.update(principal, caseId, 'check_in', checkInUpdate, {});
    }
    const appointment = view.appointment;
    if (!appointment) throw new ApiError('CASE.INVALID_STATE', 'El trámite quedó abierto sin turno: vuelva a intentar la reserva.');
    return {
      caseId,
      created,
      appointment: { reference: caseReference(caseId), agencyId: appointment.agencyId, agencyName: appointment.agencyName, startsAt: appointment.startsAt },
      checkedIn: view.status !== 'scheduled',
      email: dto.booker.email,
    };
  }

  private async freeSlots(agencyId: string, day: string): Promise<string[]> {
    return (await this.agenda.availability(agencyId, day)).filter((s) => s.available > 0).map((s) => s.slotId);
  }

  /** The day's first free seat, through the case's own `book` update; a seat taken meanwhile moves to the next. */
  private async bookFirstFree(principal: Principal, caseId: string, agencyId: string, day: string, today: string): Promise<CaseView> {
    for (const slotId of await this.freeSlots(agencyId, day)) {
      try {
        return await this.updates.update(principal, caseId, 'book', bookSlotUpdate, { slotId });
      } catch (err) {
        if (!['APPOINTMENT.SLOT_FULL', 'APPOINTMENT.SLOT_PAST'].includes(toApiError(err).code)) throw err;
      }
    }
    throw this.full(day, today);
  }

  private full(day: string, today: string): ApiError {
    const message =
      day === today ? 'Hoy no quedan cupos en su agencia: elija otro día para el turno.' : `El ${day} no quedan cupos en su agencia: elija otro día.`;
    return new ApiError('APPOINTMENT.SLOT_FULL', message, { fields: [{ field: 'day', message }] }, 422);
  }
}
