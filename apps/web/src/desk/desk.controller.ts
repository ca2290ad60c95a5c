import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { CaseView } from '@tramites/contracts';
import { PROCEDURE_NAMES } from '@tramites/contracts';
import { isBusinessDay, nextBusinessDay, toLocalDate, type FilerRole, type ProcedureType } from '@tramites/domain';
import type { Response } from 'express';
import type { ApiErrorBody } from '../api/api-client';
import type { components } from '../api/api-types';
import { OfficerAuth, renderOfficer, type SignedInOfficer } from '../officer/officer-auth';
import type { OfficerApi } from '../officer/officer-api';
import {
  keptForm,
  officerSessionOf,
  reauthenticateKeeping,
  REAUTHENTICATION_REQUIRED,
  type OfficerRequest,
  type OfficerSession,
} from '../officer/officer-session';
import { OFFICER_API, OFFICER_AUTH } from '../shared/tokens';
import { NATIONALITIES } from '../shared/format';
import { FormErrors, text } from '../shared/forms';
import { hour, PROCEDURE_SHORT, QUEUES, statusText, URGENCY, when } from './desk-format';
import { documentsFromForm, SUT_FIELDS, sutRecordFromForm, windowChecklist } from './window-checklist';

type QueuePage = components['schemas']['QueuePageDto'];
type QueueCounts = components['schemas']['QueueCountsDto'];
type QueueItem = components['schemas']['QueueItemDto'];
type DeskCase = components['schemas']['DeskCaseDto'];

export const DESK_PATH = '/oficina/escritorio';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A message for the next page (the result of an action, or why it was refused). */
type Flash = { kind: 'success' | 'error'; title: string; text: string };
type DeskSession = OfficerSession & { deskFlash?: Flash };

function flash(req: OfficerRequest, f: Flash): void {
  (officerSessionOf(req) as DeskSession).deskFlash = f;
}
function takeFlash(req: OfficerRequest): Flash | undefined {
  const s = officerSessionOf(req) as DeskSession;
  const f = s.deskFlash;
  delete s.deskFlash;
  return f;
}

/** Back to a page of the desk, never elsewhere. */
const back = (to: unknown, fallback: string): string =>
  typeof to === 'string' && /^\/oficina\/escritorio(\/|\?|$)[A-Za-z0-9\-._~%/?=&+]*$/.test(to) && !to.includes('//') ? to : fallback;

const refusal = (e: ApiErrorBody): string => e.message;

const item = (i: QueueItem) => ({
  ...i,
  procedureText: PROCEDURE_SHORT[i.procedure] ?? i.procedure,
  statusText: statusText(i.status),
  hour: hour(i.appointmentAt),
  deadline: when(i.deadlineAt),
  urgency: i.timeLeft ? URGENCY[i.timeLeft.urgency] : undefined,
});

/**
 * The case manager's desk: the work queues of the agency, the case page
 * with the actions the case allows now, the checklist at the window, and walk-in registration.
 * Every action goes to the API's existing routes, as the signed-in officer.
 */
@Controller('oficina/escritorio')
export class DeskController {
  constructor(
    @Inject(OFFICER_AUTH) private readonly auth: OfficerAuth,
    @Inject(OFFICER_API) private readonly api: OfficerApi,
  ) {}

  private officer(req: OfficerRequest, res: Response): Promise<SignedInOfficer | undefined> {
    return this.auth.require(req, res, ['case_manager']);
  }

