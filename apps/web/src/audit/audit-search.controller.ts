import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { TramitesApi } from '../api/api-client';
import type { AuditAction } from '../api/answers';
import { renderOfficer, type SignedInOfficer } from '../officer/officer-auth';
import { Officer, OfficerPage } from '../officer/officer.guard';
import type { OfficerRequest } from '../officer/officer-session';
import { isCaseId } from '../shared/case-id.pipe';
import { PageError } from '../shared/page-error';
import { fieldsOf } from '../officer/event-fields';
import { actorLabel, ROLE_LABELS } from '../officer/officer-format';
import { AUDIT_PATH, instant, q, when } from './audit-format';

const ACTOR_ROLES = ['applicant', 'case_manager', 'legal_unit', 'supervisor', 'auditor', 'admin', 'system'] as const;
type ActorRole = (typeof ACTOR_ROLES)[number];
const ACCESS_EVENTS = ['sign_in', 'sign_in_failed', 'sign_out', 'reauthenticated', 'access_refused', 'read_credential_status'] as const;
type AccessEvent = (typeof ACCESS_EVENTS)[number];
const ACCESS_EVENT_NAMES: Record<string, string> = {
  sign_in: 'Ingreso',
  sign_in_failed: 'Ingreso fallido',
  sign_out: 'Salida',
  reauthenticated: 'Confirmó su identidad',
  access_refused: 'Acceso rechazado',
  read_credential_status: 'Consultó la clave de una persona',
};

/** A case's short reference, as caseReference (libs/contracts) writes it. */
const REFERENCE = /^T-?[0-9A-F]{10}$/i;

/** "?a=1&" or "?" before the next page's cursor. */
const nextOf = (path: string, params: URLSearchParams, cursor: string): string => `${path}?${params.toString()}${params.size ? '&' : ''}antes=${cursor}`;

/**
 * The auditor's searches, read-only: actions across cases, the signed checkpoints, who read
 * what, the officers' sign-ins. Every read goes through the API's audit routes, which log it
 * under the auditor's own id.
 */
@Controller('oficina/auditoria')
@OfficerPage('auditor', 'admin')
export class AuditSearchController {
  constructor(@Inject(TramitesApi) private readonly api: TramitesApi) {}

  @Get()
  async search(@Req() req: OfficerRequest, @Res() res: Response, @Officer() o: SignedInOfficer, @Query() query: Record<string, unknown>): Promise<void> {
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
      if (isCaseId(values.caseId)) return res.redirect(303, `${AUDIT_PATH}/tramites/${values.caseId.toLowerCase()}`);
      // The short reference the applicant and the window see (T- and ten characters) names the case too.
      if (REFERENCE.test(values.caseId)) {
        const found = await this.api.casesByReference(o.token, values.caseId.toUpperCase().replace(/^T-?/, 'T-'));
        const [only, other] = found.ok ? found.data.items : [];
        if (only && !other) return res.redirect(303, `${AUDIT_PATH}/tramites/${only.caseId}`);
        errors.push({
          field: 'caseId',
          text: !found.ok
            ? found.error.message
            : only
              ? 'Esa referencia corresponde a más de un trámite: escriba el número completo'
              : 'No hay ningún trámite con esa referencia',
        });
      } else errors.push({ field: 'caseId', text: 'Escriba la referencia del trámite (T- y diez caracteres, como T-3F2A9C1B7E) o su número completo' });
    }
    if (values.role && !(ACTOR_ROLES as readonly string[]).includes(values.role)) errors.push({ field: 'role', text: 'Elija un rol de la lista' });
    if (values.from && !instant(values.from, '00:00')) errors.push({ field: 'from', text: 'La fecha desde debe ser AAAA-MM-DD' });
    if (values.to && !instant(values.to, '23:59')) errors.push({ field: 'to', text: 'La fecha hasta debe ser AAAA-MM-DD' });
    const searched = Object.entries(values).some(([k, v]) => k !== 'caseId' && v) || query['buscar'] !== undefined;
    let items: AuditAction[] = [];
    let total = 0;
    const page = Math.max(1, Math.min(1000, Number(query['pagina']) || 1));
    if (searched && errors.length === 0) {
      const r = await this.api.auditActions(o.token, {
        actorId: values.actorId || undefined,
        role: (values.role || undefined) as ActorRole | undefined,
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
        roles: ACTOR_ROLES.map((r) => ({ value: r, text: ROLE_LABELS[r] ?? r, selected: values.role === r })),
        total,
        page,
        next: page * 50 < total ? `${AUDIT_PATH}?${params.toString()}&pagina=${page + 1}` : undefined,
        prev: page > 1 ? `${AUDIT_PATH}?${params.toString()}&pagina=${page - 1}` : undefined,
        rows: items.map((i) => ({ ...i, when: when(i.at), who: actorLabel(i.actor), fields: fieldsOf(i.data) })),
      },
      errors.length ? 400 : 200,
    );
  }

