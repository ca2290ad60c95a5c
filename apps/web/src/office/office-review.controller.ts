import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { caseReference, type AvailableActions } from '@tramites/contracts';
import type { Response } from 'express';
import { TramitesApi, type CredentialCaseView } from '../api/api-client';
import { flash, takeFlash } from '../officer/flash';
import { renderOfficer, type SignedInOfficer } from '../officer/officer-auth';
import { procedureLine, statusText, when } from '../officer/officer-format';
import { Officer, OfficerPage } from '../officer/officer.guard';
import {
  keptForm,
  officerSessionOf,
  reauthenticateKeeping,
  REAUTHENTICATION_REQUIRED,
  requireRecentAuth,
  type OfficerRequest,
} from '../officer/officer-session';
import { CaseIdPipe } from '../shared/case-id.pipe';
import { text, type FieldError } from '../shared/forms';
import { sendFramedFile } from '../shared/framed-file';
import { PageError } from '../shared/page-error';
import { composeObservations, decisionInWords, GENERAL_OBSERVATION, observationField, officeDocuments } from './office-words';

export const OFFICE_PATH = '/oficina/ventanilla-virtual';
const casePage = (caseId: string): string => `${OFFICE_PATH}/${encodeURIComponent(caseId)}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The office's decision is a step-up decision (ADR 0021): the password typed at the provider within these minutes. */
const REAUTH_MINUTES = 5;
const CHECK_TEXT: Record<string, string> = { met: 'Cumple', missing: 'Falta', observed: 'Observado', not_applicable: 'No aplica' };

/**
 * The provincial office's review of the Ventanilla Virtual (sheet 004, online: "routed to the
 * provincial office"): the inbox of the submissions routed to the officer's agency, the case with
 * its uploaded files viewable and each signature in words, and the decision (observe with the
 * reasons, per document or general, or approve: the emailed link follows). The API decides who
 * may (the case's agency, a recent sign-in) and logs each read and action.
 */
@Controller('oficina/ventanilla-virtual')
@OfficerPage('case_manager')
export class OfficeReviewController {
  constructor(@Inject(TramitesApi) private readonly api: TramitesApi) {}

  @Get()
  async inbox(@Req() req: OfficerRequest, @Res() res: Response, @Officer() o: SignedInOfficer, @Query('pagina') pageParam?: string): Promise<void> {
    const page = Math.max(1, Math.min(400, Number.parseInt(pageParam ?? '1', 10) || 1));
    const r = await this.api.officeInbox(o.token, page);
    if (!r.ok) throw new PageError(r.status === 403 ? 403 : 503, 'No se pudo leer la bandeja', r.error.message);
    renderOfficer(req, res, 'oficina/ventanilla-virtual/bandeja.njk', {
      title: 'Ventanilla Virtual: solicitudes por revisar',
      flash: takeFlash(req),
      total: r.data.total,
      items: r.data.items.map((c) => ({
        href: casePage(c.caseId),
        reference: caseReference(c.caseId),
        employer: c.holderName ?? '—',
        received: when(c.updatedAt),
      })),
      previous: page > 1 ? `${OFFICE_PATH}?pagina=${page - 1}` : undefined,
      next: r.data.next || page * r.data.pageSize < r.data.total ? `${OFFICE_PATH}?pagina=${page + 1}` : undefined,
    });
  }

  @Get(':caseId')
  async casePage(
    @Req() req: OfficerRequest,
    @Res() res: Response,
    @Officer() o: SignedInOfficer,
    @Param('caseId', CaseIdPipe) caseId: string,
    @Query('confirmar') confirm?: string,
  ): Promise<void> {
    const kept = keptForm(req, casePage(caseId), confirm);
    await this.renderCase(req, res, o, caseId, kept ?? {}, [], 200, !!kept);
  }

  private async readCase(o: SignedInOfficer, caseId: string): Promise<CredentialCaseView & AvailableActions> {
    const r = await this.api.credentialCase(o.token, caseId);
    if (!r.ok)
      throw new PageError(
        r.status === 404 ? 404 : r.status === 403 ? 403 : 503,
        r.status === 404 ? 'No existe ese trámite' : 'No puede ver este trámite',
        r.error.message,
      );
    if (r.data.procedure !== 'EMPLOYER_PORTAL_PASSWORD' || r.data.channel !== 'virtual')
      throw new PageError(
        404,
        'No es un trámite de la Ventanilla Virtual',
        'Esta página revisa solo las solicitudes de clave patronal de la Ventanilla Virtual (ficha 004).',
      );
    return r.data;
  }

  private async renderCase(
    req: OfficerRequest,
    res: Response,
    o: SignedInOfficer,
    caseId: string,
    values: Record<string, string>,
    errors: FieldError[],
    status = 200,
    reauthNotice = false,
  ): Promise<void> {
    const v = await this.readCase(o, caseId);
    const documents = officeDocuments(v);
    const reference = caseReference(caseId);
    renderOfficer(
      req,
      res,
      'oficina/ventanilla-virtual/tramite.njk',
      {
        title: `Solicitud ${reference}`,
        backLink: OFFICE_PATH,
        flash: takeFlash(req),
        reference,
        rows: [
          ['Trámite', procedureLine('EMPLOYER_PORTAL_PASSWORD')],
          ['Estado', statusText(v.status, v.procedure)],
          ['Empleador', v.holder.name ? `${v.holder.name} · ${v.holder.id}` : v.holder.id],
          ['Presenta (identificación)', v.applicantId],
          ['Provincia', v.province ?? '—'],
          ['Enviado', v.submission ? when(v.submission.submittedAt) : 'Todavía no'],
        ].map(([key, value]) => ({ key: { text: key }, value: { text: value } })),
        detail: v.submission?.checklist,
        checklist: (v.submission?.checklist?.items ?? [])
          .filter((i) => i.status !== 'not_applicable')
          .map((i) => ({ label: i.label, check: CHECK_TEXT[i.status] ?? i.status, reasons: i.reasons.map((x) => x.message).join(' ') })),
        documents: documents.map((d) => ({
          ...d,
          href: `${casePage(caseId)}/documentos/${d.documentId}`,
          field: observationField(d.index),
          value: values[observationField(d.index)] ?? '',
        })),
        generalField: GENERAL_OBSERVATION,
        generalValue: values[GENERAL_OBSERVATION] ?? '',
        mayDecide: v.availableActions.includes('office_review'),
        decision: decisionInWords(v.review, (id) => (id === o.sub ? o.name : undefined)),
        action: casePage(caseId),
        errors,
        reauthNotice,
      },
      status,
    );
  }

  /** An uploaded file, inline (framed by this site's pages only) or downloaded; the API logs the read. */
  @Get(':caseId/documentos/:documentId')
  async document(
    @Res() res: Response,
    @Officer() o: SignedInOfficer,
    @Param('caseId', CaseIdPipe) caseId: string,
    @Param('documentId') documentId: string,
    @Query('descargar') download?: string,
  ): Promise<void> {
    if (!UUID.test(documentId)) throw new PageError(404, 'No existe ese documento', 'La dirección no corresponde a un documento cargado.');
    const v = await this.readCase(o, caseId);
    const upload = v.submission?.uploads.find((u) => u.documentId === documentId);
    if (!upload?.found) throw new PageError(404, 'No existe ese documento', 'La solicitud no tiene un documento cargado con ese identificador.');
    const r = await this.api.caseUpload(o.token, caseId, documentId);
    if (!r.ok) throw new PageError(r.status === 404 ? 404 : 503, 'No se pudo abrir el documento', r.error.message);
    sendFramedFile(res, {
      bytes: r.data,
      mimeType: upload.detected === 'pdf' ? 'application/pdf' : 'image/jpeg',
      fileName: upload.fileName ?? 'documento',
      download: !!download,
    });
  }

  @Post(':caseId/:decision')
  async decide(
    @Req() req: OfficerRequest,
    @Res() res: Response,
    @Officer() o: SignedInOfficer,
    @Param('caseId', CaseIdPipe) caseId: string,
    @Param('decision') decision: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    if (decision !== 'aprobacion' && decision !== 'observacion')
      throw new PageError(404, 'No existe esa página', 'La dirección no corresponde a una decisión de la oficina.');
    let review: { decision: 'approve' } | { decision: 'observe'; observations: string } = { decision: 'approve' };
    const values: Record<string, string> = { decision };
    if (decision === 'observacion') {
      const documents = officeDocuments(await this.readCase(o, caseId));
      for (const field of [...documents.map((d) => observationField(d.index)), GENERAL_OBSERVATION]) values[field] = text(body, field);
      const { observations, errors } = composeObservations(documents, values);
      if (errors.length > 0) return this.renderCase(req, res, o, caseId, values, errors, 400);
      review = { decision: 'observe', observations };
    }
    if (!requireRecentAuth(officerSessionOf(req), REAUTH_MINUTES)) return reauthenticateKeeping(req, res, casePage(caseId), values);
    const r = await this.api.officeReview(o.token, caseId, review);
    if (!r.ok && r.error.code === REAUTHENTICATION_REQUIRED) return reauthenticateKeeping(req, res, casePage(caseId), values);
    if (!r.ok) {
      const field = decision === 'observacion' ? GENERAL_OBSERVATION : 'aprobar';
      return this.renderCase(req, res, o, caseId, values, [{ field, text: r.error.message }], r.status >= 400 && r.status < 500 ? r.status : 503);
    }
    flash(
      req,
      decision === 'aprobacion'
        ? {
            kind: 'success',
            title: 'Solicitud aprobada',
            text: 'Enviamos al correo registrado del empleador el enlace para generar la clave (válido 15 minutos).',
          }
        : {
            kind: 'success',
            title: 'Solicitud observada',
            text: 'Enviamos las observaciones al solicitante: debe cargar otra vez los documentos observados dentro del plazo.',
          },
    );
    res.redirect(303, casePage(caseId));
  }
}
