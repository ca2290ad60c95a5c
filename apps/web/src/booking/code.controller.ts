import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { TramitesApi } from '../api/api-client';
import { tr } from '../i18n';
import type { SessionRequest } from '../session/session';
import { text } from '../shared/forms';
import { apiErrorText } from '../shared/api-error-text';
import { apiFailed, errorPage } from '../shared/page-error';
import { render, sessionOf } from '../shared/render';
import { bookedCase } from './booking-draft';

/** The code emailed at the start of a booking: typed here to verify the email, or sent again. */
@Controller('turno/codigo')
export class BookingCodeController {
  constructor(@Inject(TramitesApi) private readonly api: TramitesApi) {}

  @Get()
  code(@Req() req: SessionRequest, @Res() res: Response, @Query('reenviado') resent?: string): void {
    const t = tr(req);
    const s = bookedCase(sessionOf(req), t);
    render(req, res, 'turno/codigo.njk', { title: t('booking:codigo.title'), email: s.booking.email, resent: resent === '1', errors: [], values: {} });
  }

  @Post()
  async postCode(@Req() req: SessionRequest, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const t = tr(req);
    const s = bookedCase(sessionOf(req), t);
    const code = text(body, 'code').replace(/\s/g, '');
    const page = (message: string) =>
      render(
        req,
        res,
        'turno/codigo.njk',
        { title: t('booking:codigo.title'), email: s.booking.email, errors: [{ field: 'code', text: message }], values: { code } },
        400,
      );
    if (!/^\d{6}$/.test(code)) return page(t('booking:codigo.errors.format'));
    const r = await this.api.verify(s.caseToken, s.caseId, code);
    if (!r.ok) {
      if (r.status === 422 || r.status === 400) return page(r.error.message ? apiErrorText(req, r.error) : t('booking:codigo.errors.wrong'));
      throw apiFailed(r);
    }
    if (r.data.status === 'verification_failed')
      throw errorPage(200, {
        title: t('booking:codigo.errors.failedTitle'),
        message: t('booking:codigo.errors.failed'),
        restart: '/turno',
      });
    if (r.data.status === 'awaiting_verification') return page(t('booking:codigo.errors.attemptsLeft', { count: r.data.verification.attemptsLeft }));
    res.redirect(303, '/turno/agencia');
  }

  @Post('reenviar')
  async resend(@Req() req: SessionRequest, @Res() res: Response): Promise<void> {
    const t = tr(req);
    const s = bookedCase(sessionOf(req), t);
    const r = await this.api.resendCode(s.caseToken, s.caseId);
    if (!r.ok)
      return render(
        req,
        res,
        'turno/codigo.njk',
        { title: t('booking:codigo.title'), email: s.booking.email, errors: [{ field: 'code', text: apiErrorText(req, r.error) }], values: {} },
        400,
      );
    res.redirect(303, '/turno/codigo?reenviado=1');
  }
}