  @Get('puntos-de-control')
  async checkpoints(@Req() req: OfficerRequest, @Res() res: Response, @Officer() o: SignedInOfficer): Promise<void> {
    const r = await this.api.auditCheckpoints(o.token);
    if (!r.ok) throw new PageError(503, 'No se pudieron leer los puntos de control', r.error.message);
    renderOfficer(req, res, 'oficina/auditoria/puntos-de-control.njk', {
      title: 'Puntos de control firmados',
      items: r.data.map((c) => ({ ...c, takenAtText: when(c.takenAt) })),
    });
  }

  @Get('puntos-de-control/:number')
  async checkpoint(@Res() res: Response, @Officer() o: SignedInOfficer, @Param('number') number: string): Promise<void> {
    if (!/^\d{1,9}$/.test(number)) throw new PageError(404, 'No existe ese punto de control', 'El número no es válido.');
    const r = await this.api.auditCheckpoint(o.token, Number(number));
    if (!r.ok) throw new PageError(r.status === 404 ? 404 : 503, 'No existe ese punto de control', r.error.message);
    res.setHeader('Content-Disposition', `attachment; filename="event-log-checkpoint-${number}.json"`);
    res.json(r.data);
  }

  @Get('lecturas')
  async reads(
    @Req() req: OfficerRequest,
    @Res() res: Response,
    @Officer() o: SignedInOfficer,
    @Query('actorId') actorId?: string,
    @Query('caseId') caseId?: string,
    @Query('antes') before?: string,
  ): Promise<void> {
    const filter = {
      actorId: q(actorId) || undefined,
      caseId: isCaseId(q(caseId)) ? q(caseId) : undefined,
      before: /^\d+$/.test(q(before)) ? q(before) : undefined,
    };
    const [cases, codec] = await Promise.all([this.api.caseReads(o.token, filter), this.api.codecReads(o.token, { actorId: filter.actorId })]);
    if (!cases.ok) throw new PageError(503, 'No se pudo leer el registro de lecturas', cases.error.message);
    const params = new URLSearchParams(Object.entries({ actorId: filter.actorId ?? '', caseId: filter.caseId ?? '' }).filter(([, v]) => v));
    renderOfficer(req, res, 'oficina/auditoria/lecturas.njk', {
      title: 'Quién leyó qué',
      values: { actorId: q(actorId), caseId: q(caseId) },
      rows: cases.data.items.map((i) => ({ ...i, when: when(i.at), roleText: ROLE_LABELS[i.actorRole] ?? i.actorRole })),
      next: cases.data.next ? nextOf(`${AUDIT_PATH}/lecturas`, params, cases.data.next) : undefined,
      codec: codec.ok ? codec.data.items.map((i) => ({ ...i, when: when(i.at), roleText: ROLE_LABELS[i.actorRole] ?? i.actorRole })) : [],
    });
  }

  @Get('accesos')
  async signIns(
    @Req() req: OfficerRequest,
    @Res() res: Response,
    @Officer() o: SignedInOfficer,
    @Query('officerId') officerId?: string,
    @Query('event') event?: string,
    @Query('antes') before?: string,
  ): Promise<void> {
    const filter = {
      officerId: q(officerId) || undefined,
      event: (ACCESS_EVENTS as readonly string[]).includes(q(event)) ? (q(event) as AccessEvent) : undefined,
      before: /^\d+$/.test(q(before)) ? q(before) : undefined,
    };
    const r = await this.api.officerAccess(o.token, filter);
    if (!r.ok) throw new PageError(503, 'No se pudo leer el registro de ingresos', r.error.message);
    const params = new URLSearchParams(Object.entries({ officerId: filter.officerId ?? '', event: filter.event ?? '' }).filter(([, v]) => v));
    renderOfficer(req, res, 'oficina/auditoria/accesos.njk', {
      title: 'Ingresos de funcionarios',
      values: { officerId: q(officerId), event: filter.event ?? '' },
      events: ACCESS_EVENTS.map((e) => ({ value: e, text: ACCESS_EVENT_NAMES[e] ?? e })),
      rows: r.data.items.map((i) => ({
        ...i,
        eventText: ACCESS_EVENT_NAMES[i['event'] ?? ''] ?? i['event'],
        when: i['at'] ? when(i['at']) : '',
        roleText: i['role'] ? (ROLE_LABELS[i['role']] ?? i['role']) : '',
      })),
      next: r.data.next ? nextOf(`${AUDIT_PATH}/accesos`, params, r.data.next) : undefined,
    });
  }
}
