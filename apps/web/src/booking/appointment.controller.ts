import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { caseReference, type CaseView } from '@tramites/contracts';
import { addBusinessDays, getProcedure, isBusinessDay, nationalityName, toLocalDate } from '@tramites/domain';
import type { Response } from 'express';
import type { TFunction } from 'i18next';
import { TramitesApi } from '../api/api-client';
import { localeOf, tr, type Locale } from '../i18n';
import { confirmationPdf, confirmationQrDataUrl, type ConfirmationFacts } from '../pdf/confirmation-pdf';
import type { SessionRequest } from '../session/session';
import { actionsAllowed } from '../shared/case-actions';
import { clock } from '../shared/format';
import { text, type FieldError } from '../shared/forms';
import { apiErrorText } from '../shared/api-error-text';
import { apiFailed } from '../shared/page-error';
import { render, sessionOf } from '../shared/render';
import { bookedCase } from './booking-draft';
import { dayIn, filerName, longDateIn, procedureName, statusText } from './booking-text';

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
    const s = bookedCase(sessionOf(req), tr(req));
    if (!s.booking.agencyId) return res.redirect(303, '/turno/agencia');
    await this.datePage(req, res, day, []);
  }

  /** The free seats of each day shown (the API's availability, asked for the days in parallel). */
  private async seatsByDay(agencyId: string, days: string[]): Promise<Map<string, number>> {
    const answers = await Promise.all(days.map((d) => this.api.availability(agencyId, d)));
    const out = new Map<string, number>();
    answers.forEach((r, i) => {
      if (!r.ok) throw apiFailed(r);
      out.set(
        days[i] ?? '',
        r.data.items.reduce((sum, slot) => sum + slot.available, 0),
      );
    });
    return out;
  }

  private async datePage(req: SessionRequest, res: Response, day: string | undefined, errors: FieldError[]): Promise<void> {
    const t = tr(req);
    const locale = localeOf(req);
    const s = bookedCase(sessionOf(req), t);
    const agencyId = s.booking.agencyId ?? '';
    const today = toLocalDate(Date.now());
    // Today too (its later hours), then the next business days, each with its free seats.
    const days = [...(isBusinessDay(today) ? [today] : []), ...Array.from({ length: DAYS_SHOWN }, (_, i) => addBusinessDays(today, i + 1))];
    const seats = await this.seatsByDay(agencyId, days);
    const chosen = day && /^\d{4}-\d{2}-\d{2}$/.test(day) && day >= today ? day : undefined;
    let slots: Array<{ value: string; text: string; hint: { text: string } }> = [];
    if (chosen) {
      const r = await this.api.availability(agencyId, chosen);
      if (!r.ok) throw apiFailed(r);
      slots = r.data.items.map((slot) => ({
        value: slot.slotId,
        text: clock(slot.startsAt),
        hint: { text: t('booking:fecha.seats', { count: slot.available }) },
      }));
    }
    const current = await this.api.getCase(s.caseToken ?? '', s.caseId ?? '');
    const rescheduling = current.ok && Boolean(current.data.appointment);
    render(
      req,
      res,
      'turno/fecha.njk',
      {
        title: rescheduling ? t('booking:fecha.titleChange') : t('booking:fecha.title'),
        backLink: rescheduling ? '/turno/confirmacion' : '/turno/agencia',
        days: days.map((d) => {
          const free = seats.get(d) ?? 0;
          return {
            day: d,
            text: dayIn(locale, d),
            seats: free ? t('booking:fecha.seats', { count: free }) : t('booking:fecha.full'),
            full: free === 0,
            current: d === chosen,
          };
        }),
        chosen,
        chosenText: chosen ? dayIn(locale, chosen) : '',
        slots,
        errors,
        rescheduling,
      },
      errors.length ? 400 : 200,
    );
  }

  @Post('fecha')
  async postDate(@Req() req: SessionRequest, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const t = tr(req);
    const s = bookedCase(sessionOf(req), t);
    // The day's page asks the agency's availability: without an agency there is nothing to choose from.
    if (!s.booking.agencyId) return res.redirect(303, '/turno/agencia');
    const day = text(body, 'dia');
    const slotId = text(body, 'slotId');
    if (!slotId) return this.datePage(req, res, day, [{ field: 'slotId', text: t('booking:fecha.error') }]);
    const current = await this.api.getCase(s.caseToken, s.caseId);
    if (!current.ok) throw apiFailed(current);
    const r = current.data.appointment ? await this.api.reschedule(s.caseToken, s.caseId, slotId) : await this.api.book(s.caseToken, s.caseId, slotId);
    if (!r.ok) {
      if (r.status === 422 || r.status === 400) return this.datePage(req, res, day, [{ field: 'slotId', text: apiErrorText(req, r.error) }]);
      throw apiFailed(r);
    }
    res.redirect(303, '/turno/confirmacion');
  }

  @Get('confirmacion')
  async confirmation(@Req() req: SessionRequest, @Res() res: Response): Promise<void> {
    const t = tr(req);
    const s = bookedCase(sessionOf(req), t);
    const r = await this.api.getCase(s.caseToken, s.caseId);
    if (!r.ok) throw apiFailed(r);
    const view = r.data;
    if (!view.appointment) return res.redirect(303, view.status === 'awaiting_verification' ? '/turno/codigo' : '/turno/fecha');
    const facts = await this.withArrivalPass(s.caseToken, view, t, localeOf(req));
    render(req, res, 'turno/confirmacion.njk', {
      title: t('booking:confirmacion.title'),
      ...facts,
      qrDataUrl: await confirmationQrDataUrl(facts),
      // «¿No puede asistir?»: the change and the cancellation of the turno, as the API lists them.
      active: actionsAllowed(view).reschedule,
      checklistHref: `/requisitos/${view.procedure}/${view.filerRole}`,
    });
  }

  @Get('confirmacion.pdf')
  async confirmationPdf(@Req() req: SessionRequest, @Res() res: Response): Promise<void> {
    const t = tr(req);
    const s = bookedCase(sessionOf(req), t);
    const r = await this.api.getCase(s.caseToken, s.caseId);
    if (!r.ok) throw apiFailed(r);
    if (!r.data.appointment) return res.redirect(303, '/turno/confirmacion');
    const pdf = await confirmationPdf(await this.withArrivalPass(s.caseToken, r.data, t, localeOf(req)), t, localeOf(req));
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="${t('booking:pdf.file')}"`);
    res.send(pdf);
  }

  /** The facts with the QR's signed arrival pass (ADR 0028); without it when the API cannot sign one now. */
  private async withArrivalPass(token: string, view: CaseView, t: TFunction, locale: Locale): Promise<ConfirmationFacts> {
    const pass = await this.api.arrivalPass(token, view.caseId);
    return { ...this.confirmationFacts(view, t, locale), ...(pass.ok ? { arrivalPass: pass.data.pass } : {}) };
  }

  /** One reference (the case's: the turno's is the same value) and one name per procedure, the sheet's. */
  private confirmationFacts(view: CaseView, t: TFunction, locale: Locale): ConfirmationFacts {
    const a = view.appointment;
    return {
      caseReference: caseReference(view.caseId),
      procedureName: procedureName(t, view.procedure),
      sheet: getProcedure(view.procedure).sheet,
      filer: filerName(t, view.filerRole),
      holderName: view.holder.fullName,
      nationality: nationalityName(view.holder.nationality, locale),
      agencyName: a?.agencyName ?? '',
      day: a ? longDateIn(locale, a.startsAt) : '',
      time: a ? clock(a.startsAt) : '',
      status: statusText(t, view.status),
    };
  }

  @Get('cancelar')
  cancelPage(@Req() req: SessionRequest, @Res() res: Response): void {
    const t = tr(req);
    bookedCase(sessionOf(req), t);
    render(req, res, 'turno/cancelar.njk', { title: t('booking:cancelar.title'), backLink: '/turno/confirmacion', errors: [], values: {} });
  }

  @Post('cancelar')
  async postCancel(@Req() req: SessionRequest, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const t = tr(req);
    const s = bookedCase(sessionOf(req), t);
    const reason = text(body, 'reason');
    const again = (message: string) =>
      render(
        req,
        res,
        'turno/cancelar.njk',
        { title: t('booking:cancelar.title'), backLink: '/turno/confirmacion', errors: [{ field: 'reason', text: message }], values: { reason } },
        400,
      );
    if (reason.length < 3) return again(t('booking:cancelar.error'));
    const r = await this.api.cancel(s.caseToken, s.caseId, reason);
    if (!r.ok) {
      if (r.status === 422 || r.status === 400) return again(apiErrorText(req, r.error));
      throw apiFailed(r);
    }
    render(req, res, 'turno/cancelado.njk', { title: t('booking:cancelar.doneTitle'), caseReference: caseReference(s.caseId) });
  }
}
