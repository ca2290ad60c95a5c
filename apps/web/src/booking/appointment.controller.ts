import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { caseReference, PROCEDURE_NAMES, type CaseView } from '@tramites/contracts';
import { addBusinessDays, FILER_ROLE_LABELS, getProcedure, isBusinessDay, toLocalDate } from '@tramites/domain';
import type { Response } from 'express';
import { TramitesApi } from '../api/api-client';
import { confirmationPdf, confirmationQrDataUrl } from '../pdf/confirmation-pdf';
import type { SessionRequest } from '../session/session';
import { actionsAllowed } from '../shared/case-actions';
import { clock, dayInWords, longDate, STATUS_TEXT } from '../shared/format';
import { text, type FieldError } from '../shared/forms';
import { apiFailed } from '../shared/page-error';
import { render, sessionOf } from '../shared/render';
import { bookedCase } from './booking-draft';

const DAYS_SHOWN = 10;

/**
 * "Confirmación del Turno en Línea": the day and hour of the turno (booked or changed), its
 * confirmation (page and PDF) and its cancellation. Every rule is the API's.
 */
@Controller('turno')
export class BookingAppointmentController {
  constructor(@Inject(TramitesApi) private readonly api: TramitesApi) {}

  @Get('fecha')
  async date(@Req() req: SessionRequest, @Res() res: Response, @Query('dia') day?: string): Promise<void> {
    const s = bookedCase(sessionOf(req));
    if (!s.booking.agencyId) return res.redirect(303, '/turno/agencia');
    await this.datePage(req, res, day, []);
  }

  private async datePage(req: SessionRequest, res: Response, day: string | undefined, errors: FieldError[]): Promise<void> {
    const s = bookedCase(sessionOf(req));
    const today = toLocalDate(Date.now());
    // Today too (its later hours), then the next business days; the API decides which have seats.
    const days = [...(isBusinessDay(today) ? [today] : []), ...Array.from({ length: DAYS_SHOWN }, (_, i) => addBusinessDays(today, i + 1))];
    const chosen = day && /^\d{4}-\d{2}-\d{2}$/.test(day) && day >= today ? day : undefined;
    let slots: Array<{ value: string; text: string; hint: { text: string } }> = [];
    if (chosen) {
      const r = await this.api.availability(s.booking.agencyId ?? '', chosen);
      if (!r.ok) throw apiFailed(r);
      slots = r.data.items.map((slot) => ({
        value: slot.slotId,
        text: clock(slot.startsAt),
        hint: { text: `${slot.available} cupo${slot.available === 1 ? '' : 's'} libre${slot.available === 1 ? '' : 's'}` },
      }));
    }
    const current = await this.api.getCase(s.caseToken ?? '', s.caseId ?? '');
    const rescheduling = current.ok && Boolean(current.data.appointment);
    render(
      req,
      res,
      'turno/fecha.njk',
      {
        title: rescheduling ? 'Elija el nuevo día y hora' : 'Elija el día y la hora',
        backLink: rescheduling ? '/turno/confirmacion' : '/turno/agencia',
        days: days.map((d) => ({ day: d, text: dayInWords(d), current: d === chosen })),
        chosen,
        chosenText: chosen ? dayInWords(chosen) : '',
        slots,
        errors,
        rescheduling,
      },
      errors.length ? 400 : 200,
    );
  }

  @Post('fecha')
  async postDate(@Req() req: SessionRequest, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const s = bookedCase(sessionOf(req));
    // The day's page asks the agency's availability: without an agency there is nothing to choose from.
    if (!s.booking.agencyId) return res.redirect(303, '/turno/agencia');
    const day = text(body, 'dia');
    const slotId = text(body, 'slotId');
    if (!slotId) return this.datePage(req, res, day, [{ field: 'slotId', text: 'Elija la hora del turno' }]);
    const current = await this.api.getCase(s.caseToken, s.caseId);
    if (!current.ok) throw apiFailed(current);
    const r = current.data.appointment ? await this.api.reschedule(s.caseToken, s.caseId, slotId) : await this.api.book(s.caseToken, s.caseId, slotId);
    if (!r.ok) {
      if (r.status === 422 || r.status === 400) return this.datePage(req, res, day, [{ field: 'slotId', text: r.error.message }]);
      throw apiFailed(r);
    }
    res.redirect(303, '/turno/confirmacion');
  }

