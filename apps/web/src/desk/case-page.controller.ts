import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { TramitesApi } from '../api/api-client';
import { renderOfficer, type SignedInOfficer } from '../officer/officer-auth';
import { Officer, OfficerPage } from '../officer/officer.guard';
import { keptForm, reauthenticateKeeping, REAUTHENTICATION_REQUIRED, type OfficerRequest } from '../officer/officer-session';
import { actionsAllowed } from '../shared/case-actions';
import { CaseIdPipe, isCaseId } from '../shared/case-id.pipe';
import { FormErrors, text, type FieldError } from '../shared/forms';
import { PageError } from '../shared/page-error';
import { casePath, DESK_PATH } from './desk-paths';
import { flash, takeFlash } from '../officer/flash';
import { actorLabel, duplicateDecisionText, filingFacts, procedureLine, statusText, URGENCY, when } from '../officer/officer-format';
import { dayInWords, documentTypeName, nationalityName } from '../shared/format';
import { credentialCaseFacts } from './credential-case-facts';
import type { CredentialCaseView } from '../api/api-client';

const DUPLICATE_FIELDS: Record<string, string> = { decision: 'decision', reason: 'motivo', code: 'codigo' };

/**
 * The case page of the desk: the case with the actions it allows now, its timeline and
 * checklist, the duplicate decision, the resend and the print of the issued document.
 */
@Controller('oficina/escritorio/tramites')
@OfficerPage('case_manager')
export class DeskCasePageController {
  constructor(@Inject(TramitesApi) private readonly api: TramitesApi) {}

  @Get(':caseId')
  async casePage(
    @Req() req: OfficerRequest,
    @Res() res: Response,
    @Officer() o: SignedInOfficer,
    @Param('caseId', CaseIdPipe) caseId: string,
    @Query('confirmar') confirm?: string,
  ): Promise<void> {
    // Back from confirming their identity: the duplicate decision as the officer typed it.
    const kept = keptForm(req, casePath(caseId), confirm);
    await this.renderCase(req, res, o, caseId, kept ?? {}, [], 200, !!kept);
  }

  /** The case page; a refused form (the duplicate decision) comes back with what was typed and an error summary. */
  private async renderCase(
    req: OfficerRequest,
    res: Response,
    o: SignedInOfficer,
    caseId: string,
    values: Record<string, unknown>,
    errors: FieldError[],
    status = 200,
    reauthNotice = false,
  ): Promise<void> {
    const [view, desk] = await Promise.all([this.api.getCase(o.token, caseId), this.api.deskCase(o.token, caseId)]);
    if (!view.ok || !desk.ok) {
      const e = !view.ok ? view : !desk.ok ? desk : undefined;
      const code = e?.status ?? 503;
      throw new PageError(
        code === 404 ? 404 : code === 403 ? 403 : 503,
        code === 404 ? 'No existe ese trámite' : 'No puede ver este trámite',
        e?.error.message ?? '',
      );
    }
    const v = view.data;
    const d = desk.data;
    const candidates = v.status === 'possible_duplicate' ? (v.duplicateReview?.candidates ?? []) : [];
    const can = actionsAllowed(d);
    // 004 at the window (ADR 0030, amended): the employer is the holder; its checklist is the submission's.
    const credential = (v.procedure as string) === 'EMPLOYER_PORTAL_PASSWORD' ? credentialCaseFacts(v as unknown as CredentialCaseView, d.filing) : undefined;
    const checklist = credential ? (v as unknown as CredentialCaseView).submission?.checklist : v.checklist;
    const filing = filingFacts(d.filing, v.applicantId, v.filerRole ?? d.filing?.filerRole ?? '');
    renderOfficer(
      req,
      res,
      'oficina/escritorio/tramite.njk',
      {
        title: `Trámite ${d.reference}`,
        values,
        errors,
        reauthNotice,
        // One id per rendered page: a double click or a retried POST resends once (ADR 0024).
        resendRequestId: randomUUID(),
        candidates: candidates.map((m) => ({
          ...m,
          nationalityText: nationalityName(m.nationality),
          documentsText: m.documents.map((x) => `${documentTypeName(x.documentType)} ${x.documentNumber}`).join(', '),
        })),
        codeItems: candidates.map((m) => ({
          value: m.code,
          text: `${m.code} · ${m.fullName}`,
          checked: values['codigo'] === m.code || (candidates.length === 1 && !values['codigo']),
        })),
        backLink: DESK_PATH,
        flash: takeFlash(req),
        c: v,
        desk: d,
        here: casePath(caseId),
        procedureName: procedureLine(v.procedure),
        holderName: credential ? credential.holderName : v.holder.fullName,
        holderDocument: credential
          ? credential.holderDocument
          : `${documentTypeName(v.holder.documentType)} ${v.holder.documentNumber} · ${nationalityName(v.holder.nationality)}`,
        holderBorn: !credential && v.holder.birthDate ? dayInWords(v.holder.birthDate) : '',
        filing: credential ? { ...filing, employer: '', contact: '' } : filing,
        credential,
        correctionDue: credential ? (v.status === 'awaiting_correction' ? when(v.deadlineAt) : '') : when(v.correctionDueAt),
        stuckSince: v.stuck ? when(v.stuck.since) : '',
        duplicateDecision: duplicateDecisionText(v.duplicateReview),
        statusText: statusText(v.status, v.procedure),
        urgency: d.timeLeft ? URGENCY[d.timeLeft.urgency] : undefined,
        deadline: when(v.deadlineAt),
        appointment: v.appointment ? when(v.appointment.startsAt) : '',
        timeline: d.timeline.map((e) => ({ ...e, when: when(e.at), who: actorLabel(e.actor) })),
        checklist: checklist
          ? {
              outcome: checklist.outcome,
              items: checklist.items.filter((i) => i.reasons.length > 0).map((i) => ({ label: i.label, reasons: i.reasons.map((r) => r.message) })),
            }
          : undefined,
        actions: {
          checkIn: can.check_in,
          window: can.record_documents || can.record_window_documents,
          reschedule: can.reschedule,
          cancel: can.cancel,
          retry: can.retry_stuck,
          print: can.resend_issued_document,
          duplicate: can.resolve_duplicate,
        },
      },
      status,
    );
  }

