import { Body, Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { TramitesApi } from '../api/api-client';
import { tr } from '../i18n';
import type { WebConfig } from '../config';
import { setSessionCookie, type SessionRequest, type SessionStore } from '../session/session';
import { apiErrorText } from '../shared/api-error-text';
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
    const t = tr(req);
    const captcha = await this.api.captcha();
    if (!captcha.ok) throw errorPage(503, { title: t('follow:failed'), message: apiErrorText(req, captcha.error) });
    // The API's arithmetic question ("¿Cuánto es 3 + 4?") in the page's language; any other as it came.
    const sum = /^¿Cuánto es (\d+) \+ (\d+)\?$/.exec(captcha.data.question);
    const question = sum ? t('follow:start.captchaQuestion', { a: sum[1], b: sum[2] }) : captcha.data.question;
    render(
      req,
      res,
      'seguir/inicio.njk',
      { title: t('follow:start.title'), backLink: '/', values, errors, captcha: { ...captcha.data, question } },
      errors.length ? 400 : 200,
    );
  }

  @Post()
  async postStart(@Req() req: SessionRequest, @Res() res: Response, @Body() body: Body_): Promise<void> {
    const values = {
      reference: text(body, 'reference').toUpperCase().replace(/\s/g, ''),
      identityNumber: text(body, 'identityNumber').toUpperCase().replace(/\s/g, ''),
    };
    const answer = text(body, 'captchaAnswer');
    const t = tr(req);
    const errors = new FormErrors();
    if (!values.reference) errors.add('reference', t('follow:start.errors.referenceMissing'));
    else if (!/^T-[0-9A-F]{10}$/.test(values.reference)) errors.add('reference', t('follow:start.errors.referenceFormat'));
    if (!values.identityNumber) errors.add('identityNumber', t('follow:start.errors.identityMissing'));
    else if (!/^[A-Z0-9]{5,20}$/.test(values.identityNumber)) errors.add('identityNumber', t('follow:start.errors.identityFormat'));
    if (!answer) errors.add('captchaAnswer', t('follow:start.errors.captchaMissing'));
    if (!errors.empty) return this.startPage(req, res, values, errors.list);
    const r = await this.api.requestFollowCode(values.reference, values.identityNumber, `${text(body, 'captchaId')}:${answer}`);
    if (!r.ok) {
      if (r.error.code === 'CAPTCHA.FAILED') return this.startPage(req, res, values, [{ field: 'captchaAnswer', text: t('follow:start.errors.captchaWrong') }]);
      if (r.error.code === 'RATE.LIMITED') return this.startPage(req, res, values, [{ field: 'captchaAnswer', text: t('follow:start.errors.rateLimited') }]);
      if (r.status === 400) return this.startPage(req, res, values, [{ field: 'reference', text: apiErrorText(req, r.error) }]);
      throw errorPage(503, { title: t('follow:failed'), message: apiErrorText(req, r.error) });
    }
    sessionOf(req).follow = { challengeId: r.data.challengeId, expiresAt: Date.now() + r.data.expiresInSeconds * 1000 };
    res.redirect(303, '/seguir/codigo');
  }

  @Get('codigo')
  code(@Req() req: SessionRequest, @Res() res: Response): void {
    if (!this.challenge(req)) return res.redirect(303, '/seguir');
    render(req, res, 'seguir/codigo.njk', { title: tr(req)('follow:code.title'), backLink: '/seguir', values: {}, errors: [] });
  }

  @Post('codigo')
  async postCode(@Req() req: SessionRequest, @Res() res: Response, @Body() body: Body_): Promise<void> {
    const challenge = this.challenge(req);
    if (!challenge) this.spent(req);
    const code = text(body, 'code').replace(/\s/g, '');
    const t = tr(req);
    const again = (message: string) =>
      render(
        req,
        res,
        'seguir/codigo.njk',
        { title: t('follow:code.title'), backLink: '/seguir', values: { code }, errors: [{ field: 'code', text: message }] },
        400,
      );
    if (!/^\d{6}$/.test(code)) return again(t('follow:code.errors.format'));
    const r = await this.api.verifyFollowCode(challenge.challengeId, code);
    if (!r.ok) {
      if (r.error.code === 'FOLLOW.CODE_INVALID') return again(t('follow:code.errors.wrong', { count: Number(r.error['attemptsLeft'] ?? 0) }));
      if (r.error.code === 'FOLLOW.CODE_EXPIRED') this.spent(req);
      throw errorPage(503, { title: t('follow:failed'), message: apiErrorText(req, r.error) });
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
    const t = tr(req);
    throw errorPage(410, { title: t('follow:code.spent.title'), message: t('follow:code.spent.message'), restart: '/seguir' });
  }
}