  @Get('confirmacion')
  async confirmation(@Req() req: SessionRequest, @Res() res: Response): Promise<void> {
    const s = bookedCase(sessionOf(req));
    const r = await this.api.getCase(s.caseToken, s.caseId);
    if (!r.ok) throw apiFailed(r);
    const view = r.data;
    if (!view.appointment) return res.redirect(303, view.status === 'awaiting_verification' ? '/turno/codigo' : '/turno/fecha');
    const facts = await this.withArrivalPass(s.caseToken, view);
    render(req, res, 'turno/confirmacion.njk', {
      title: 'Confirmación del Turno en Línea',
      ...facts,
      qrDataUrl: await confirmationQrDataUrl(facts),
      // «¿No puede asistir?»: the change and the cancellation of the turno, as the API lists them.
      active: actionsAllowed(view).reschedule,
      checklistHref: `/requisitos/${view.procedure}/${view.filerRole}`,
    });
  }

  @Get('confirmacion.pdf')
  async confirmationPdf(@Req() req: SessionRequest, @Res() res: Response): Promise<void> {
    const s = bookedCase(sessionOf(req));
    const r = await this.api.getCase(s.caseToken, s.caseId);
    if (!r.ok) throw apiFailed(r);
    if (!r.data.appointment) return res.redirect(303, '/turno/confirmacion');
    const pdf = await confirmationPdf(await this.withArrivalPass(s.caseToken, r.data));
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', 'attachment; filename="confirmacion-turno.pdf"');
    res.send(pdf);
  }

  /** The facts with the QR's signed arrival pass (ADR 0028); without it when the API cannot sign one now. */
  private async withArrivalPass(token: string, view: CaseView) {
    const pass = await this.api.arrivalPass(token, view.caseId);
    return { ...this.confirmationFacts(view), ...(pass.ok ? { arrivalPass: pass.data.pass } : {}) };
  }

  private confirmationFacts(view: CaseView) {
    const a = view.appointment;
    return {
      caseReference: caseReference(view.caseId),
      appointmentReference: a?.reference ?? '',
      procedureName: PROCEDURE_NAMES[view.procedure],
      sheet: getProcedure(view.procedure).sheet,
      filer: FILER_ROLE_LABELS[view.filerRole],
      holderName: view.holder.fullName,
      agencyName: a?.agencyName ?? '',
      day: a ? longDate(a.startsAt) : '',
      time: a ? clock(a.startsAt) : '',
      status: STATUS_TEXT[view.status],
      serviceName: getProcedure(view.procedure).channels[0]?.appointmentServiceName ?? PROCEDURE_NAMES[view.procedure],
    };
  }

  @Get('cancelar')
  cancelPage(@Req() req: SessionRequest, @Res() res: Response): void {
    bookedCase(sessionOf(req));
    render(req, res, 'turno/cancelar.njk', { title: '¿Quiere cancelar su turno?', backLink: '/turno/confirmacion', errors: [], values: {} });
  }

  @Post('cancelar')
  async postCancel(@Req() req: SessionRequest, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const s = bookedCase(sessionOf(req));
    const reason = text(body, 'reason');
    const again = (message: string) =>
      render(
        req,
        res,
        'turno/cancelar.njk',
        { title: '¿Quiere cancelar su turno?', backLink: '/turno/confirmacion', errors: [{ field: 'reason', text: message }], values: { reason } },
        400,
      );
    if (reason.length < 3) return again('Escriba el motivo de la cancelación (3 caracteres o más)');
    const r = await this.api.cancel(s.caseToken, s.caseId, reason);
    if (!r.ok) {
      if (r.status === 422 || r.status === 400) return again(r.error.message);
      throw apiFailed(r);
    }
    render(req, res, 'turno/cancelado.njk', { title: 'Turno cancelado', caseReference: caseReference(s.caseId) });
  }
}
