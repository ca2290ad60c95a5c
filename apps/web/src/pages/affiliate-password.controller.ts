import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { SPANISH_MONTHS, validateEmail } from '@tramites/domain';
import type { Response } from 'express';
import { TramitesApi, type ApiErrorBody, type CredentialCaseView, type IdentityAnswersBody } from '../api/api-client';
import type { SessionRequest, WebSession } from '../session/session';
import { actionsAllowed } from '../shared/case-actions';
import { clock, longDate } from '../shared/format';
import { FormErrors, text, type FieldError } from '../shared/forms';
import { render, sessionOf } from '../shared/render';

type Affiliate = NonNullable<WebSession['affiliate']>;

/**
 * 003, "Generación / recuperación de clave de afiliado" (VIRTUAL 1-10): identity number and
 * captcha; day and month of birth, the work-history and personal questions (five attempts in
 * all); the email confirmed or changed; then the emailed link opens /portal/clave.
 */
@Controller('clave-afiliado')
export class AffiliatePasswordController {
  constructor(private readonly api: TramitesApi) {}

  private affiliate(req: SessionRequest): Affiliate | undefined {
    const a = sessionOf(req).affiliate;
    return a && a.expiresAt > Date.now() ? a : undefined;
  }

  private noCase(req: SessionRequest, res: Response): void {
    render(
      req,
      res,
      'error.njk',
      {
        title: 'No hay una solicitud de clave en curso',
        message: 'Su sesión terminó o aún no ha empezado. Empiece de nuevo con su número de cédula.',
        restart: '/clave-afiliado',
      },
      404,
    );
  }

  private down(req: SessionRequest, res: Response, error: ApiErrorBody): void {
    render(req, res, 'error.njk', { title: 'No pudimos completar su solicitud', message: error.message }, 503);
  }

  // --- 1. identity number and captcha (003, VIRTUAL 3-4) -----------------------------------
  @Get()
  async start(@Req() req: SessionRequest, @Res() res: Response): Promise<void> {
    await this.startPage(req, res, {}, []);
  }

