import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { DOCUMENT_KIND_LABELS } from '@tramites/domain';
import type { Response } from 'express';
import { TramitesApi, type CredentialCaseView } from '../api/api-client';
import type { SessionRequest, WebSession } from '../session/session';
import { actionsAllowed } from '../shared/case-actions';
import { clock, longDate } from '../shared/format';
import { FormErrors, text, type FieldError } from '../shared/forms';
import { EMPLOYER_UPLOAD_KINDS, type EmployerUploadKind, type MultipartRequest } from '../shared/multipart';
import { apiFailed, PageError } from '../shared/page-error';
import { render, sessionOf } from '../shared/render';

type Employer = NonNullable<WebSession['employer']>;
type Body_ = Record<string, unknown>;

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

/** 004 by the Ventanilla Virtual: the four files of the sheet, then the state of the provincial office's review. */
@Controller('clave-empleador')
export class EmployerDocumentsController {
  constructor(private readonly api: TramitesApi) {}

  /** The 004 case this session started, while its token lasts; otherwise the 404 page that starts again. */
  private employer(req: SessionRequest): Employer {
    const e = sessionOf(req).employer;
    if (e && e.expiresAt > Date.now()) return e;
    throw new PageError(
      404,
      'No hay una solicitud de clave patronal en curso',
      'Su sesión terminó o aún no ha empezado. Empiece de nuevo con el RUC del empleador.',
      '/clave-empleador',
    );
  }

  // --- the four files ---------------------------------------------------------------------------
  @Get('documentos')
  async documents(@Req() req: SessionRequest, @Res() res: Response): Promise<void> {
    const e = this.employer(req);
    await this.documentsPage(req, res, e, '', []);
  }

  private async documentsPage(req: SessionRequest, res: Response, e: Employer, requestDetail: string, errors: FieldError[]): Promise<void> {
    const r = await this.api.credentialCase(e.token, e.caseId);
    if (!r.ok) throw apiFailed(r);
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
        if (r.status >= 500) throw apiFailed(r);
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
      throw apiFailed(submitted);
    }
    e.uploads = {};
    res.redirect(303, '/clave-empleador/estado');
  }

  // --- the state of the review --------------------------------------------------------------------
  @Get('estado')
  async state(@Req() req: SessionRequest, @Res() res: Response): Promise<void> {
    const e = this.employer(req);
    const r = await this.api.credentialCase(e.token, e.caseId);
    if (!r.ok) throw apiFailed(r);
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
}
