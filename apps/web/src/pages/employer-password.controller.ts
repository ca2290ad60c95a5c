import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { DOCUMENT_KIND_LABELS, FILER_ROLE_LABELS, getProcedure } from '@tramites/domain';
import type { Response } from 'express';
import { TramitesApi, type ApiErrorBody, type CredentialCaseView, type StartEmployerBody } from '../api/api-client';
import type { SessionRequest, WebSession } from '../session/session';
import { actionsAllowed } from '../shared/case-actions';
import { clock, longDate } from '../shared/format';
import { FormErrors, text, type FieldError } from '../shared/forms';
import { EMPLOYER_UPLOAD_KINDS, type EmployerUploadKind, type MultipartRequest } from '../shared/multipart';
import { render, sessionOf } from '../shared/render';

type Employer = NonNullable<WebSession['employer']>;
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

/** The review of the provincial office, in words (the status of the case). */
const STATE_TEXT: Partial<Record<CredentialCaseView['status'], string>> = {
  awaiting_submission: 'Esperando sus documentos',
  office_review: 'En revisión de la oficina provincial',
  awaiting_correction: 'Con observaciones: cargue otra vez los documentos observados',
  link_sent: 'Aprobado: enviamos el enlace para generar la clave al correo registrado del empleador',
  link_expired: 'El enlace para generar la clave venció sin usarse',
  issued: 'Clave generada',
  rejected: 'Solicitud negada',
  expired: 'Cerrado: no se completó a tiempo',
  abandoned: 'Cerrado: no se completó a tiempo',
};

const HINTS: Record<EmployerUploadKind, string> = {
  ruc: 'El RUC del empleador, escaneado.',
  key_delivery_request: 'La solicitud de entrega de clave, en PDF con firma electrónica.',
  cedula: 'La cédula de quien presenta (representante legal o empleador), escaneada.',
  responsibility_agreement: 'El acuerdo firmado, en PDF con firma electrónica.',
};

/**
 * 004, "Clave patronal": in person, what to bring (the checklist of the sheet); by the
 * Ventanilla Virtual, the form of the sheet, the four files (JPG or PDF, 1 MB each, judged by
 * content and their electronic signatures verified, all by the API), the state of the review
 * by the provincial office, then the emailed link opens the same /portal/clave page.
 */
