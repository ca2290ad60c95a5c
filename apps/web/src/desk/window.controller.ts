import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { FilerRole, ProcedureType } from '@tramites/domain';
import type { Response } from 'express';
import { TramitesApi, type CaseView, type RecordDocumentsBody } from '../api/api-client';
import { renderOfficer, type SignedInOfficer } from '../officer/officer-auth';
import { Officer, OfficerPage } from '../officer/officer.guard';
import type { OfficerRequest } from '../officer/officer-session';
import { windowChecklist } from '../checklist/checklist';
import { CaseIdPipe } from '../shared/case-id.pipe';
import { text, type FieldError } from '../shared/forms';
import { DEED_SCAN_FIELD, type MultipartRequest } from '../shared/multipart';
import { PageError } from '../shared/page-error';
import { casePath } from './desk-paths';
import { flash } from '../officer/flash';
import { statusText } from '../officer/officer-format';
import { documentsFromForm, SUT_FIELDS, sutRecordFromForm } from './window-form';

/** 004: the employer's registered address the link went to, masked by the workflow. */
const linkTo = (view: object): string => (view as { link?: { sentTo?: string } }).link?.sentTo ?? '';

/** The checklist at the window: what the applicant presented, recorded through the API (the workflow's checklist decides). */
@Controller('oficina/escritorio/tramites')
@OfficerPage('case_manager')
export class DeskWindowController {
  constructor(@Inject(TramitesApi) private readonly api: TramitesApi) {}

  private async caseView(o: SignedInOfficer, caseId: string): Promise<CaseView> {
    const view = await this.api.getCase(o.token, caseId);
    if (!view.ok) throw new PageError(view.status, 'No se pudo abrir el trámite', view.error.message);
    if (view.data.filerRole) return view.data;
    // 004 at the window: its view names no filer role; who files is the desk's filing (ADR 0030, decision 3).
    const desk = await this.api.deskCase(o.token, caseId);
    if (!desk.ok) throw new PageError(desk.status, 'No se pudo abrir el trámite', desk.error.message);
    return { ...view.data, filerRole: (desk.data.filing?.filerRole ?? '') as CaseView['filerRole'] };
  }

  @Get(':caseId/ventanilla')
  async windowPage(
    @Req() req: OfficerRequest,
    @Res() res: Response,
    @Officer() o: SignedInOfficer,
    @Param('caseId', CaseIdPipe) caseId: string,
  ): Promise<void> {
    this.renderWindow(req, res, await this.caseView(o, caseId), {}, []);
  }

  private renderWindow(req: OfficerRequest, res: Response, v: CaseView, values: Record<string, unknown>, errors: FieldError[], status = 200): void {
    const { documents, groups } = windowChecklist(v.procedure as ProcedureType, v.filerRole as FilerRole);
    renderOfficer(
      req,
      res,
      'oficina/escritorio/ventanilla.njk',
      {
        title: 'Revisión de documentos en ventanilla',
        backLink: casePath(v.caseId),
        c: v,
        documents: documents.map((d) => ({
          ...d,
          groupText: groups.find((g) => g.id === d.alternativeGroup)?.text,
          kindItems: d.kinds.map((k, i) => ({
            value: k.value,
            text: k.text,
            checked: values[`${d.name}_kind`] ? values[`${d.name}_kind`] === k.value : i === 0,
          })),
          signerItems: [
            { value: '', text: 'No consta' },
            ...(d.signature?.signers ?? []).map((s) => ({ value: s.value, text: s.text, selected: values[`${d.name}_signedBy`] === s.value })),
          ],
        })),
        sut: v.procedure === 'FOREIGNER_CODE' || v.procedure === 'FOREIGNER_CODE_EMPLOYMENT' ? SUT_FIELDS : [],
        // The holder's facts (000-002) do not apply to an employer's password (004).
        holderFacts: (v.procedure as string) !== 'EMPLOYER_PORTAL_PASSWORD',
        values,
        errors,
        action: `${casePath(v.caseId)}/ventanilla`,
      },
      status,
    );
  }

