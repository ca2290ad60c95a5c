import { Body, Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { TramitesApi } from '../api/api-client';
import type { WebConfig } from '../config';
import { setSessionCookie, type SessionRequest, type SessionStore } from '../session/session';
import { FormErrors, text, type FieldError } from '../shared/forms';
import { errorPage } from '../shared/page-error';
import { render, sessionOf } from '../shared/render';
import { SESSIONS, WEB_CONFIG } from '../shared/tokens';

type Body_ = Record<string, unknown>;

/**
 * Follow my case (ADR 0017): the case reference and the identity number, a
 * captcha, the code emailed to the case's address, then "Mi trámite" (/tramite) for that case.
 * Nothing typed goes in a URL; the session keeps only the challenge.
 */
@Controller('seguir')
export class FollowCaseController {
  constructor(
    private readonly api: TramitesApi,
    @Inject(WEB_CONFIG) private readonly config: WebConfig,
    @Inject(SESSIONS) private readonly sessions: SessionStore,
  ) {}

  @Get()
  async start(@Req() req: SessionRequest, @Res() res: Response): Promise<void> {
    await this.startPage(req, res, {}, []);
  }

  private async startPage(req: SessionRequest, res: Response, values: Record<string, string>, errors: FieldError[]): Promise<void> {
    const captcha = await this.api.captcha();
    if (!captcha.ok) throw errorPage(503, { title: 'No pudimos completar su solicitud', message: captcha.error.message });
    render(req, res, 'seguir/inicio.njk', { title: 'Consultar mi trámite', backLink: '/', values, errors, captcha: captcha.data }, errors.length ? 400 : 200);
  }

  @Post()
  async postStart(@Req() req: SessionRequest, @Res() res: Response, @Body() body: Body_): Promise<void> {
    const values = {
      reference: text(body, 'reference').toUpperCase().replace(/\s/g, ''),
      identityNumber: text(body, 'identityNumber').toUpperCase().replace(/\s/g, ''),
    };
    const answer = text(body, 'captchaAnswer');
    const errors = new FormErrors();
    if (!values.reference) errors.add('reference', 'Escriba el número de trámite');
    else if (!/^T-[0-9A-F]{10}$/.test(values.reference))
      errors.add('reference', 'El número de trámite empieza con T- y sigue con 10 letras o números, como T-1A2B3C4D5E');
    if (!values.identityNumber) errors.add('identityNumber', 'Escriba su número de identificación');
    else if (!/^[A-Z0-9]{5,20}$/.test(values.identityNumber))
      errors.add('identityNumber', 'El número de identificación debe tener de 5 a 20 letras o números, sin espacios');
    if (!answer) errors.add('captchaAnswer', 'Escriba el resultado de la operación para comprobar que no es un robot');
    if (!errors.empty) return this.startPage(req, res, values, errors.list);
    const r = await this.api.requestFollowCode(values.reference, values.identityNumber, `${text(body, 'captchaId')}:${answer}`);
    if (!r.ok) {
      if (r.error.code === 'CAPTCHA.FAILED')
        return this.startPage(req, res, values, [
          { field: 'captchaAnswer', text: 'El resultado no es correcto o la operación caducó: resuelva la nueva operación' },
        ]);
      if (r.error.code === 'RATE.LIMITED')
        return this.startPage(req, res, values, [
          { field: 'captchaAnswer', text: 'Se hicieron demasiados intentos seguidos. Espere un minuto e inténtelo de nuevo' },
        ]);
      if (r.status === 400) return this.startPage(req, res, values, [{ field: 'reference', text: r.error.message }]);
      throw errorPage(503, { title: 'No pudimos completar su solicitud', message: r.error.message });
    }
    sessionOf(req).follow = { challengeId: r.data.challengeId, expiresAt: Date.now() + r.data.expiresInSeconds * 1000 };
    res.redirect(303, '/seguir/codigo');
  }

  @Get('codigo')
  code(@Req() req: SessionRequest, @Res() res: Response): void {
    if (!this.challenge(req)) return res.redirect(303, '/seguir');
    render(req, res, 'seguir/codigo.njk', { title: 'Revise su correo', backLink: '/seguir', values: {}, errors: [] });
  }

  @Post('codigo')
  async postCode(@Req() req: SessionRequest, @Res() res: Response, @Body() body: Body_): Promise<void> {
    const challenge = this.challenge(req);
    if (!challenge) this.spent(req);
    const code = text(body, 'code').replace(/\s/g, '');
    const again = (message: string) =>
      render(
        req,
        res,
        'seguir/codigo.njk',
        { title: 'Revise su correo', backLink: '/seguir', values: { code }, errors: [{ field: 'code', text: message }] },
        400,
      );
    if (!/^\d{6}$/.test(code)) return again('El código tiene 6 dígitos: escríbalo como llegó en el correo');
    const r = await this.api.verifyFollowCode(challenge.challengeId, code);
    if (!r.ok) {
      if (r.error.code === 'FOLLOW.CODE_INVALID') return again(`El código no es correcto. Le quedan ${String(r.error['attemptsLeft'] ?? 0)} intento(s)`);
      if (r.error.code === 'FOLLOW.CODE_EXPIRED') this.spent(req);
      throw errorPage(503, { title: 'No pudimos completar su solicitud', message: r.error.message });
    }
    // A new session id for the case token (no fixation), as at the start of a booking.
    const next = this.sessions.rotate(sessionOf(req));
    req.session = next;
    delete next.follow;
    next.caseId = r.data.caseId;
    next.caseToken = r.data.accessToken;
    next.caseTokenExpiresAt = Date.now() + r.data.expiresInSeconds * 1000;
    setSessionCookie(res, next, this.config.secureCookies, this.config.sessionMinutes * 60_000);
    res.redirect(303, '/tramite');
  }

  private challenge(req: SessionRequest) {
    const f = sessionOf(req).follow;
    return f && f.expiresAt > Date.now() ? f : undefined;
  }

  private spent(req: SessionRequest): never {
    delete sessionOf(req).follow;
    throw errorPage(410, {
      title: 'El código ya no sirve',
      message: 'El código venció (dura 10 minutos), ya se usó o se agotaron sus 5 intentos. Pida un código nuevo con su número de trámite.',
      restart: '/seguir',
    });
  }
}
