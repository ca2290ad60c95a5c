import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { AvailableActions } from '@tramites/contracts';
import { validateEmail } from '@tramites/domain';
import type { Response } from 'express';
import { TramitesApi, type CredentialCaseView, type IdentityAnswersBody } from '../api/api-client';
import { localeOf, tr } from '../i18n';
import type { SessionRequest, WebSession } from '../session/session';
import { apiErrorText } from '../shared/api-error-text';
import { actionsAllowed } from '../shared/case-actions';
import { FormErrors, text, type FieldError } from '../shared/forms';
import { apiFailed, errorPage, PageError } from '../shared/page-error';
import { render, sessionOf } from '../shared/render';
import { inEcuador, monthOptions, questionText } from './affiliate-text';

type Affiliate = NonNullable<WebSession['affiliate']>;

/** 003 after the start (VIRTUAL 5-10): the identity questions, the email, the link sent. */
@Controller('clave-afiliado')
export class AffiliateIdentityController {
  constructor(private readonly api: TramitesApi) {}

  /** The 003 case this session started, while its token lasts; otherwise the 404 page that starts again. */
  private affiliate(req: SessionRequest): Affiliate {
    const a = sessionOf(req).affiliate;
    if (a && a.expiresAt > Date.now()) return a;
    const t = tr(req);
    throw new PageError(404, t('affiliate:errors.noSessionTitle'), t('affiliate:errors.noSession'), '/clave-afiliado');
  }

  /** The case as the API answers it to this session, or the page that says why not. */
  private async caseOf(req: SessionRequest, a: Affiliate): Promise<CredentialCaseView & AvailableActions> {
    const r = await this.api.credentialCase(a.token, a.caseId);
    if (!r.ok) throw apiFailed(r, tr(req)('affiliate:errors.unavailableTitle'));
    return r.data;
  }

  // --- 2. the identity questions (003, VIRTUAL 5-8) ------------------------------------------
  @Get('preguntas')
  async questions(@Req() req: SessionRequest, @Res() res: Response): Promise<void> {
    const view = await this.caseOf(req, this.affiliate(req));
    if (this.moveOn(res, view)) return;
    this.questionsPage(req, res, view, {}, []);
  }

  /** Where a case past this page belongs. */
  private moveOn(res: Response, view: CredentialCaseView): boolean {
    if (view.status === 'awaiting_email') return (res.redirect(303, '/clave-afiliado/correo'), true);
    if (view.status === 'link_sent' || view.status === 'link_expired' || view.status === 'issued') return (res.redirect(303, '/clave-afiliado/enlace'), true);
    if (view.status === 'locked') return (res.redirect(303, '/clave-afiliado/bloqueada'), true);
    return false;
  }

  /** The questions, in the page's language; no name or email yet (nothing personal before the identity is proved). */
  private questionsPage(req: SessionRequest, res: Response, view: CredentialCaseView, values: Record<string, string>, errors: FieldError[]): void {
    const t = tr(req);
    const check = view.identityCheck;
    if (!check) throw errorPage(409, { title: t('affiliate:errors.noQuestionsTitle'), message: t('affiliate:errors.noQuestions'), restart: '/clave-afiliado' });
    const work = check.workHistory.map((q) => ({
      name: `W_${q.id}`,
      text: questionText(t, 'work', q.id, q.text),
      items: q.options.map((o) => ({ value: o, text: o, checked: values[`W_${q.id}`] === o })),
    }));
    const personal = check.personal.map((q) => ({ name: `P_${q.id}`, text: questionText(t, 'personal', q.id, q.text), value: values[`P_${q.id}`] ?? '' }));
    render(
      req,
      res,
      'clave-afiliado/preguntas.njk',
      {
        title: t('affiliate:questions.title'),
        attemptsLeft: t('affiliate:questions.attemptsLeft', { count: check.attemptsLeft }),
        months: monthOptions(t, localeOf(req), values['birthMonth']),
        work,
        personal,
        values,
        errors,
      },
      errors.length ? 400 : 200,
    );
  }