  @Get()
  async queue(@Req() req: OfficerRequest, @Res() res: Response, @Query() q: Record<string, unknown>): Promise<void> {
    const o = await this.officer(req, res);
    if (!o) return;
    const cola = typeof q['cola'] === 'string' && QUEUES.some((x) => x.id === q['cola']) ? (q['cola'] as string) : 'appointments';
    const filters = { tramite: text(q, 'tramite'), estado: text(q, 'estado'), fecha: text(q, 'fecha'), buscar: text(q, 'buscar') };
    const after = text(q, 'despues');
    const search = filters.buscar ? 'open' : cola;
    const [counts, page] = await Promise.all([
      this.api.get<QueueCounts>(o.token, '/desk/queues', { date: cola === 'appointments' && filters.fecha ? filters.fecha : undefined }),
      this.api.get<QueuePage>(o.token, `/desk/queues/${search}`, {
        procedure: filters.tramite || undefined,
        status: filters.estado || undefined,
        date: filters.fecha || undefined,
        q: filters.buscar || undefined,
        after: after || undefined,
      }),
    ]);
    const errors = new FormErrors();
    if (!page.ok)
      for (const f of page.error.fields ?? [{ field: 'buscar', message: page.error.message }])
        errors.add(
          ({ procedure: 'tramite', status: 'estado', date: 'fecha', q: 'buscar', after: 'buscar' } as Record<string, string>)[f.field] ?? 'buscar',
          f.message,
        );
    const countOf = (id: string): string => {
      if (!counts.ok || id === 'open') return '';
      const c = (counts.data as unknown as Record<string, { count: number; more: boolean }>)[id];
      return c ? (c.more ? `más de ${c.count}` : String(c.count)) : '';
    };
    const qs = (extra: Record<string, string>): string => {
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries({ cola, ...filters, ...extra })) if (v) p.set(k, v);
      return `${DESK_PATH}?${p.toString()}`;
    };
    const here = req.originalUrl;
    renderOfficer(req, res, 'oficina/escritorio/cola.njk', {
      title: filters.buscar ? `Resultados de «${filters.buscar}»` : (QUEUES.find((x) => x.id === cola)?.name ?? 'Cola de trabajo'),
      flash: takeFlash(req),
      errors: errors.list,
      cola: filters.buscar ? '' : cola,
      filters,
      queues: QUEUES.map((x) => ({ ...x, count: countOf(x.id), href: `${DESK_PATH}?cola=${x.id}`, current: !filters.buscar && x.id === cola })),
      items: page.ok ? page.data.items.map(item) : [],
      nextHref: page.ok && page.data.next ? qs({ despues: page.data.next }) : undefined,
      firstHref: after ? qs({}) : undefined,
      procedures: Object.entries(PROCEDURE_SHORT).map(([value, t]) => ({ value, text: t, selected: value === filters.tramite })),
      statuses: [
        'scheduled',
        'checked_in',
        'awaiting_correction',
        'legal_review',
        'issuing',
        'stuck',
        'possible_duplicate',
        'awaiting_booking',
        'awaiting_verification',
      ].map((value) => ({
        value,
        text: statusText(value),
        selected: value === filters.estado,
      })),
      here,
    });
  }

  @Post('tramites/:caseId/asignacion')
  async claim(@Req() req: OfficerRequest, @Res() res: Response, @Param('caseId') caseId: string, @Body() body: Record<string, unknown>): Promise<void> {
    const o = await this.officer(req, res);
    if (!o) return;
    const to = back(body['volver'], `${DESK_PATH}/tramites/${caseId}`);
    if (!UUID.test(caseId)) return res.redirect(303, to);
    const r = await this.api.call<unknown>(o.token, 'POST', `/desk/cases/${caseId}/assignment`);
    flash(
      req,
      r.ok
        ? { kind: 'success', title: 'Trámite asignado', text: 'El trámite quedó asignado a usted.' }
        : { kind: 'error', title: 'No se pudo asignar el trámite', text: refusal(r.error) },
    );
    res.redirect(303, to);
  }

  @Post('tramites/:caseId/liberacion')
  async release(@Req() req: OfficerRequest, @Res() res: Response, @Param('caseId') caseId: string, @Body() body: Record<string, unknown>): Promise<void> {
    const o = await this.officer(req, res);
    if (!o) return;
    const to = back(body['volver'], `${DESK_PATH}/tramites/${caseId}`);
    if (!UUID.test(caseId)) return res.redirect(303, to);
    const r = await this.api.call<unknown>(o.token, 'DELETE', `/desk/cases/${caseId}/assignment`);
    flash(
      req,
      r.ok
        ? { kind: 'success', title: 'Trámite liberado', text: 'El trámite ya no está asignado a usted.' }
        : { kind: 'error', title: 'No se pudo liberar el trámite', text: refusal(r.error) },
    );
    res.redirect(303, to);
  }

  @Get('tramites/:caseId')
  async casePage(@Req() req: OfficerRequest, @Res() res: Response, @Param('caseId') caseId: string, @Query('confirmar') confirm?: string): Promise<void> {
    const o = await this.officer(req, res);
    if (!o) return;
    // Back from confirming their identity: the duplicate decision as the officer typed it.
    const kept = keptForm(req, `${DESK_PATH}/tramites/${caseId}`, confirm);
    await this.renderCase(req, res, o, caseId, kept ?? {}, [], 200, !!kept);
  }

  /** The case page; a refused form (the duplicate decision) comes back with what was typed and an error summary. */
  private async renderCase(
    req: OfficerRequest,
    res: Response,
    o: SignedInOfficer,
    caseId: string,
    values: Record<string, unknown>,
    errors: Array<{ field: string; text: string }>,
    status = 200,
    reauthNotice = false,
  ): Promise<void> {
    if (!UUID.test(caseId))
      return renderOfficer(req, res, 'oficina/error.njk', { title: 'No existe ese trámite', message: 'La dirección no corresponde a un trámite.' }, 404);
    const [view, desk] = await Promise.all([this.api.get<CaseView>(o.token, `/cases/${caseId}`), this.api.get<DeskCase>(o.token, `/desk/cases/${caseId}`)]);
    if (!view.ok || !desk.ok) {
      const e = !view.ok ? view : (desk as { ok: false; status: number; error: ApiErrorBody });
      return renderOfficer(
        req,
        res,
        'oficina/error.njk',
        { title: e.status === 404 ? 'No existe ese trámite' : 'No puede ver este trámite', message: e.error.message },
        e.status === 404 ? 404 : e.status === 403 ? 403 : 503,
      );
    }
    const v = view.data;
    const d = desk.data;
    const candidates = v.status === 'possible_duplicate' ? (v.duplicateReview?.candidates ?? []) : [];
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
          documentsText: m.documents.map((x) => `${x.documentType} ${x.documentNumber}`).join(', '),
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
        here: `${DESK_PATH}/tramites/${caseId}`,
        procedureName: (PROCEDURE_NAMES as Record<string, string>)[v.procedure] ?? v.procedure,
        statusText: statusText(v.status),
        urgency: d.timeLeft ? URGENCY[d.timeLeft.urgency] : undefined,
        deadline: when(v.deadlineAt),
        appointment: v.appointment ? when(v.appointment.startsAt) : '',
        timeline: d.timeline.map((e) => ({ ...e, when: when(e.at) })),
        checklist: v.checklist
          ? {
              outcome: v.checklist.outcome,
              items: v.checklist.items.filter((i) => i.reasons.length > 0).map((i) => ({ label: i.label, reasons: i.reasons.map((r) => r.message) })),
            }
          : undefined,
        actions: {
          checkIn: v.status === 'scheduled',
          window: v.status === 'checked_in' || v.status === 'awaiting_correction',
          reschedule: v.status === 'scheduled',
          cancel: ['awaiting_verification', 'awaiting_booking', 'scheduled'].includes(v.status),
          retry: v.status === 'stuck',
          print: v.status === 'issued' && !!v.result,
          duplicate: v.status === 'possible_duplicate',
        },
      },
      status,
    );
  }

  @Post('tramites/:caseId/reenvio')
  async resend(@Req() req: OfficerRequest, @Res() res: Response, @Param('caseId') caseId: string, @Body() body: Record<string, unknown>): Promise<void> {
    const o = await this.officer(req, res);
    if (!o) return;
    if (!UUID.test(caseId)) return res.redirect(303, DESK_PATH);
    const requestId = text(body, 'solicitud');
    const r = await this.api.call<{ created: boolean }>(o.token, 'POST', `/cases/${caseId}/issued-document/resend`, {
      headers: UUID.test(requestId) ? { 'Idempotency-Key': requestId } : {},
    });
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
        : { kind: 'error', title: 'No se pudo reenviar el documento', text: refusal(r.error) },
    );
    res.redirect(303, `${DESK_PATH}/tramites/${caseId}`);
  }

  @Post('tramites/:caseId/duplicado')
  async duplicate(@Req() req: OfficerRequest, @Res() res: Response, @Param('caseId') caseId: string, @Body() body: Record<string, unknown>): Promise<void> {
    const o = await this.officer(req, res);
    if (!o) return;
    if (!UUID.test(caseId)) return res.redirect(303, DESK_PATH);
    const decision = text(body, 'decision');
    const reason = text(body, 'motivo');
    const code = text(body, 'codigo');
    const errors = new FormErrors();
    if (decision !== 'same_person' && decision !== 'different_person') errors.add('decision', 'Elija si es la misma persona u otra persona');
    if (reason.length < 3) errors.add('motivo', 'Escriba el motivo de la decisión (al menos 3 caracteres)');
    if (!errors.empty) return this.renderCase(req, res, o, caseId, body, errors.list, 400);
    const r = await this.api.call<CaseView>(o.token, 'POST', `/cases/${caseId}/duplicate-review`, {
      body: { decision, reason, ...(decision === 'same_person' && code ? { code } : {}) },
    });
    // A decision needs a recent sign-in (the API's step-up): confirm at the provider, then decide again with the form as typed.
    if (!r.ok && r.error.code === REAUTHENTICATION_REQUIRED)
      return reauthenticateKeeping(req, res, `${DESK_PATH}/tramites/${caseId}`, { decision, motivo: reason, codigo: code });
    if (!r.ok) {
      const field: Record<string, string> = { decision: 'decision', reason: 'motivo', code: 'codigo' };
      const fields = r.error.fields ?? [
        { field: r.error.code === 'DUPLICATE.CODE_REQUIRED' || r.error.code === 'DUPLICATE.UNKNOWN_CODE' ? 'code' : 'decision', message: r.error.message },
      ];
      for (const f of fields) errors.add(field[f.field] ?? 'decision', f.message);
      return this.renderCase(req, res, o, caseId, body, errors.list, r.status === 400 ? 400 : 422);
    }
    flash(req, {
      kind: 'success',
      title: 'Decisión registrada',
      text: `${decision === 'same_person' ? 'Es la misma persona: se entrega su código.' : 'Es otra persona: se emite un código nuevo.'} Estado: ${statusText(r.data.status)}.`,
    });
    res.redirect(303, `${DESK_PATH}/tramites/${caseId}`);
  }

  /** The free slots of the agency in the next business days (the public availability route, a few calls). */
  private async slots(token: string, agencyId: string): Promise<Array<{ value: string; text: string }>> {
    const out: Array<{ value: string; text: string }> = [];
    let day = toLocalDate(Date.now());
    for (let i = 0; i < 5 && out.length < 30; i += 1, day = nextBusinessDay(day)) {
      if (!isBusinessDay(day)) continue;
      const r = await this.api.get<{ items: Array<{ slotId: string; startsAt: string; available: number }> }>(token, `/agencies/${agencyId}/availability`, {
        date: day,
      });
      if (r.ok) for (const s of r.data.items) if (s.available > 0 && Date.parse(s.startsAt) > Date.now()) out.push({ value: s.slotId, text: when(s.startsAt) });
    }
    return out;
  }

  @Get('tramites/:caseId/turno')
  async reschedulePage(@Req() req: OfficerRequest, @Res() res: Response, @Param('caseId') caseId: string): Promise<void> {
    const o = await this.officer(req, res);
    if (!o) return;
    if (!UUID.test(caseId)) return res.redirect(303, DESK_PATH);
    const view = await this.api.get<CaseView>(o.token, `/cases/${caseId}`);
    if (!view.ok) return renderOfficer(req, res, 'oficina/error.njk', { title: 'No se pudo abrir el trámite', message: view.error.message }, view.status);
    const agencyId = view.data.appointment?.agencyId ?? o.agencyId ?? '';
    renderOfficer(req, res, 'oficina/escritorio/turno.njk', {
      title: 'Cambiar el turno',
      backLink: `${DESK_PATH}/tramites/${caseId}`,
      c: view.data,
      current: view.data.appointment ? when(view.data.appointment.startsAt) : '',
      slots: await this.slots(o.token, agencyId),
      action: `${DESK_PATH}/tramites/${caseId}/turno`,
    });
  }

  /** One action of the case page through the API; the answer (or the refusal, in words) on the case page. */
  private async act(
    req: OfficerRequest,
    res: Response,
    caseId: string,
    method: 'POST' | 'PUT',
    path: string,
    body: unknown,
    done: string,
    failed: string,
  ): Promise<void> {
    const o = await this.officer(req, res);
    if (!o) return;
    if (!UUID.test(caseId)) return res.redirect(303, DESK_PATH);
    const r = await this.api.call<CaseView>(o.token, method, path, { body });
    flash(
      req,
      r.ok ? { kind: 'success', title: done, text: `Estado: ${statusText(r.data.status)}.` } : { kind: 'error', title: failed, text: refusal(r.error) },
    );
    res.redirect(303, `${DESK_PATH}/tramites/${caseId}`);
  }

  @Post('tramites/:caseId/llegada')
  checkIn(@Req() req: OfficerRequest, @Res() res: Response, @Param('caseId') caseId: string): Promise<void> {
    return this.act(req, res, caseId, 'POST', `/cases/${caseId}/check-in`, undefined, 'Llegada registrada', 'No se pudo registrar la llegada');
  }

  @Post('tramites/:caseId/reintento')
  retry(@Req() req: OfficerRequest, @Res() res: Response, @Param('caseId') caseId: string): Promise<void> {
    return this.act(req, res, caseId, 'POST', `/cases/${caseId}/retry`, undefined, 'Reintento pedido', 'No se pudo reintentar');
  }

  @Post('tramites/:caseId/turno')
  reschedule(@Req() req: OfficerRequest, @Res() res: Response, @Param('caseId') caseId: string, @Body() body: Record<string, unknown>): Promise<void> {
    return this.act(req, res, caseId, 'PUT', `/cases/${caseId}/appointment`, { slotId: text(body, 'slotId') }, 'Turno cambiado', 'No se pudo cambiar el turno');
  }

  @Post('tramites/:caseId/cancelacion')
  cancel(@Req() req: OfficerRequest, @Res() res: Response, @Param('caseId') caseId: string, @Body() body: Record<string, unknown>): Promise<void> {
    return this.act(
      req,
      res,
      caseId,
      'POST',
      `/cases/${caseId}/cancellation`,
      { reason: text(body, 'motivo') },
      'Trámite cancelado',
      'No se pudo cancelar el trámite',
    );
  }

  @Get('tramites/:caseId/documento.pdf')
  async print(@Req() req: OfficerRequest, @Res() res: Response, @Param('caseId') caseId: string): Promise<void> {
    const o = await this.officer(req, res);
    if (!o) return;
    if (!UUID.test(caseId)) return res.redirect(303, DESK_PATH);
    const r = await this.api.pdf(o.token, `/cases/${caseId}/issued-document`);
    if (!r.ok) {
      flash(req, { kind: 'error', title: 'No se pudo obtener el documento', text: r.error.message });
      return res.redirect(303, `${DESK_PATH}/tramites/${caseId}`);
    }
    res
      .set('Content-Type', 'application/pdf')
      .set('Content-Disposition', `inline; filename="documento-${caseId.slice(0, 8)}.pdf"`)
      .send(r.data);
  }

  // --- the checklist at the window -------------------------------------------------------------

  @Get('tramites/:caseId/ventanilla')
  async windowPage(@Req() req: OfficerRequest, @Res() res: Response, @Param('caseId') caseId: string): Promise<void> {
    const o = await this.officer(req, res);
    if (!o) return;
    if (!UUID.test(caseId)) return res.redirect(303, DESK_PATH);
    const view = await this.api.get<CaseView>(o.token, `/cases/${caseId}`);
    if (!view.ok) return renderOfficer(req, res, 'oficina/error.njk', { title: 'No se pudo abrir el trámite', message: view.error.message }, view.status);
    this.renderWindow(req, res, view.data, {}, []);
  }

  private renderWindow(
    req: OfficerRequest,
    res: Response,
    v: CaseView,
    values: Record<string, unknown>,
    errors: Array<{ field: string; text: string }>,
    status = 200,
  ): void {
    const { documents, groups } = windowChecklist(v.procedure as ProcedureType, v.filerRole as FilerRole);
    renderOfficer(
      req,
      res,
      'oficina/escritorio/ventanilla.njk',
      {
        title: 'Revisión de documentos en ventanilla',
        backLink: `${DESK_PATH}/tramites/${v.caseId}`,
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
        sut: v.procedure === 'NON_AFFILIATION_CERTIFICATE' ? [] : SUT_FIELDS,
        values,
        errors,
        action: `${DESK_PATH}/tramites/${v.caseId}/ventanilla`,
      },
      status,
    );
  }

  @Post('tramites/:caseId/ventanilla')
  async recordWindow(@Req() req: OfficerRequest, @Res() res: Response, @Param('caseId') caseId: string, @Body() body: Record<string, unknown>): Promise<void> {
    const o = await this.officer(req, res);
    if (!o) return;
    if (!UUID.test(caseId)) return res.redirect(303, DESK_PATH);
    const view = await this.api.get<CaseView>(o.token, `/cases/${caseId}`);
    if (!view.ok) return renderOfficer(req, res, 'oficina/error.njk', { title: 'No se pudo abrir el trámite', message: view.error.message }, view.status);
    const { documents } = windowChecklist(view.data.procedure as ProcedureType, view.data.filerRole as FilerRole);
    const presented = documentsFromForm(documents, body);
    if (presented.length === 0) {
      return this.renderWindow(
        req,
        res,
        view.data,
        body,
        [{ field: `${documents[0]?.name ?? 'd0'}_presented`, text: 'Marque al menos un documento presentado' }],
        400,
      );
    }
    const sutRecord = sutRecordFromForm(body);
    const facts = {
      ...(text(body, 'holderHasCedula') === 'si' ? { holderHasCedula: true } : {}),
      ...(text(body, 'holderHasForeignerCode') === 'si' ? { holderHasForeignerCode: true } : {}),
      ...(text(body, 'isForeignWorkerHimself') === 'si' ? { isForeignWorkerHimself: true } : {}),
    };
    const r = await this.api.call<CaseView>(o.token, 'POST', `/cases/${caseId}/documents`, {
      body: { documents: presented, ...(sutRecord ? { sutRecord } : {}), ...facts },
    });
    if (!r.ok) {
      const errs = (r.error.fields ?? [{ field: 'documents', message: r.error.message }]).map((f) => ({
        field: `${documents[0]?.name ?? 'd0'}_presented`,
        text: f.message,
      }));
      return this.renderWindow(req, res, view.data, body, errs, r.status === 400 ? 400 : 422);
    }
    const outcome = r.data.checklist?.outcome;
    flash(req, {
      kind: outcome === 'accepted' ? 'success' : 'error',
      title: outcome === 'accepted' ? 'Documentos aceptados' : outcome === 'observed' ? 'Documentos observados' : 'Trámite negado',
      text:
        outcome === 'accepted'
          ? `La lista de requisitos se cumple. Estado: ${statusText(r.data.status)}.`
          : (r.data.checklist?.reasons ?? []).map((x) => x.message).join(' ') || `Estado: ${statusText(r.data.status)}.`,
    });
    res.redirect(303, `${DESK_PATH}/tramites/${caseId}`);
  }

  // --- walk-in registration (001, vulnerable groups) ---------------------------------------

  @Get('sin-turno')
  async walkInPage(@Req() req: OfficerRequest, @Res() res: Response): Promise<void> {
    const o = await this.officer(req, res);
    if (!o) return;
    this.renderWalkIn(req, res, {}, []);
  }

  private renderWalkIn(
    req: OfficerRequest,
    res: Response,
    values: Record<string, unknown>,
    errors: Array<{ field: string; text: string }>,
    status = 200,
  ): void {
    renderOfficer(
      req,
      res,
      'oficina/escritorio/sin-turno.njk',
      {
        title: 'Atender sin turno a un grupo vulnerable (001)',
        backLink: DESK_PATH,
        values,
        errors,
        nationalities: NATIONALITIES.map(([value, t]) => ({ value, text: t, selected: values['nationality'] === value })),
      },
      status,
    );
  }

  @Post('sin-turno')
  async walkIn(@Req() req: OfficerRequest, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const o = await this.officer(req, res);
    if (!o) return;
    const errors = new FormErrors();
    const group = text(body, 'vulnerableGroup');
    if (!['elderly', 'disabled', 'pregnant'].includes(group)) errors.add('vulnerableGroup', 'Elija el grupo vulnerable al que pertenece la persona');
    const required: Array<[string, string]> = [
      ['identityNumber', 'Escriba la cédula del empleador que presenta'],
      ['employerId', 'Escriba el RUC o la cédula del empleador'],
      ['email', 'Escriba el correo del empleador'],
      ['mobile', 'Escriba el celular del empleador'],
      ['fullName', 'Escriba los nombres completos del trabajador extranjero'],
      ['nationality', 'Elija la nacionalidad del trabajador'],
      ['documentNumber', 'Escriba el número de pasaporte del trabajador'],
      ['birthDate', 'Escriba la fecha de nacimiento del trabajador (AAAA-MM-DD)'],
    ];
    for (const [field, message] of required) if (!text(body, field)) errors.add(field, message);
    if (!errors.empty) return this.renderWalkIn(req, res, body, errors.list, 400);
    const r = await this.api.call<{ caseId: string }>(o.token, 'POST', '/cases', {
      headers: { 'Idempotency-Key': `walk-in-${text(body, '_csrf').slice(0, 16)}-${text(body, 'documentNumber')}` },
      body: {
        procedure: 'FOREIGNER_CODE_EMPLOYMENT',
        province: o.province ?? (await this.provinceOf(o)),
        filerRole: 'employer',
        employerId: text(body, 'employerId'),
        booker: { email: text(body, 'email'), mobile: text(body, 'mobile') },
        holder: {
          fullName: text(body, 'fullName'),
          nationality: text(body, 'nationality'),
          documentType: 'passport',
          documentNumber: text(body, 'documentNumber'),
          birthDate: text(body, 'birthDate'),
        },
        walkIn: { agencyId: o.agencyId, vulnerableGroup: group, identityNumber: text(body, 'identityNumber') },
      },
    });
    if (!r.ok) {
      const map: Record<string, string> = {
        'walkIn.identityNumber': 'identityNumber',
        employerId: 'employerId',
        'booker.email': 'email',
        'booker.mobile': 'mobile',
        'holder.fullName': 'fullName',
        'holder.nationality': 'nationality',
        'holder.documentNumber': 'documentNumber',
        'holder.birthDate': 'birthDate',
      };
      for (const f of r.error.fields ?? [{ field: 'identityNumber', message: r.error.message }]) errors.add(map[f.field] ?? 'identityNumber', f.message);
      return this.renderWalkIn(req, res, body, errors.list, r.status === 400 ? 400 : 422);
    }
    flash(req, { kind: 'success', title: 'Trámite abierto sin turno', text: 'La persona quedó registrada como llegada; revise sus documentos.' });
    res.redirect(303, `${DESK_PATH}/tramites/${r.data.caseId}`);
  }

  private async provinceOf(o: SignedInOfficer): Promise<string> {
    const r = await this.api.get<{ items: Array<{ id: string; province: string }> }>(o.token, '/agencies');
    return (r.ok ? r.data.items.find((a) => a.id === o.agencyId)?.province : undefined) ?? 'PICHINCHA';
  }
}
