import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { TramitesApi, tokenExpiry } from '../api/api-client';
import { localeOf, tr } from '../i18n';
import type { SessionRequest } from '../session/session';
import { apiErrorText } from '../shared/api-error-text';
import { FormErrors, text, type FieldError } from '../shared/forms';
import { apiFailed } from '../shared/page-error';
import { render, sessionOf } from '../shared/render';
import { captchaLabel, identityProblem } from './affiliate-text';

/** The start's refusals the API names by code, in the page's words (003, VIRTUAL 3-4). */
const START_REFUSALS: Record<string, string> = {
  'PORTAL.NOT_AFFILIATED': 'affiliate:errors.notAffiliated',
  'PORTAL.NO_WORK_HISTORY': 'affiliate:errors.noWorkHistory',
};

/**
 * 003, "Generación / recuperación de clave de afiliado" (VIRTUAL 1-10): the cédula or the
 * foreigner code (Requisitos Específicos) and the captcha; day and month of birth, the
 * work-history and personal questions (five attempts in all); the email confirmed or changed;
 * then the emailed link opens /portal/clave. Nothing personal is shown before the questions.
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
    const t = tr(req);
    const captcha = await this.api.captcha();
    if (!captcha.ok) throw apiFailed(captcha, t('affiliate:errors.unavailableTitle'));
    render(
      req,
      res,
      'clave-afiliado/inicio.njk',
      { title: t('affiliate:start.title'), backLink: '/', captcha: { ...captcha.data, label: captchaLabel(t, captcha.data.question) }, values, errors },
      errors.length ? 400 : 200,
    );
  }

  @Post()
  async postStart(@Req() req: SessionRequest, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const t = tr(req);
    const typed = text(body, 'identityNumber');
    const identityNumber = typed.replace(/[\s-]/g, '');
    const answer = text(body, 'captchaAnswer');
    const errors = new FormErrors();
    const problem = identityProblem(t, identityNumber);
    if (problem) errors.add('identityNumber', problem);
    if (!answer) errors.add('captchaAnswer', t('affiliate:errors.captchaRequired'));
    if (!errors.empty) return this.startPage(req, res, { identityNumber: typed }, errors.list);
    const s = sessionOf(req);
    s.affiliateStartKey ??= randomUUID();
    const r = await this.api.startAffiliatePassword(identityNumber, `${text(body, 'captchaId')}:${answer}`, s.affiliateStartKey, localeOf(req));
    if (!r.ok) {
      if (r.error.code === 'CAPTCHA.FAILED')
        return this.startPage(req, res, { identityNumber: typed }, [{ field: 'captchaAnswer', text: t('affiliate:errors.captchaFailed') }]);
      const refusal = START_REFUSALS[r.error.code];
      if (refusal) {
        // A closed case: the next try is a new one (a new key), not the same answer again.
        delete s.affiliateStartKey;
        return this.startPage(req, res, { identityNumber: typed }, [{ field: 'identityNumber', text: t(refusal) }]);
      }
      if (r.status === 400 || r.status === 422)
        return this.startPage(req, res, { identityNumber: typed }, [{ field: 'identityNumber', text: apiErrorText(req, r.error) }]);
      throw apiFailed(r, t('affiliate:errors.unavailableTitle'));
    }
    delete s.affiliateStartKey;
    s.affiliate = { caseId: r.data.caseId, token: r.data.accessToken, expiresAt: tokenExpiry(r.data) };
    res.redirect(303, '/clave-afiliado/preguntas');
  }
}
