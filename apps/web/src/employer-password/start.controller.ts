import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { getProcedure } from '@tramites/domain';
import type { Response } from 'express';
import { TramitesApi, tokenExpiry, type StartEmployerBody } from '../api/api-client';
import { localeOf, tr } from '../i18n';
import type { SessionRequest } from '../session/session';
import { FormErrors, text, type FieldError } from '../shared/forms';
import { apiErrorText } from '../shared/api-error-text';
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
    render(req, res, 'clave-empleador/inicio.njk', { title: tr(req)('employer:start.title'), backLink: '/', sheet: getProcedure(PROCEDURE).sheet });
  }

  @Get('ventanilla')
  inPerson(@Req() req: SessionRequest, @Res() res: Response): void {
    const def = getProcedure(PROCEDURE);
    const t = tr(req);
    // The sheet's own words stay in Spanish (its description, hours, place): marked lang="es" on the page.
    const filers = def.filers.map((f) => ({ href: `/requisitos/${PROCEDURE}/${f.role}`, label: t(`employer:filers.${f.role}`), description: f.description }));
    const channel = def.channels.find((c) => c.channel === 'in_person');
    render(req, res, 'clave-empleador/ventanilla.njk', {
      title: t('employer:inPerson.title'),
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
    const t = tr(req);
    const filerRoles = VIRTUAL_FILERS.map((r) => ({ value: r, text: t(`employer:filers.${r}`), checked: values['filerRole'] === r }));
    render(
      req,
      res,
      'clave-empleador/virtual.njk',
      { title: t('employer:form.title'), backLink: '/clave-empleador', values, errors, filerRoles, captcha: captcha.data },
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
    const t = tr(req);
    if (!values.employerId) errors.add('employerId', t('employer:form.errors.employerIdRequired'));
    else if (!/^[A-Z0-9]{5,20}$/.test(values.employerId)) errors.add('employerId', t('employer:form.errors.employerIdFormat'));
    if (!(VIRTUAL_FILERS as readonly string[]).includes(values.filerRole)) errors.add('filerRole', t('employer:form.errors.filerRole'));
    if (!values.identityNumber) errors.add('identityNumber', t('employer:form.errors.identityRequired'));
    else if (!/^[A-Z0-9]{5,20}$/.test(values.identityNumber)) errors.add('identityNumber', t('employer:form.errors.identityFormat'));
    if (values.fullName.length < 3) errors.add('fullName', t('employer:form.errors.fullName'));
    if (!answer) errors.add('captchaAnswer', t('employer:form.errors.captchaRequired'));
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
        return this.formPage(req, res, values, [{ field: 'captchaAnswer', text: t('employer:form.errors.captchaFailed') }]);
      if (r.status === 400 || r.status === 422 || r.status === 409) {
        delete s.employerStartKey;
        const named = (r.error.fields ?? []).map((f) => ({ field: START_FIELDS[f.field] ?? 'employerId', text: f.message }));
        return this.formPage(req, res, values, named.length ? named : [{ field: 'employerId', text: apiErrorText(req, r.error) }]);
      }
      throw apiFailed(r);
    }
    delete s.employerStartKey;
    s.employer = { caseId: r.data.caseId, token: r.data.accessToken, expiresAt: tokenExpiry(r.data), filerRole: values.filerRole, uploads: {} };
    res.redirect(303, '/clave-empleador/documentos');
  }
}
