import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { AFFILIATE_PASSWORD_MIN_LENGTH } from '@tramites/domain';
import type { Response } from 'express';
import { TramitesApi, type ApiErrorBody, type LinkInspection, type SetPasswordBody } from '../api/api-client';
import type { SessionRequest } from '../session/session';
import { FormErrors, text, type FieldError } from '../shared/forms';
import { render, sessionOf } from '../shared/render';

const TOKEN = /^[A-Za-z0-9_-]{20,128}$/;

/** The token from what the applicant has: the whole emailed link, or only the token. */
function tokenFrom(input: string): string | undefined {
  const found = /[#?&]token=([A-Za-z0-9_-]+)/.exec(input)?.[1] ?? input.trim();
  return TOKEN.test(found) ? found : undefined;
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
    render(req, res, 'portal/clave.njk', { title: 'Generar su clave del portal', errors: [], values: {} });
  }

  @Post('enlace')
  async link(@Req() req: SessionRequest, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const link = text(body, 'link');
    const token = tokenFrom(link);
    if (!token)
      return render(
        req,
        res,
        'portal/clave.njk',
        {
          title: 'Generar su clave del portal',
          errors: [{ field: 'link', text: link ? 'El enlace no está completo: cópielo entero desde el correo' : 'Pegue el enlace que recibió por correo' }],
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
    const questions = [{ value: '', text: 'Elija una pregunta' }, ...link.personalQuestions.map((q) => ({ value: q.id, text: q.text }))];
    const minutes = Math.max(0, Math.round((Date.parse(link.expiresAt) - Date.now()) / 60_000));
    render(
      req,
      res,
      'portal/nueva.njk',
      {
        title: 'Registre su nueva clave',
        link,
        values,
        errors,
        minutes,
        minLength: AFFILIATE_PASSWORD_MIN_LENGTH,
        q1: questions.map((q) => ({ ...q, selected: q.value !== '' && q.value === values['q1'] })),
        q2: questions.map((q) => ({ ...q, selected: q.value !== '' && q.value === values['q2'] })),
      },
      errors.length ? 400 : 200,
    );
  }

  @Post('nueva')
  async set(@Req() req: SessionRequest, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
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
    const declaration = body['declarationAccepted'] === 'si';
    const errors = new FormErrors();
    if (link.data.requiresDeclaration && !declaration) errors.add('declarationAccepted', 'Acepte la «Declaración de información fidedigna» para continuar');
    if (link.data.requiresPersonalAnswers) {
      if (!values.q1) errors.add('q1', 'Elija la primera pregunta personal');
      if (!values.a1) errors.add('a1', 'Escriba la respuesta a la primera pregunta');
      if (!values.q2) errors.add('q2', 'Elija la segunda pregunta personal');
      else if (values.q2 === values.q1) errors.add('q2', 'Elija una segunda pregunta distinta de la primera');
      if (!values.a2) errors.add('a2', 'Escriba la respuesta a la segunda pregunta');
    }
    if (!password) errors.add('password', 'Escriba su nueva clave');
    if (password && confirmation !== password) errors.add('passwordConfirmation', 'La confirmación no coincide con la nueva clave');
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
      if (r.status === 400) {
        const fieldNames: Record<string, string> = {
          password: 'password',
          passwordConfirmation: 'passwordConfirmation',
          declarationAccepted: 'declarationAccepted',
          personalAnswers: 'a1',
        };
        const list = (r.error.fields ?? [{ field: 'password', message: r.error.message }]).map((f) => ({
          field: fieldNames[f.field] ?? 'password',
          text: spanishRule(f.message),
        }));
        return this.formPage(req, res, link.data, values, list);
      }
      return this.linkProblem(req, res, r.status, r.error);
    }
    delete s.linkToken;
    render(req, res, 'portal/lista.njk', { title: 'Su clave quedó registrada' });
  }

  private linkProblem(req: SessionRequest, res: Response, status: number, error: ApiErrorBody): void {
    delete sessionOf(req).linkToken;
    const used = error.code === 'LINK.USED';
    const expired = error.code === 'LINK.EXPIRED';
    const title = used ? 'Este enlace ya se usó' : expired ? 'El enlace caducó' : status === 404 ? 'El enlace no es válido' : 'No pudimos revisar el enlace';
    render(req, res, 'portal/enlace-problema.njk', { title, used, expired, message: error.message }, status === 404 || status === 410 ? status : 503);
  }
}

/** The API's field message without its technical field name ("password debe ..." → "La clave debe ..."). */
function spanishRule(message: string): string {
  return message
    .replace(/^password(Confirmation)?\b/, (_, c: string | undefined) => (c ? 'La confirmación' : 'La clave'))
    .replace(/^Nueva clave/, 'La nueva clave');
}
