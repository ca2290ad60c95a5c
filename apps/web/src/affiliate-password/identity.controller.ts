import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { SPANISH_MONTHS, validateEmail } from '@tramites/domain';
import type { Response } from 'express';
import { TramitesApi, type CredentialCaseView, type IdentityAnswersBody } from '../api/api-client';
import type { SessionRequest, WebSession } from '../session/session';
import { actionsAllowed } from '../shared/case-actions';
import { clock, longDate } from '../shared/format';
import { FormErrors, text, type FieldError } from '../shared/forms';
import { apiFailed, errorPage, PageError } from '../shared/page-error';
import { render, sessionOf } from '../shared/render';

type Affiliate = NonNullable<WebSession['affiliate']>;

/** 003 after the start (VIRTUAL 5-10): the identity questions, the email, the link sent. */
@Controller('clave-afiliado')
export class AffiliateIdentityController {
  constructor(private readonly api: TramitesApi) {}

  /** The 003 case this session started, while its token lasts; otherwise the 404 page that starts again. */
  private affiliate(req: SessionRequest): Affiliate {
    const a = sessionOf(req).affiliate;
    if (a && a.expiresAt > Date.now()) return a;
    throw new PageError(
      404,
      'No hay una solicitud de clave en curso',
      'Su sesión terminó o aún no ha empezado. Empiece de nuevo con su número de cédula.',
      '/clave-afiliado',
    );
  }

  // --- 2. the identity questions (003, VIRTUAL 5-8) ------------------------------------------
  @Get('preguntas')
  async questions(@Req() req: SessionRequest, @Res() res: Response): Promise<void> {
    const a = this.affiliate(req);
    const r = await this.api.credentialCase(a.token, a.caseId);
    if (!r.ok) throw apiFailed(r);
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
      throw errorPage(409, { title: 'No pudimos continuar', message: 'El trámite no tiene preguntas de verificación pendientes.', restart: '/clave-afiliado' });
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
    const current = await this.api.credentialCase(a.token, a.caseId);
    if (!current.ok) throw apiFailed(current);
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
      if (!next.ok) throw apiFailed(next);
      return this.questionsPage(req, res, next.data, {}, [{ field: 'birthDay', text: r.error.message }]);
    }
    throw apiFailed(r);
  }

  @Get('bloqueada')
  locked(): never {
    throw errorPage(423, {
      title: 'Su clave quedó bloqueada',
      message: 'Se agotaron los 5 intentos de verificación. Acuda a una agencia del IESS con su cédula para desbloquearla.',
    });
  }

  // --- 3. the email (003, VIRTUAL 9) -----------------------------------------------------------
  @Get('correo')
  async email(@Req() req: SessionRequest, @Res() res: Response): Promise<void> {
    const a = this.affiliate(req);
    const r = await this.api.credentialCase(a.token, a.caseId);
    if (!r.ok) throw apiFailed(r);
    if (r.data.status !== 'awaiting_email' && this.moveOn(res, r.data)) return;
    render(req, res, 'clave-afiliado/correo.njk', { title: 'Confirme su correo electrónico', masked: r.data.email?.masked ?? '', values: {}, errors: [] });
  }

  @Post('correo')
  async postEmail(@Req() req: SessionRequest, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const a = this.affiliate(req);
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
    if (!r.ok) {
      if (r.status === 400 || r.status === 422) return again(r.error.message);
      throw apiFailed(r);
    }
    res.redirect(303, '/clave-afiliado/enlace');
  }

  // --- 4. the link was sent (003, VIRTUAL 10) ---------------------------------------------------
  @Get('enlace')
  async sent(@Req() req: SessionRequest, @Res() res: Response): Promise<void> {
    const a = this.affiliate(req);
    const r = await this.api.credentialCase(a.token, a.caseId);
    if (!r.ok) throw apiFailed(r);
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
    const r = await this.api.resendPasswordLink(a.token, a.caseId);
    if (!r.ok)
      throw errorPage(r.status === 422 ? 422 : 503, { title: 'No pudimos enviar un enlace nuevo', message: r.error.message, restart: '/clave-afiliado' });
    res.redirect(303, '/clave-afiliado/enlace');
  }
}