  private async startPage(req: SessionRequest, res: Response, values: Record<string, string>, errors: FieldError[]): Promise<void> {
    const captcha = await this.api.captcha();
    if (!captcha.ok) return this.down(req, res, captcha.error);
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
      return this.down(req, res, r.error);
    }
    delete s.affiliateStartKey;
    s.affiliate = { caseId: r.data.caseId, token: r.data.accessToken, expiresAt: Date.now() + 55 * 60_000 };
    res.redirect(303, '/clave-afiliado/preguntas');
  }

  // --- 2. the identity questions (003, VIRTUAL 5-8) ------------------------------------------
  @Get('preguntas')
  async questions(@Req() req: SessionRequest, @Res() res: Response): Promise<void> {
    const a = this.affiliate(req);
    if (!a) return this.noCase(req, res);
    const r = await this.api.credentialCase(a.token, a.caseId);
    if (!r.ok) return this.down(req, res, r.error);
    if (this.moveOn(res, r.data)) return;
    this.questionsPage(req, res, r.data, {}, []);
  }

  /** Where a case past this page belongs. */
  private moveOn(res: Response, view: CredentialCaseView): boolean {
    if (view.status === 'awaiting_email') return (res.redirect(303, '/clave-afiliado/correo'), true);
    if (view.status === 'link_sent' || view.status === 'link_expired' || view.status === 'issued') return (res.redirect(303, '/clave-afiliado/enlace'), true);
    if (view.status === 'locked') return (res.redirect(303, '/clave-afiliado/bloqueada'), true);
    return false;
  }

  private questionsPage(req: SessionRequest, res: Response, view: CredentialCaseView, values: Record<string, string>, errors: FieldError[]): void {
    const check = view.identityCheck;
    if (!check)
      return render(
        req,
        res,
        'error.njk',
        { title: 'No pudimos continuar', message: 'El trámite no tiene preguntas de verificación pendientes.', restart: '/clave-afiliado' },
        409,
      );
    const months = [
      { value: '', text: 'Elija el mes' },
      ...SPANISH_MONTHS.map((m, i) => ({ value: String(i + 1), text: m, selected: values['birthMonth'] === String(i + 1) })),
    ];
    const work = check.workHistory.map((q) => ({
      id: q.id,
      name: `W_${q.id}`,
      text: q.text,
      items: q.options.map((o) => ({ value: o, text: o, checked: values[`W_${q.id}`] === o })),
    }));
    const personal = check.personal.map((q) => ({ id: q.id, name: `P_${q.id}`, text: q.text, value: values[`P_${q.id}`] ?? '' }));
    render(
      req,
      res,
      'clave-afiliado/preguntas.njk',
      {
        title: 'Responda las preguntas de verificación',
        name: view.holder.name,
        ordinal: check.ordinal,
        attemptsLeft: check.attemptsLeft,
        months,
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
    const a = this.affiliate(req);
    if (!a) return this.noCase(req, res);
    const current = await this.api.credentialCase(a.token, a.caseId);
    if (!current.ok) return this.down(req, res, current.error);
    if (this.moveOn(res, current.data)) return;
    const check = current.data.identityCheck;
    if (!check) return this.questionsPage(req, res, current.data, {}, []);
    const values: Record<string, string> = { birthDay: text(body, 'birthDay'), birthMonth: text(body, 'birthMonth') };
    for (const q of check.workHistory) values[`W_${q.id}`] = text(body, `W_${q.id}`);
    for (const q of check.personal) values[`P_${q.id}`] = text(body, `P_${q.id}`);
    const errors = new FormErrors();
    const day = Number(values['birthDay']);
    if (!/^\d{1,2}$/.test(values['birthDay'] ?? '') || day < 1 || day > 31) errors.add('birthDay', 'Escriba el día de su nacimiento, un número del 1 al 31');
    if (!values['birthMonth']) errors.add('birthMonth', 'Elija el mes de su nacimiento');
    for (const q of check.workHistory) if (!values[`W_${q.id}`]) errors.add(`W_${q.id}`, `Elija una respuesta: ${q.text}`);
    for (const q of check.personal) if (!values[`P_${q.id}`]) errors.add(`P_${q.id}`, `Escriba la respuesta: ${q.text}`);
    if (!errors.empty) return this.questionsPage(req, res, current.data, values, errors.list);
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
      const next = await this.api.credentialCase(a.token, a.caseId);
      if (!next.ok) return this.down(req, res, next.error);
      return this.questionsPage(req, res, next.data, {}, [{ field: 'birthDay', text: r.error.message }]);
    }
    return this.down(req, res, r.error);
  }

  @Get('bloqueada')
  locked(@Req() req: SessionRequest, @Res() res: Response): void {
    render(
      req,
      res,
      'error.njk',
      {
        title: 'Su clave quedó bloqueada',
        message: 'Se agotaron los 5 intentos de verificación. Acuda a una agencia del IESS con su cédula para desbloquearla.',
      },
      423,
    );
  }

  // --- 3. the email (003, VIRTUAL 9) -----------------------------------------------------------
  @Get('correo')
  async email(@Req() req: SessionRequest, @Res() res: Response): Promise<void> {
    const a = this.affiliate(req);
    if (!a) return this.noCase(req, res);
    const r = await this.api.credentialCase(a.token, a.caseId);
    if (!r.ok) return this.down(req, res, r.error);
    if (r.data.status !== 'awaiting_email' && this.moveOn(res, r.data)) return;
    render(req, res, 'clave-afiliado/correo.njk', { title: 'Confirme su correo electrónico', masked: r.data.email?.masked ?? '', values: {}, errors: [] });
  }

  @Post('correo')
  async postEmail(@Req() req: SessionRequest, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const a = this.affiliate(req);
    if (!a) return this.noCase(req, res);
    const email = text(body, 'email');
    const again = async (message: string) => {
      const r = await this.api.credentialCase(a.token, a.caseId);
      render(
        req,
        res,
        'clave-afiliado/correo.njk',
        {
          title: 'Confirme su correo electrónico',
          masked: r.ok ? (r.data.email?.masked ?? '') : '',
          values: { email },
          errors: [{ field: 'email', text: message }],
        },
        400,
      );
    };
    if (!email) return again('Escriba su correo electrónico');
    if (!validateEmail(email).ok) return again('Escriba un correo electrónico válido, como nombre@ejemplo.ec');
    const r = await this.api.confirmEmail(a.token, a.caseId, email);
    if (!r.ok) return r.status === 400 || r.status === 422 ? again(r.error.message) : this.down(req, res, r.error);
    res.redirect(303, '/clave-afiliado/enlace');
  }

  // --- 4. the link was sent (003, VIRTUAL 10) ---------------------------------------------------
  @Get('enlace')
  async sent(@Req() req: SessionRequest, @Res() res: Response): Promise<void> {
    const a = this.affiliate(req);
    if (!a) return this.noCase(req, res);
    const r = await this.api.credentialCase(a.token, a.caseId);
    if (!r.ok) return this.down(req, res, r.error);
    const link = r.data.link;
    render(req, res, 'clave-afiliado/enlace.njk', {
      title: r.data.status === 'issued' ? 'Su clave ya quedó registrada' : 'Revise su correo',
      status: r.data.status,
      sentTo: link?.sentTo ?? r.data.email?.masked ?? '',
      expiresAt: link ? `${longDate(link.expiresAt)}, ${clock(link.expiresAt)}` : '',
      resend: actionsAllowed(r.data).resend_password_link,
      errors: [],
    });
  }

  @Post('enlace')
  async resend(@Req() req: SessionRequest, @Res() res: Response): Promise<void> {
    const a = this.affiliate(req);
    if (!a) return this.noCase(req, res);
    const r = await this.api.resendPasswordLink(a.token, a.caseId);
    if (!r.ok)
      return render(
        req,
        res,
        'error.njk',
        { title: 'No pudimos enviar un enlace nuevo', message: r.error.message, restart: '/clave-afiliado' },
        r.status === 422 ? 422 : 503,
      );
    res.redirect(303, '/clave-afiliado/enlace');
  }
}
