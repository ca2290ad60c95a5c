import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { TramitesApi } from '../api/api-client';
import type { SessionRequest } from '../session/session';
import { FormErrors, text, type FieldError } from '../shared/forms';
import { apiFailed } from '../shared/page-error';
import { render, sessionOf } from '../shared/render';

/**
 * 003, "Generación / recuperación de clave de afiliado" (VIRTUAL 1-10): identity number and
 * captcha; day and month of birth, the work-history and personal questions (five attempts in
 * all); the email confirmed or changed; then the emailed link opens /portal/clave.
 */
@Controller('clave-afiliado')
export class AffiliateStartController {
  constructor(private readonly api: TramitesApi) {}

  // --- 1. identity number and captcha (003, VIRTUAL 3-4) -----------------------------------
  @Get()
  async start(@Req() req: SessionRequest, @Res() res: Response): Promise<void> {
    await this.startPage(req, res, {}, []);
  }

  private async startPage(req: SessionRequest, res: Response, values: Record<string, string>, errors: FieldError[]): Promise<void> {
    const captcha = await this.api.captcha();
    if (!captcha.ok) throw apiFailed(captcha);
    render(
      req,
      res,
      'clave-afiliado/inicio.njk',
      { title: 'Generar o recuperar su clave de afiliado', backLink: '/', captcha: captcha.data, values, errors },
      errors.length ? 400 : 200,
    );
  }

  @Post()
  async postStart(@Req() req: SessionRequest, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const identityNumber = text(body, 'identityNumber').replace(/\s/g, '');
    const answer = text(body, 'captchaAnswer');
    const errors = new FormErrors();
    if (!identityNumber) errors.add('identityNumber', 'Escriba su número de cédula o código de identificación para extranjero');
    else if (!/^(\d{10}|9\d{11})$/.test(identityNumber))
      errors.add('identityNumber', 'La cédula tiene 10 dígitos; el código de identificación para extranjero, 12 dígitos que empiezan con 9');
    if (!answer) errors.add('captchaAnswer', 'Escriba el resultado de la operación para comprobar que no es un robot');
    if (!errors.empty) return this.startPage(req, res, { identityNumber }, errors.list);
    const s = sessionOf(req);
    s.affiliateStartKey ??= randomUUID();
    const r = await this.api.startAffiliatePassword(identityNumber, `${text(body, 'captchaId')}:${answer}`, s.affiliateStartKey);
    if (!r.ok) {
      if (r.error.code === 'CAPTCHA.FAILED')
        return this.startPage(req, res, { identityNumber }, [
          { field: 'captchaAnswer', text: 'El resultado no es correcto o la operación caducó: resuelva la nueva operación' },
        ]);
      if (r.status === 400 || r.status === 422) return this.startPage(req, res, { identityNumber }, [{ field: 'identityNumber', text: r.error.message }]);
      throw apiFailed(r);
    }
    delete s.affiliateStartKey;
    s.affiliate = { caseId: r.data.caseId, token: r.data.accessToken, expiresAt: Date.now() + 55 * 60_000 };
    res.redirect(303, '/clave-afiliado/preguntas');
  }
}
