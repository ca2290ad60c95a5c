import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { TramitesApi } from '../api/api-client';
import { localeOf, tr } from '../i18n';
import type { SessionRequest } from '../session/session';
import { clock } from '../shared/format';
import { text } from '../shared/forms';
import { apiErrorText } from '../shared/api-error-text';
import { apiFailed } from '../shared/page-error';
import { render, sessionOf } from '../shared/render';
import { bookedCase } from './booking-draft';
import { dayIn, longDateIn } from './booking-text';

/**
 * The waiting list of a full day (ADR 0029): "avísenme si se libera un turno" on the day's page, and the
 * page the offer's email and SMS link to, which shows the seat held for the applicant and takes it. The
 * link's token is the only credential of that page (as a password link is); every rule is the API's.
 */
@Controller('turno/lista')
export class BookingWaitingListController {
  constructor(@Inject(TramitesApi) private readonly api: TramitesApi) {}

  @Post()
  async join(@Req() req: SessionRequest, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const t = tr(req);
    const s = bookedCase(sessionOf(req), t);
    const day = text(body, 'dia');
    const agencyId = s.booking.agencyId;
    if (!agencyId || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return res.redirect(303, '/turno/fecha');
    const r = await this.api.joinWaitingList(s.caseToken, s.caseId, {
      agencyId,
      day,
      mobile: s.booking.mobile ?? '',
      vulnerable: text(body, 'vulnerable') === 'si',
    });
    if (!r.ok) {
      if (r.status === 422 || r.status === 400) {
        return render(
          req,
          res,
          'turno/lista.njk',
          { title: t('booking:lista.refusedTitle'), backLink: `/turno/fecha?dia=${day}`, refused: apiErrorText(req, r.error) },
          422,
        );
      }
      throw apiFailed(r);
    }
    render(req, res, 'turno/lista.njk', {
      title: t('booking:lista.title'),
      backLink: `/turno/fecha?dia=${day}`,
      dayText: dayIn(localeOf(req), day),
      ahead: r.data.ahead,
      holdMinutes: r.data.holdMinutes,
    });
  }

  @Get('oferta/:token')
  async offer(@Req() req: SessionRequest, @Res() res: Response, @Param('token') token: string): Promise<void> {
    const r = await this.api.waitingListOffer(token);
    if (!r.ok) {
      if (r.status === 410 || r.status === 404 || r.status === 400) return this.ended(req, res, apiErrorText(req, r.error));
      throw apiFailed(r);
    }
    const o = r.data;
    const t = tr(req);
    const locale = localeOf(req);
    if (!o.live) return this.ended(req, res, t('booking:oferta.ended'));
    render(req, res, 'turno/oferta.njk', {
      title: t('booking:oferta.title'),
      token,
      reference: o.reference,
      agencyName: o.agencyName,
      day: longDateIn(locale, o.startsAt),
      time: clock(o.startsAt),
      until: `${longDateIn(locale, o.expiresAt)}, ${clock(o.expiresAt)}`,
    });
  }

  @Post('oferta/:token')
  async take(@Req() req: SessionRequest, @Res() res: Response, @Param('token') token: string): Promise<void> {
    const r = await this.api.takeWaitingListOffer(token);
    if (!r.ok) {
      if (r.status === 410 || r.status === 404 || r.status === 422 || r.status === 400) return this.ended(req, res, apiErrorText(req, r.error));
      throw apiFailed(r);
    }
    render(req, res, 'turno/oferta-tomada.njk', {
      title: tr(req)('booking:oferta.takenTitle'),
      reference: r.data.reference,
      agencyName: r.data.agencyName,
      day: longDateIn(localeOf(req), r.data.startsAt),
      time: clock(r.data.startsAt),
    });
  }

  private ended(req: SessionRequest, res: Response, message: string): void {
    render(req, res, 'turno/oferta.njk', { title: tr(req)('booking:oferta.endedTitle'), ended: message }, 410);
  }
}