  @Post('preguntas')
  async postQuestions(@Req() req: SessionRequest, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const t = tr(req);
    const a = this.affiliate(req);
    const current = await this.caseOf(req, a);
    if (this.moveOn(res, current)) return;
    const check = current.identityCheck;
    if (!check) return this.questionsPage(req, res, current, {}, []);
    const values: Record<string, string> = { birthDay: text(body, 'birthDay'), birthMonth: text(body, 'birthMonth') };
    for (const q of check.workHistory) values[`W_${q.id}`] = text(body, `W_${q.id}`);
    for (const q of check.personal) values[`P_${q.id}`] = text(body, `P_${q.id}`);
    const errors = new FormErrors();
    const day = Number(values['birthDay']);
    if (!/^\d{1,2}$/.test(values['birthDay'] ?? '') || day < 1 || day > 31) errors.add('birthDay', t('affiliate:errors.birthDay'));
    if (!/^([1-9]|1[0-2])$/.test(values['birthMonth'] ?? '')) errors.add('birthMonth', t('affiliate:errors.birthMonth'));
    for (const q of check.workHistory)
      if (!q.options.includes(values[`W_${q.id}`] ?? ''))
        errors.add(`W_${q.id}`, t('affiliate:errors.workChoose', { question: questionText(t, 'work', q.id, q.text) }));
    for (const q of check.personal)
      if (!values[`P_${q.id}`]) errors.add(`P_${q.id}`, t('affiliate:errors.personalWrite', { question: questionText(t, 'personal', q.id, q.text) }));
    if (!errors.empty) return this.questionsPage(req, res, current, values, errors.list);
    const r = await this.api.answerIdentity(a.token, a.caseId, {
      ordinal: check.ordinal,
      birthDay: day,
      birthMonth: Number(values['birthMonth']),
      // The document describes these maps as objects without properties (no additionalProperties).
      workHistory: Object.fromEntries(check.workHistory.map((q) => [q.id, values[`W_${q.id}`] ?? ''])) as IdentityAnswersBody['workHistory'],
      ...(check.personal.length
        ? { personal: Object.fromEntries(check.personal.map((q) => [q.id, values[`P_${q.id}`] ?? ''])) as NonNullable<IdentityAnswersBody['personal']> }
        : {}),
    });
    if (r.ok) return res.redirect(303, '/clave-afiliado/correo');
    if (r.status === 423) return res.redirect(303, '/clave-afiliado/bloqueada');
    if (r.status === 422 || r.status === 409) {
      // New questions after a failure (the API hands them with the error); the answers typed no longer apply.
      const next = await this.caseOf(req, a);
      if (this.moveOn(res, next)) return;
      const message =
        r.error.code === 'IDENTITY.CHECK_FAILED'
          ? t('affiliate:errors.checkFailed', { count: next.identityCheck?.attemptsLeft ?? 0 })
          : r.error.code === 'IDENTITY.STALE_CHALLENGE'
            ? t('affiliate:errors.stale')
            : apiErrorText(req, r.error);
      return this.questionsPage(req, res, next, {}, [{ field: 'birthDay', text: message }]);
    }
    throw apiFailed(r, t('affiliate:errors.unavailableTitle'));
  }

  @Get('bloqueada')
  locked(@Req() req: SessionRequest): never {
    const t = tr(req);
    throw errorPage(423, { title: t('affiliate:locked.title'), message: t('affiliate:locked.message') });
  }

  // --- 3. the email (003, VIRTUAL 9: the personal data and the email, once the questions are passed) ---
  @Get('correo')
  async email(@Req() req: SessionRequest, @Res() res: Response): Promise<void> {
    const view = await this.caseOf(req, this.affiliate(req));
    if (view.status !== 'awaiting_email' && this.moveOn(res, view)) return;
    this.emailPage(req, res, view, '', undefined);
  }

  private emailPage(req: SessionRequest, res: Response, view: CredentialCaseView, email: string, error: string | undefined): void {
    render(
      req,
      res,
      'clave-afiliado/correo.njk',
      {
        title: tr(req)('affiliate:email.title'),
        name: view.holder.name ?? '',
        identityNumber: view.applicantId,
        masked: view.email?.masked ?? '',
        values: { email },
        errors: error ? [{ field: 'email', text: error }] : [],
      },
      error ? 400 : 200,
    );
  }

  @Post('correo')
  async postEmail(@Req() req: SessionRequest, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const t = tr(req);
    const a = this.affiliate(req);
    const email = text(body, 'email');
    const again = async (message: string) => this.emailPage(req, res, await this.caseOf(req, a), email, message);
    if (!email) return again(t('affiliate:errors.emailRequired'));
    if (!validateEmail(email).ok) return again(t('affiliate:errors.emailInvalid'));
    const r = await this.api.confirmEmail(a.token, a.caseId, email);
    if (!r.ok) {
      if (r.status === 400 || r.status === 422)
        return again(r.error.code === 'VALIDATION.FAILED' ? t('affiliate:errors.emailInvalid') : apiErrorText(req, r.error));
      throw apiFailed(r, t('affiliate:errors.unavailableTitle'));
    }
    res.redirect(303, '/clave-afiliado/enlace');
  }

  // --- 4. the link was sent (003, VIRTUAL 10) ---------------------------------------------------
  @Get('enlace')
  async sent(@Req() req: SessionRequest, @Res() res: Response): Promise<void> {
    const t = tr(req);
    const view = await this.caseOf(req, this.affiliate(req));
    const link = view.link;
    render(req, res, 'clave-afiliado/enlace.njk', {
      title: t(view.status === 'issued' ? 'affiliate:sent.titleIssued' : 'affiliate:sent.titleSent'),
      status: view.status,
      sentTo: link?.sentTo ?? view.email?.masked ?? '',
      expires: link ? inEcuador(localeOf(req), link.expiresAt) : undefined,
      resend: actionsAllowed(view).resend_password_link,
      errors: [],
    });
  }

  @Post('enlace')
  async resend(@Req() req: SessionRequest, @Res() res: Response): Promise<void> {
    const t = tr(req);
    const a = this.affiliate(req);
    const r = await this.api.resendPasswordLink(a.token, a.caseId);
    if (!r.ok)
      throw errorPage(r.status === 422 ? 422 : 503, {
        title: t('affiliate:errors.resendTitle'),
        message:
          r.error.code === 'LINK.NO_MORE_LINKS'
            ? t('affiliate:errors.resendNoMore')
            : r.status === 422
              ? apiErrorText(req, r.error)
              : t('affiliate:errors.unavailable'),
        restart: '/clave-afiliado',
      });
    res.redirect(303, '/clave-afiliado/enlace');
  }
}
