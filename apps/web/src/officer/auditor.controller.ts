import { Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { clock, longDate, STATUS_TEXT } from '../shared/format';
import type { OfficerApi } from './officer-api';
import { OfficerAuth, renderOfficer } from './officer-auth';
import type { OfficerRequest } from './officer-session';
import { OFFICER_API, OFFICER_AUTH } from '../shared/tokens';

const AUDIT_ROLES = ['auditor', 'admin'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ACTOR_ROLES = ['applicant', 'case_manager', 'legal_unit', 'auditor', 'admin', 'system'];

interface TimelineEvent {
  seq: number;
  type: string;
  what: string;
  actor: { id: string; role: string };
  at: string;
  data: Record<string, unknown>;
}
interface ActionItem {
  kind: 'event' | 'access';
  caseId: string;
  seq: number | null;
  type: string;
  what: string;
  actor: { id: string; role: string };
  at: string;
  data: Record<string, unknown> | null;
}
interface ChainReport {
  valid: boolean;
  events: number;
  expectedEvents: number;
  headHash?: string;
  missingSeqs: number[];
  alteredSeqs: number[];
  findings: Array<{ message: string }>;
}
interface ReplayReport {
  replaysCleanly: boolean;
  error?: string;
  verdict: string;
  historySource: string;
  historyEvents: number;
  status: string | null;
}
interface Checkpoint {
  number: number;
  signedAt?: string;
  createdAt?: string;
  cases?: number;
  keyId?: string;
  [k: string]: unknown;
}

const when = (iso: string): string => `${longDate(iso)}, ${clock(iso)}`;
const statusText = (s: string | null | undefined): string => (s ? ((STATUS_TEXT as Record<string, string>)[s] ?? s) : 'El trámite no existía todavía');
const dataText = (d: Record<string, unknown> | null): string => (d && Object.keys(d).length ? JSON.stringify(d, null, 1) : '');
const q = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** "2026-12-01" + "15:30" in Guayaquil as an ISO instant (the form's fields), or undefined. */
function instant(day: string, time: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const t = /^\d{2}:\d{2}$/.test(time) ? time : '23:59';
  const parsed = Date.parse(`${day}T${t}:00-05:00`);
  return Number.isFinite(parsed) ? new Date(parsed).toISOString() : undefined;
}

/**
 * The auditor's pages: read-only. Search across cases and actions, a case's
 * timeline with every event's actor, role and data, its state as of a date, replay against the
 * current code with its verdict, the hash-chain check, the signed checkpoints, the export of
 * the history, who read what, the officers' sign-ins. Every read goes through the API's audit
 * routes, which log it under the auditor's own id.
 */
@Controller('oficina/auditoria')
export class AuditorController {
  constructor(
    @Inject(OFFICER_AUTH) private readonly auth: OfficerAuth,
    @Inject(OFFICER_API) private readonly api: OfficerApi,
  ) {}

  @Get()
  async search(@Req() req: OfficerRequest, @Res() res: Response, @Query() query: Record<string, unknown>): Promise<void> {
    const o = await this.auth.require(req, res, AUDIT_ROLES);
    if (!o) return;
    const values = {
      actorId: q(query['actorId']),
      role: q(query['role']),
      type: q(query['type']),
      from: q(query['from']),
      to: q(query['to']),
      caseId: q(query['caseId']),
    };
    const errors: Array<{ field: string; text: string }> = [];
    if (values.caseId) {
      if (UUID.test(values.caseId)) return res.redirect(303, `/oficina/auditoria/tramites/${values.caseId.toLowerCase()}`);
      errors.push({ field: 'caseId', text: 'El número de trámite debe ser un UUID (por ejemplo 3f2b…-…)' });
    }
    if (values.role && !ACTOR_ROLES.includes(values.role)) errors.push({ field: 'role', text: 'Elija un rol de la lista' });
    if (values.from && !instant(values.from, '00:00')) errors.push({ field: 'from', text: 'La fecha desde debe ser AAAA-MM-DD' });
    if (values.to && !instant(values.to, '23:59')) errors.push({ field: 'to', text: 'La fecha hasta debe ser AAAA-MM-DD' });
    const searched = Object.entries(values).some(([k, v]) => k !== 'caseId' && v) || query['buscar'] !== undefined;
    let items: ActionItem[] = [];
    let total = 0;
    const page = Math.max(1, Math.min(1000, Number(query['pagina']) || 1));
    if (searched && errors.length === 0) {
      const r = await this.api.get<{ items: ActionItem[]; total: number }>(o.token, '/audit/actions', {
        actorId: values.actorId || undefined,
        role: values.role || undefined,
        type: values.type || undefined,
        from: values.from ? instant(values.from, '00:00') : undefined,
        to: values.to ? instant(values.to, '23:59') : undefined,
        page,
        pageSize: 50,
      });
      if (!r.ok) errors.push({ field: 'actorId', text: r.error.message });
      else {
        items = r.data.items;
        total = r.data.total;
      }
    }
    const params = new URLSearchParams(Object.entries(values).filter(([k, v]) => v && k !== 'caseId'));
    params.set('buscar', '1');
    renderOfficer(
      req,
      res,
      'oficina/auditoria/buscar.njk',
      {
        title: 'Buscar acciones',
        values,
        errors,
        searched: searched && errors.length === 0,
        roles: ACTOR_ROLES,
        total,
        page,
        next: page * 50 < total ? `/oficina/auditoria?${params.toString()}&pagina=${page + 1}` : undefined,
        prev: page > 1 ? `/oficina/auditoria?${params.toString()}&pagina=${page - 1}` : undefined,
        rows: items.map((i) => ({ ...i, when: when(i.at), dataText: dataText(i.data) })),
      },
      errors.length ? 400 : 200,
    );
  }

  private async caseOr404(req: OfficerRequest, res: Response, caseId: string): Promise<boolean> {
    if (UUID.test(caseId)) return true;
    renderOfficer(
      req,
      res,
      'oficina/error.njk',
      { title: 'No existe ese trámite', message: 'El número de trámite no es válido.', restart: '/oficina/auditoria' },
      404,
    );
    return false;
  }

  @Get('tramites/:caseId')
  async caseView(
    @Req() req: OfficerRequest,
    @Res() res: Response,
    @Param('caseId') caseId: string,
    @Query('dia') day?: string,
    @Query('hora') time?: string,
  ): Promise<void> {
    const o = await this.auth.require(req, res, AUDIT_ROLES);
    if (!o || !(await this.caseOr404(req, res, caseId))) return;
    const [timeline, chain] = await Promise.all([
      this.api.get<{ events: TimelineEvent[] }>(o.token, `/audit/cases/${caseId}/timeline`),
      this.api.get<ChainReport>(o.token, `/audit/cases/${caseId}/verification`),
    ]);
    if (!timeline.ok) {
      return renderOfficer(
        req,
        res,
        'oficina/error.njk',
        {
          title: timeline.status === 404 ? 'No existe ese trámite' : 'No se pudo leer el trámite',
          message: timeline.error.message,
          restart: '/oficina/auditoria',
        },
        timeline.status === 404 ? 404 : 503,
      );
    }
    const errors: Array<{ field: string; text: string }> = [];
    let asOf: { when: string; status: string; events: number } | undefined;
    if (day !== undefined) {
      const at = instant(q(day), q(time));
      if (!at) errors.push({ field: 'dia', text: 'Escriba la fecha como AAAA-MM-DD' });
      else {
        const r = await this.api.get<{ status: string | null; events: TimelineEvent[] }>(o.token, `/audit/cases/${caseId}/state`, { asOf: at });
        if (r.ok) asOf = { when: when(at), status: statusText(r.data.status), events: r.data.events.length };
        else errors.push({ field: 'dia', text: r.error.message });
      }
    }
    renderOfficer(
      req,
      res,
      'oficina/auditoria/tramite.njk',
      {
        title: `Trámite ${caseId}`,
        caseId,
        backLink: '/oficina/auditoria',
        events: timeline.data.events.map((e) => ({ ...e, when: when(e.at), dataText: dataText(e.data) })),
        chain: chain.ok ? chain.data : undefined,
        chainError: chain.ok ? undefined : chain.error.message,
        asOf,
        day: q(day),
        time: q(time),
        errors,
      },
      errors.length ? 400 : 200,
    );
  }

  @Post('tramites/:caseId/reproduccion')
  async replay(@Req() req: OfficerRequest, @Res() res: Response, @Param('caseId') caseId: string): Promise<void> {
    const o = await this.auth.require(req, res, AUDIT_ROLES);
    if (!o || !(await this.caseOr404(req, res, caseId))) return;
    const r = await this.api.call<ReplayReport>(o.token, 'POST', `/audit/cases/${caseId}/replay`);
    if (!r.ok)
      return renderOfficer(
        req,
        res,
        'oficina/error.njk',
        { title: 'No se pudo reproducir el historial', message: r.error.message, restart: `/oficina/auditoria/tramites/${caseId}` },
        r.status === 404 ? 404 : 503,
      );
    renderOfficer(req, res, 'oficina/auditoria/reproduccion.njk', {
      title: 'Reproducción del historial',
      caseId,
      report: { ...r.data, statusText: statusText(r.data.status) },
      backLink: `/oficina/auditoria/tramites/${caseId}`,
    });
  }

  @Get('tramites/:caseId/historial.json')
  async exportHistory(@Req() req: OfficerRequest, @Res() res: Response, @Param('caseId') caseId: string): Promise<void> {
    const o = await this.auth.require(req, res, AUDIT_ROLES);
    if (!o || !(await this.caseOr404(req, res, caseId))) return;
    const r = await this.api.call<string>(o.token, 'GET', `/audit/cases/${caseId}/history`, { raw: true });
    if (!r.ok)
      return renderOfficer(
        req,
        res,
        'oficina/error.njk',
        { title: 'No se pudo exportar el historial', message: r.error.message, restart: `/oficina/auditoria/tramites/${caseId}` },
        r.status === 404 ? 404 : 503,
      );
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="case-${caseId}-history.json"`);
    res.send(r.data);
  }

  @Get('puntos-de-control')
  async checkpoints(@Req() req: OfficerRequest, @Res() res: Response): Promise<void> {
    const o = await this.auth.require(req, res, AUDIT_ROLES);
    if (!o) return;
    const r = await this.api.get<{ items: Checkpoint[] } | Checkpoint[]>(o.token, '/audit/checkpoints');
    if (!r.ok) return renderOfficer(req, res, 'oficina/error.njk', { title: 'No se pudieron leer los puntos de control', message: r.error.message }, 503);
    const items = Array.isArray(r.data) ? r.data : r.data.items;
    renderOfficer(req, res, 'oficina/auditoria/puntos-de-control.njk', {
      title: 'Puntos de control firmados',
      items: items.map((c) => ({ ...c, summary: JSON.stringify(c, null, 1) })),
    });
  }

  @Get('puntos-de-control/:number')
  async checkpoint(@Req() req: OfficerRequest, @Res() res: Response, @Param('number') number: string): Promise<void> {
    const o = await this.auth.require(req, res, AUDIT_ROLES);
    if (!o) return;
    if (!/^\d{1,9}$/.test(number))
      return renderOfficer(req, res, 'oficina/error.njk', { title: 'No existe ese punto de control', message: 'El número no es válido.' }, 404);
    const r = await this.api.get<unknown>(o.token, `/audit/checkpoints/${number}`);
    if (!r.ok)
      return renderOfficer(req, res, 'oficina/error.njk', { title: 'No existe ese punto de control', message: r.error.message }, r.status === 404 ? 404 : 503);
    res.setHeader('Content-Disposition', `attachment; filename="event-log-checkpoint-${number}.json"`);
    res.json(r.data);
  }

  @Get('lecturas')
  async reads(
    @Req() req: OfficerRequest,
    @Res() res: Response,
    @Query('actorId') actorId?: string,
    @Query('caseId') caseId?: string,
    @Query('antes') before?: string,
  ): Promise<void> {
    const o = await this.auth.require(req, res, AUDIT_ROLES);
    if (!o) return;
    const filter = {
      actorId: q(actorId) || undefined,
      caseId: UUID.test(q(caseId)) ? q(caseId) : undefined,
      before: /^\d+$/.test(q(before)) ? q(before) : undefined,
    };
    const [cases, codec] = await Promise.all([
      this.api.get<{ items: Array<{ caseId: string; actorId: string; actorRole: string; action: string; at: string }>; next?: string }>(
        o.token,
        '/audit/reads',
        filter,
      ),
      this.api.get<{ items: Array<{ actorId: string; actorRole: string; action: string; workflowId: string | null; payloads: number; at: string }> }>(
        o.token,
        '/audit/codec-access',
        { actorId: filter.actorId },
      ),
    ]);
    if (!cases.ok) return renderOfficer(req, res, 'oficina/error.njk', { title: 'No se pudo leer el registro de lecturas', message: cases.error.message }, 503);
    const params = new URLSearchParams(Object.entries({ actorId: filter.actorId ?? '', caseId: filter.caseId ?? '' }).filter(([, v]) => v));
    renderOfficer(req, res, 'oficina/auditoria/lecturas.njk', {
      title: 'Quién leyó qué',
      values: { actorId: q(actorId), caseId: q(caseId) },
      rows: cases.data.items.map((i) => ({ ...i, when: when(i.at) })),
      next: cases.data.next ? `/oficina/auditoria/lecturas?${params.toString()}${params.size ? '&' : ''}antes=${cases.data.next}` : undefined,
      codec: codec.ok ? codec.data.items.map((i) => ({ ...i, when: when(i.at) })) : [],
    });
  }

  @Get('accesos')
  async signIns(
    @Req() req: OfficerRequest,
    @Res() res: Response,
    @Query('officerId') officerId?: string,
    @Query('event') event?: string,
    @Query('antes') before?: string,
  ): Promise<void> {
    const o = await this.auth.require(req, res, AUDIT_ROLES);
    if (!o) return;
    const events = ['sign_in', 'sign_in_failed', 'sign_out', 'reauthenticated', 'access_refused'];
    const filter = {
      officerId: q(officerId) || undefined,
      event: events.includes(q(event)) ? q(event) : undefined,
      before: /^\d+$/.test(q(before)) ? q(before) : undefined,
    };
    const r = await this.api.get<{ items: Array<Record<string, string | null>>; next?: string }>(o.token, '/audit/officer-access', filter);
    if (!r.ok) return renderOfficer(req, res, 'oficina/error.njk', { title: 'No se pudo leer el registro de ingresos', message: r.error.message }, 503);
    const names: Record<string, string> = {
      sign_in: 'Ingreso',
      sign_in_failed: 'Ingreso fallido',
      sign_out: 'Salida',
      reauthenticated: 'Confirmó su identidad',
      access_refused: 'Acceso rechazado',
    };
    const params = new URLSearchParams(Object.entries({ officerId: filter.officerId ?? '', event: filter.event ?? '' }).filter(([, v]) => v));
    renderOfficer(req, res, 'oficina/auditoria/accesos.njk', {
      title: 'Ingresos de funcionarios',
      values: { officerId: q(officerId), event: filter.event ?? '' },
      events: events.map((e) => ({ value: e, text: names[e] ?? e })),
      rows: r.data.items.map((i) => ({ ...i, eventText: names[i['event'] ?? ''] ?? i['event'], when: i['at'] ? when(i['at']) : '' })),
      next: r.data.next ? `/oficina/auditoria/accesos?${params.toString()}${params.size ? '&' : ''}antes=${r.data.next}` : undefined,
    });
  }
}
