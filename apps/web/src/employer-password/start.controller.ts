import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { FILER_ROLE_LABELS, getProcedure } from '@tramites/domain';
import type { Response } from 'express';
import { TramitesApi, tokenExpiry, type StartEmployerBody } from '../api/api-client';
import { localeOf } from '../i18n';
import type { SessionRequest } from '../session/session';
import { FormErrors, text, type FieldError } from '../shared/forms';
import { apiFailed } from '../shared/page-error';
import { render, sessionOf } from '../shared/render';

type Body_ = Record<string, unknown>;

const PROCEDURE = 'EMPLOYER_PORTAL_PASSWORD' as const;
const VIRTUAL_FILERS = ['legal_representative', 'employer'] as const;

/** Where each field the API names is asked on the form of the sheet. */
const START_FIELDS: Record<string, string> = {
  employerId: 'employerId',
  filerRole: 'filerRole',
  'filer.identityNumber': 'identityNumber',
  'filer.fullName': 'fullName',
  captchaToken: 'captchaAnswer',
};

/**
 * 004, "Clave patronal": in person, what to bring (the checklist of the sheet); by the
 * Ventanilla Virtual, the form of the sheet, the four files (JPG or PDF, 1 MB each, judged by
 * content and their electronic signatures verified, all by the API), the state of the review
 * by the provincial office, then the emailed link opens the same /portal/clave page.
 */
@Controller('clave-empleador')
export class EmployerStartController {
  constructor(private readonly api: TramitesApi) {}

  @Get()
  start(@Req() req: SessionRequest, @Res() res: Response): void {
    render(req, res, 'clave-empleador/inicio.njk', { title: 'Clave patronal del portal del IESS', backLink: '/', sheet: getProcedure(PROCEDURE).sheet });
  }

  @Get('ventanilla')
  inPerson(@Req() req: SessionRequest, @Res() res: Response): void {
    const def = getProcedure(PROCEDURE);
    const filers = def.filers.map((f) => ({ href: `/requisitos/${PROCEDURE}/${f.role}`, label: FILER_ROLE_LABELS[f.role], description: f.description }));
    const channel = def.channels.find((c) => c.channel === 'in_person');
    render(req, res, 'clave-empleador/ventanilla.njk', {
      title: 'Clave patronal en la agencia: qué llevar',
      backLink: '/clave-empleador',
      filers,
      where: channel?.description ?? '',
      officeHours: def.officeHours.description,
    });
  }

  // --- the form of the sheet ------------------------------------------------------------------
  @Get('virtual')
  async form(@Req() req: SessionRequest, @Res() res: Response): Promise<void> {
    await this.formPage(req, res, {}, []);
  }

  private async formPage(req: SessionRequest, res: Response, values: Record<string, string>, errors: FieldError[]): Promise<void> {
    const captcha = await this.api.captcha();
    if (!captcha.ok) throw apiFailed(captcha);
    const filerRoles = VIRTUAL_FILERS.map((r) => ({ value: r, text: FILER_ROLE_LABELS[r], checked: values['filerRole'] === r }));
    render(
      req,
      res,
      'clave-empleador/virtual.njk',
      { title: 'Ventanilla Virtual: solicitud de clave patronal', backLink: '/clave-empleador', values, errors, filerRoles, captcha: captcha.data },
      errors.length ? 400 : 200,
    );
  }

  @Post('virtual')
  async postForm(@Req() req: SessionRequest, @Res() res: Response, @Body() body: Body_): Promise<void> {
    const values = {
      employerId: text(body, 'employerId').replace(/\s/g, '').toUpperCase(),
      filerRole: text(body, 'filerRole'),
      identityNumber: text(body, 'identityNumber').replace(/\s/g, '').toUpperCase(),
      fullName: text(body, 'fullName'),
    };
    const answer = text(body, 'captchaAnswer');
    const errors = new FormErrors();
    if (!values.employerId) errors.add('employerId', 'Escriba el RUC del empleador');
    else if (!/^[A-Z0-9]{5,20}$/.test(values.employerId))
      errors.add('employerId', 'El RUC tiene 13 dígitos (el empleador extranjero usa su documento: de 5 a 20 letras o números)');
    if (!(VIRTUAL_FILERS as readonly string[]).includes(values.filerRole)) errors.add('filerRole', 'Elija quién presenta la solicitud');
    if (!values.identityNumber) errors.add('identityNumber', 'Escriba su número de cédula');
    else if (!/^[A-Z0-9]{5,20}$/.test(values.identityNumber))
      errors.add('identityNumber', 'El número de cédula debe tener de 5 a 20 letras o números, sin espacios');
    if (values.fullName.length < 3) errors.add('fullName', 'Escriba sus nombres y apellidos completos');
    if (!answer) errors.add('captchaAnswer', 'Escriba el resultado de la operación para comprobar que no es un robot');
    if (!errors.empty) return this.formPage(req, res, values, errors.list);
    const s = sessionOf(req);
    s.employerStartKey ??= randomUUID();
    // The case's language (its emails and text messages): the page's.
    const start: StartEmployerBody & { locale?: 'es' | 'en' } = {
      locale: localeOf(req),
      channel: 'virtual',
      employerId: values.employerId,
      filerRole: values.filerRole as StartEmployerBody['filerRole'],
      filer: { identityNumber: values.identityNumber, fullName: values.fullName },
      captchaToken: `${text(body, 'captchaId')}:${answer}`,
    };
    const r = await this.api.startEmployerPassword(start, s.employerStartKey);
    if (!r.ok) {
      if (r.error.code === 'CAPTCHA.FAILED')
        return this.formPage(req, res, values, [
          { field: 'captchaAnswer', text: 'El resultado no es correcto o la operación caducó: resuelva la nueva operación' },
        ]);
      if (r.status === 400 || r.status === 422 || r.status === 409) {
        delete s.employerStartKey;
        const named = (r.error.fields ?? []).map((f) => ({ field: START_FIELDS[f.field] ?? 'employerId', text: f.message }));
        return this.formPage(req, res, values, named.length ? named : [{ field: 'employerId', text: r.error.message }]);
      }
      throw apiFailed(r);
    }
    delete s.employerStartKey;
    s.employer = { caseId: r.data.caseId, token: r.data.accessToken, expiresAt: tokenExpiry(r.data), filerRole: values.filerRole, uploads: {} };
    res.redirect(303, '/clave-empleador/documentos');
  }
}