  @Post(':caseId/ventanilla')
  async recordWindow(
    @Req() req: OfficerRequest,
    @Res() res: Response,
    @Officer() o: SignedInOfficer,
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() posted: Record<string, unknown>,
  ): Promise<void> {
    let body = posted;
    const view = await this.caseView(o, caseId);
    const { documents } = windowChecklist(view.procedure as ProcedureType, view.filerRole as FilerRole);
    const firstField = `${documents[0]?.name ?? 'd0'}_presented`;
    const presented = documentsFromForm(documents, body);
    // 001: the deed's scan goes first, whatever the rest of the form says (content-addressed: the same
    // file twice is one document); a refused file keeps what was typed, and a scan saved is not asked for again.
    const deedField = documents.find((d) => d.deedScan) ? DEED_SCAN_FIELD : undefined;
    const file = deedField ? (req as MultipartRequest).files?.[deedField]?.[0] : undefined;
    const cutOff = deedField && (req as MultipartRequest).uploadError?.field === deedField;
    if (cutOff)
      return this.renderWindow(
        req,
        res,
        view,
        body,
        [{ field: DEED_SCAN_FIELD, text: 'El escaneo de la escritura supera el máximo de 1 MB: escanéelo de nuevo con menor resolución (JPG o PDF).' }],
        400,
      );
    if (file && file.size > 0) {
      const saved = await this.api.uploadDeedScan(o.token, caseId, { name: file.originalname, bytes: new Uint8Array(file.buffer) });
      if (!saved.ok) return this.renderWindow(req, res, view, body, [{ field: DEED_SCAN_FIELD, text: saved.error.message }], saved.status === 400 ? 400 : 422);
      body = { ...body, escritura_guardada: saved.data.originalName };
    }
    if (presented.length === 0) return this.renderWindow(req, res, view, body, [{ field: firstField, text: 'Marque al menos un documento presentado' }], 400);
    const sutRecord = sutRecordFromForm(body);
    const facts = {
      ...(text(body, 'holderHasCedula') === 'si' ? { holderHasCedula: true } : {}),
      ...(text(body, 'holderHasForeignerCode') === 'si' ? { holderHasForeignerCode: true } : {}),
      ...(text(body, 'isForeignWorkerHimself') === 'si' ? { isForeignWorkerHimself: true } : {}),
    };
    // What was ticked and typed, as the officer sent it: the API judges each value.
    const record = { documents: presented, ...(sutRecord ? { sutRecord } : {}), ...facts } as RecordDocumentsBody;
    const r = await this.api.recordDocuments(o.token, caseId, record);
    if (!r.ok) {
      const errs = (r.error.fields ?? [{ field: 'documents', message: r.error.message }]).map((f) => ({ field: firstField, text: f.message }));
      return this.renderWindow(req, res, view, body, errs, r.status === 400 ? 400 : 422);
    }
    // 004's view keeps the window's checklist in its submission.
    const checklist = r.data.checklist ?? (r.data as { submission?: { checklist?: typeof r.data.checklist } }).submission?.checklist;
    const outcome = checklist?.outcome;
    // 001: a poder not yet endorsed goes to the legal unit right after the window, which the answer
    // may not show yet (it says "issuing" until the registry of poderes is read).
    const poder = r.data.poder?.status;
    const toLegalUnit = r.data.status === 'legal_review' || poder === 'in_review';
    const poderPending = !toLegalUnit && r.data.status === 'issuing' && view.filerRole === 'attorney' && poder !== 'endorsed' && poder !== 'on_file';
    flash(req, {
      kind: outcome === 'accepted' ? 'success' : 'error',
      title: outcome === 'accepted' ? 'Documentos aceptados' : outcome === 'observed' ? 'Documentos observados' : 'Trámite negado',
      text:
        outcome === 'accepted'
          ? toLegalUnit
            ? 'La lista de requisitos se cumple. El poder pasa a la Unidad Provincial de Asesoría Jurídica, que lo revisa antes de emitir; el solicitante recibe un correo cuando decida.'
            : poderPending
              ? 'La lista de requisitos se cumple. El poder se busca en el registro de poderes sumillados: si no consta, pasa a la Unidad Provincial de Asesoría Jurídica, que lo revisa antes de emitir.'
              : `La lista de requisitos se cumple. Estado: ${statusText(r.data.status, r.data.procedure)}${linkTo(r.data) ? ` (${linkTo(r.data)})` : ''}.`
          : (checklist?.reasons ?? []).map((x) => x.message).join(' ') || `Estado: ${statusText(r.data.status, r.data.procedure)}.`,
    });
    res.redirect(303, casePath(caseId));
  }
}