@Controller('clave-empleador')
export class EmployerPasswordController {
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
    if (!captcha.ok) return this.apiDown(req, res, captcha.error);
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
    const start: StartEmployerBody = {
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
      return this.apiDown(req, res, r.error);
    }
    delete s.employerStartKey;
    s.employer = { caseId: r.data.caseId, token: r.data.accessToken, expiresAt: Date.now() + 55 * 60_000, filerRole: values.filerRole, uploads: {} };
    res.redirect(303, '/clave-empleador/documentos');
  }

  // --- the four files ---------------------------------------------------------------------------
  @Get('documentos')
  async documents(@Req() req: SessionRequest, @Res() res: Response): Promise<void> {
    const e = this.employer(req);
    if (!e) return this.noCase(req, res);
    await this.documentsPage(req, res, e, '', []);
  }

  private async documentsPage(req: SessionRequest, res: Response, e: Employer, requestDetail: string, errors: FieldError[]): Promise<void> {
    const r = await this.api.credentialCase(e.token, e.caseId);
    if (!r.ok) return this.apiDown(req, res, r.error);
    if (!actionsAllowed(r.data).submit_uploads) return res.redirect(303, '/clave-empleador/estado');
    const files = EMPLOYER_UPLOAD_KINDS.map((kind) => ({
      kind,
      label: DOCUMENT_KIND_LABELS[kind],
      hint: HINTS[kind],
      stored: e.uploads[kind]?.name,
      error: errors.find((x) => x.field === kind),
    }));
    const due = r.data.deadlineAt ? `${longDate(r.data.deadlineAt)}, ${clock(r.data.deadlineAt)}` : undefined;
    render(
      req,
      res,
      'clave-empleador/documentos.njk',
      {
        title: 'Cargue los documentos',
        backLink: '/clave-empleador',
        files,
        requestDetail,
        errors,
        due,
        observations: r.data.status === 'awaiting_correction' ? r.data.review?.observations : undefined,
      },
      errors.length ? 400 : 200,
    );
  }

  @Post('documentos')
  async postDocuments(@Req() req: MultipartRequest, @Res() res: Response, @Body() body: Body_): Promise<void> {
    const e = this.employer(req);
    if (!e) return this.noCase(req, res);
    const requestDetail = text(body, 'requestDetail');
    const errors = new FormErrors();
    if (req.uploadError) {
      const kind = (EMPLOYER_UPLOAD_KINDS as readonly string[]).includes(req.uploadError.field) ? req.uploadError.field : 'ruc';
      errors.add(
        kind,
        req.uploadError.code === 'LIMIT_FILE_SIZE'
          ? `${DOCUMENT_KIND_LABELS[kind as EmployerUploadKind]}: el archivo supera 1 MB; cárguelo en menor resolución`
          : 'No pudimos leer los archivos enviados; vuelva a elegirlos',
      );
      return this.documentsPage(req, res, e, requestDetail, errors.list);
    }
    // Each file chosen goes to the API, which judges it by its content; what it accepted is kept.
    for (const kind of EMPLOYER_UPLOAD_KINDS) {
      const file = req.files?.[kind]?.[0];
      if (!file || file.size === 0) continue;
      const r = await this.api.upload(e.token, e.caseId, { name: file.originalname, bytes: file.buffer });
      if (!r.ok) {
        if (r.status >= 500) return this.apiDown(req, res, r.error);
        delete e.uploads[kind];
        errors.add(kind, `${DOCUMENT_KIND_LABELS[kind]}: ${r.error.message}`);
        continue;
      }
      e.uploads[kind] = { documentId: r.data.documentId, name: r.data.originalName };
    }
    for (const kind of EMPLOYER_UPLOAD_KINDS)
      if (!e.uploads[kind]) errors.add(kind, `Elija el archivo de ${DOCUMENT_KIND_LABELS[kind]} (JPG o PDF, máximo 1 MB)`);
    if (!requestDetail) errors.add('requestDetail', 'Escriba el detalle de su pedido');
    else if (requestDetail.length > 2000) errors.add('requestDetail', 'El detalle puede tener hasta 2000 caracteres');
    if (!errors.empty) return this.documentsPage(req, res, e, requestDetail, errors.list);
    const uploads = EMPLOYER_UPLOAD_KINDS.map((kind) => ({
      documentId: e.uploads[kind]?.documentId ?? '',
      kind,
      ...(kind === 'cedula' ? { belongsTo: e.filerRole === 'employer' ? ('employer' as const) : ('legal_representative' as const) } : {}),
    }));
    const submitted = await this.api.submitUploads(e.token, e.caseId, { uploads, requestDetail });
    if (!submitted.ok) {
      if (submitted.error.code === 'SUBMISSION.OBSERVED') {
        // Each reason names its document: that file must be chosen again.
        for (const reason of (submitted.error['reasons'] as Array<{ message: string }> | undefined) ?? []) {
          const kind = EMPLOYER_UPLOAD_KINDS.find((k) => reason.message.startsWith(DOCUMENT_KIND_LABELS[k])) ?? 'ruc';
          delete e.uploads[kind];
          errors.add(kind, reason.message);
        }
        if (errors.empty) errors.add('ruc', submitted.error.message);
        return this.documentsPage(req, res, e, requestDetail, errors.list);
      }
      if (submitted.status === 400 || submitted.status === 422)
        return this.documentsPage(req, res, e, requestDetail, [{ field: 'ruc', text: submitted.error.message }]);
      return this.apiDown(req, res, submitted.error);
    }
    e.uploads = {};
    res.redirect(303, '/clave-empleador/estado');
  }

  // --- the state of the review --------------------------------------------------------------------
  @Get('estado')
  async state(@Req() req: SessionRequest, @Res() res: Response): Promise<void> {
    const e = this.employer(req);
    if (!e) return this.noCase(req, res);
    const r = await this.api.credentialCase(e.token, e.caseId);
    if (!r.ok) return this.apiDown(req, res, r.error);
    const v = r.data;
    const rows = [
      { key: { text: 'Estado' }, value: { text: STATE_TEXT[v.status] ?? v.status } },
      ...(v.submission
        ? [{ key: { text: 'Documentos enviados' }, value: { text: `${longDate(v.submission.submittedAt)}, ${clock(v.submission.submittedAt)}` } }]
        : []),
      ...(v.submission
        ? [
            {
              key: { text: 'Firmas electrónicas verificadas' },
              value: { text: String(v.submission.uploads.filter((u) => u.signature?.status === 'valid').length) },
            },
          ]
        : []),
      ...(v.review?.observations ? [{ key: { text: 'Observaciones de la oficina' }, value: { text: v.review.observations } }] : []),
      ...(v.link ? [{ key: { text: 'Enlace enviado a' }, value: { text: v.link.sentTo } }] : []),
    ];
    render(req, res, 'clave-empleador/estado.njk', {
      title: 'Estado de su solicitud de clave patronal',
      rows,
      status: v.status,
      correct: actionsAllowed(v).submit_uploads,
    });
  }

  // --- helpers ------------------------------------------------------------------------------------
  private employer(req: SessionRequest): Employer | undefined {
    const e = sessionOf(req).employer;
    return e && e.expiresAt > Date.now() ? e : undefined;
  }

  private noCase(req: SessionRequest, res: Response): void {
    render(
      req,
      res,
      'error.njk',
      {
        title: 'No hay una solicitud de clave patronal en curso',
        message: 'Su sesión terminó o aún no ha empezado. Empiece de nuevo con el RUC del empleador.',
        restart: '/clave-empleador',
      },
      404,
    );
  }

  private apiDown(req: SessionRequest, res: Response, error: ApiErrorBody): void {
    render(
      req,
      res,
      'error.njk',
      { title: 'No pudimos completar su solicitud', message: error.message || 'El servicio no responde en este momento. Inténtelo de nuevo en unos minutos.' },
      503,
    );
  }
}
