import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { AFFILIATE_PASSWORD_MIN_LENGTH, isAcceptableAnswer, PERSONAL_QUESTIONS, validateAffiliatePassword } from '@tramites/domain';
import type { Response } from 'express';
import type { TFunction } from 'i18next';
import { questionText } from '../affiliate-password/affiliate-text';
import { TramitesApi, type ApiErrorBody, type LinkInspection, type SetPasswordBody } from '../api/api-client';
import { localeOf, translatorOf, tr } from '../i18n';
import type { SessionRequest } from '../session/session';
import { apiErrorText } from '../shared/api-error-text';
import { FormErrors, text, type FieldError } from '../shared/forms';
import { render, sessionOf } from '../shared/render';

const TOKEN = /^[A-Za-z0-9_-]{20,128}$/;

/** The token from what the applicant has: the whole emailed link, or only the token. */
function tokenFrom(input: string): string | undefined {
  const found = /[#?&]token=([A-Za-z0-9_-]+)/.exec(input)?.[1] ?? input.trim();
  return TOKEN.test(found) ? found : undefined;
}

/** The new password's rule it breaks (the domain's rule, in the page's words), or undefined. */
function passwordProblem(t: TFunction, password: string): string | undefined {
  const check = validateAffiliatePassword(password, { field: 'password' });
  if (check.ok) return undefined;
  const key: Record<string, string> = {
    'VALIDATION.REQUIRED': 'portal:new.errors.passwordRequired',
    'VALIDATION.PASSWORD_TOO_SHORT': 'portal:new.errors.tooShort',
    'VALIDATION.PASSWORD_CHARSET': 'portal:new.errors.charset',
    'VALIDATION.PASSWORD_LETTERS_AND_DIGITS': 'portal:new.errors.lettersAndDigits',
  };
  return t(key[check.code] ?? 'portal:new.errors.charset', { min: AFFILIATE_PASSWORD_MIN_LENGTH });
}

/**
 * 003/004: the page the emailed link opens (PORTAL_BASE_URL, token in the `#token=` fragment).
 * A little script moves the fragment into a form (no token in any URL the server sees);
 * without JavaScript the applicant pastes the link. Then the declaration and the new password.
 */
@Controller('portal/clave')
export class PortalPasswordController {
  constructor(private readonly api: TramitesApi) {}

  @Get()
  page(@Req() req: SessionRequest, @Res() res: Response, @Query('token') token?: string): void {
    // `?token=` is accepted too (mail clients that drop fragments); it moves to the session at once.
    if (token !== undefined) {
      const t = tokenFrom(token);
      if (t) sessionOf(req).linkToken = t;
      return res.redirect(303, t ? '/portal/clave/nueva' : '/portal/clave');
    }
    render(req, res, 'portal/clave.njk', { title: tr(req)('portal:link.title'), errors: [], values: {} });
  }

  @Post('enlace')
  async link(@Req() req: SessionRequest, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const t = tr(req);
    const link = text(body, 'link');
    const token = tokenFrom(link);
    if (!token)
      return render(
        req,
        res,
        'portal/clave.njk',
        {
          title: t('portal:link.title'),
          errors: [{ field: 'link', text: t(link ? 'portal:link.errors.incomplete' : 'portal:link.errors.required') }],
          values: { link },
        },
        400,
      );
    sessionOf(req).linkToken = token;
    res.redirect(303, '/portal/clave/nueva');
  }

  @Get('nueva')
  async form(@Req() req: SessionRequest, @Res() res: Response): Promise<void> {
    const token = sessionOf(req).linkToken;
    if (!token) return res.redirect(303, '/portal/clave');
    const link = await this.api.inspectLink(token);
    if (!link.ok) return this.linkProblem(req, res, link.status, link.error);
    this.formPage(req, res, link.data, {}, []);
  }

  private formPage(req: SessionRequest, res: Response, link: LinkInspection, values: Record<string, string>, errors: FieldError[]): void {
    const t = tr(req);
    const questions = [
      { value: '', text: t('portal:new.chooseQuestion') },
      ...link.personalQuestions.map((q) => ({ value: q.id, text: questionText(t, 'personal', q.id, q.text) })),
    ];
    const minutes = Math.max(0, Math.round((Date.parse(link.expiresAt) - Date.now()) / 60_000));
    render(
      req,
      res,
      'portal/nueva.njk',
      {
        title: t('portal:new.title'),
        link,
        values,
        errors,
        expiresIn: t('portal:new.expiresIn', { count: minutes }),
        // The declaration's Spanish is the legal text; another language shows its translation beside it.
        declarationSpanish: localeOf(req) === 'es' ? undefined : translatorOf('es')('portal:new.declaration.text'),
        minLength: AFFILIATE_PASSWORD_MIN_LENGTH,
        q1: questions.map((q) => ({ ...q, selected: q.value !== '' && q.value === values['q1'] })),
        q2: questions.map((q) => ({ ...q, selected: q.value !== '' && q.value === values['q2'] })),
      },
      errors.length ? 400 : 200,
    );
  }

  @Post('nueva')
  async set(@Req() req: SessionRequest, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const t = tr(req);
    const s = sessionOf(req);
    const token = s.linkToken;
    if (!token) return res.redirect(303, '/portal/clave');
    const link = await this.api.inspectLink(token);
    if (!link.ok) return this.linkProblem(req, res, link.status, link.error);
    const values = {
      declarationAccepted: body['declarationAccepted'] === 'si' ? 'si' : '',
      q1: text(body, 'q1'),
      a1: text(body, 'a1'),
      q2: text(body, 'q2'),
      a2: text(body, 'a2'),
    };
    const password = typeof body['password'] === 'string' ? body['password'] : '';
    const confirmation = typeof body['passwordConfirmation'] === 'string' ? body['passwordConfirmation'] : '';
    const errors = new FormErrors();
    if (link.data.requiresDeclaration && values.declarationAccepted !== 'si') errors.add('declarationAccepted', t('portal:new.errors.declaration'));
    if (link.data.requiresPersonalAnswers) {
      const known = (id: string): boolean => PERSONAL_QUESTIONS.some((q) => q.id === id);
      if (!known(values.q1)) errors.add('q1', t('portal:new.errors.q1'));
      if (!values.a1) errors.add('a1', t('portal:new.errors.a1'));
      else if (!isAcceptableAnswer(values.a1)) errors.add('a1', t('portal:new.errors.answerLength'));
      if (!known(values.q2)) errors.add('q2', t('portal:new.errors.q2'));
      else if (values.q2 === values.q1) errors.add('q2', t('portal:new.errors.q2Same'));
      if (!values.a2) errors.add('a2', t('portal:new.errors.a2'));
      else if (!isAcceptableAnswer(values.a2)) errors.add('a2', t('portal:new.errors.answerLength'));
    }
    const weak = passwordProblem(t, password);
    if (weak) errors.add('password', weak);
    else if (confirmation !== password) errors.add('passwordConfirmation', t('portal:new.errors.confirmation'));
    if (!errors.empty) return this.formPage(req, res, link.data, values, errors.list);
    const request: SetPasswordBody = {
      token,
      password,
      passwordConfirmation: confirmation,
      ...(link.data.requiresDeclaration ? { declarationAccepted: true } : {}),
      ...(link.data.requiresPersonalAnswers
        ? {
            personalAnswers: [
              { questionId: values.q1, answer: values.a1 },
              { questionId: values.q2, answer: values.a2 },
            ],
          }
        : {}),
    };
    const r = await this.api.setPassword(request);
    if (!r.ok) {
      // The page checked the same rules; a 400 here is a rule of the API's that the page does not know yet: its words.
      if (r.status === 400) return this.formPage(req, res, link.data, values, [{ field: 'password', text: apiErrorText(req, r.error) }]);
      return this.linkProblem(req, res, r.status, r.error);
    }
    delete s.linkToken;
    render(req, res, 'portal/lista.njk', { title: t('portal:done.title') });
  }

  private linkProblem(req: SessionRequest, res: Response, status: number, error: ApiErrorBody): void {
    delete sessionOf(req).linkToken;
    const t = tr(req);
    const kind = error.code === 'LINK.USED' ? 'used' : error.code === 'LINK.EXPIRED' ? 'expired' : status === 404 ? 'invalid' : 'unavailable';
    render(
      req,
      res,
      'portal/enlace-problema.njk',
      { title: t(`portal:problem.${kind}Title`), message: t(`portal:problem.${kind}`) },
      status === 404 || status === 410 ? status : 503,
    );
  }
}