  @Post(':caseId/reenvio')
  async resend(
    @Req() req: OfficerRequest,
    @Res() res: Response,
    @Officer() o: SignedInOfficer,
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const requestId = text(body, 'solicitud');
    const r = await this.api.resendIssuedDocument(o.token, caseId, isCaseId(requestId) ? requestId : undefined);
    flash(
      req,
      r.ok
        ? {
            kind: 'success',
            title: 'Documento reenviado',
            text: r.data.created
              ? 'El correo con el documento emitido se envía de nuevo al solicitante.'
              : 'Este pedido de reenvío ya se había registrado; no se envía otro correo.',
          }
        : { kind: 'error', title: 'No se pudo reenviar el documento', text: r.error.message },
    );
    res.redirect(303, casePath(caseId));
  }

  @Post(':caseId/duplicado')
  async duplicate(
    @Req() req: OfficerRequest,
    @Res() res: Response,
    @Officer() o: SignedInOfficer,
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const decision = text(body, 'decision');
    const reason = text(body, 'motivo');
    const code = text(body, 'codigo');
    const errors = new FormErrors();
    if (decision !== 'same_person' && decision !== 'different_person') errors.add('decision', 'Elija si es la misma persona u otra persona');
    if (reason.length < 3) errors.add('motivo', 'Escriba el motivo de la decisión (al menos 3 caracteres)');
    if (!errors.empty) return this.renderCase(req, res, o, caseId, body, errors.list, 400);
    const r = await this.api.resolveDuplicate(o.token, caseId, {
      decision: decision as 'same_person' | 'different_person',
      reason,
      ...(decision === 'same_person' && code ? { code } : {}),
    });
    // A decision needs a recent sign-in (the API's step-up): confirm at the provider, then decide again with the form as typed.
    if (!r.ok && r.error.code === REAUTHENTICATION_REQUIRED)
      return reauthenticateKeeping(req, res, casePath(caseId), { decision, motivo: reason, codigo: code });
    if (!r.ok) {
      const fields = r.error.fields ?? [
        { field: r.error.code === 'DUPLICATE.CODE_REQUIRED' || r.error.code === 'DUPLICATE.UNKNOWN_CODE' ? 'code' : 'decision', message: r.error.message },
      ];
      for (const f of fields) errors.add(DUPLICATE_FIELDS[f.field] ?? 'decision', f.message);
      return this.renderCase(req, res, o, caseId, body, errors.list, r.status === 400 ? 400 : 422);
    }
    flash(req, {
      kind: 'success',
      title: 'Decisión registrada',
      text: `${decision === 'same_person' ? 'Es la misma persona: se entrega su código.' : 'Es otra persona: se emite un código nuevo.'} Estado: ${statusText(r.data.status)}.`,
    });
    res.redirect(303, casePath(caseId));
  }

  @Get(':caseId/documento.pdf')
  async print(@Req() req: OfficerRequest, @Res() res: Response, @Officer() o: SignedInOfficer, @Param('caseId', CaseIdPipe) caseId: string): Promise<void> {
    const r = await this.api.issuedDocument(o.token, caseId);
    if (!r.ok) {
      flash(req, { kind: 'error', title: 'No se pudo obtener el documento', text: r.error.message });
      return res.redirect(303, casePath(caseId));
    }
    res
      .set('Content-Type', 'application/pdf')
      .set('Content-Disposition', `inline; filename="documento-${caseId.slice(0, 8)}.pdf"`)
      .send(Buffer.from(r.data));
  }
}
