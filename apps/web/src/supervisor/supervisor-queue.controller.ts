import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { TramitesApi, type QueueId, type QueueQuery } from '../api/api-client';
import type { AgencyOfficer, QueueItem } from '../api/answers';
import { SORTS } from '../desk/queues.controller';
import { flash, takeFlash } from '../officer/flash';
import { hour, PROCEDURE_SHORT, QUEUES, statusText, URGENCY, when } from '../officer/officer-format';
import { renderOfficer, type SignedInOfficer } from '../officer/officer-auth';
import { Officer, OfficerPage } from '../officer/officer.guard';
import type { OfficerRequest } from '../officer/officer-session';
import { FormErrors, text } from '../shared/forms';

export const SUPERVISION_PATH = '/oficina/supervision';

/** The supervisor's queues: the agency's, every case with its holder ("Mis trámites" is a case manager's). */
const SUPERVISOR_QUEUES = QUEUES.filter((q) => q.id !== 'mine');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The cases ticked in the form (one value or several), ids only. */
function ticked(body: Record<string, unknown>): string[] {
  const v = body['casos'];
  const list = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  return [...new Set(list.filter((x): x is string => typeof x === 'string' && UUID.test(x)))].slice(0, 100);
}

const item = (i: QueueItem, selected: ReadonlySet<string>) => ({
  ...i,
  procedureText: PROCEDURE_SHORT[i.procedure] ?? i.procedure,
  statusText: statusText(i.status, i.procedure),
  hour: hour(i.appointmentAt),
  deadline: when(i.deadlineAt),
  urgency: i.timeLeft ? URGENCY[i.timeLeft.urgency] : undefined,
  selected: selected.has(i.caseId),
  canReassign: i.assignmentActions.includes('reassign'),
});

/**
 * The supervisor's room (ADR 0022, amended): the agency's queues with who holds each case, and
 * the reassignment of several cases at once to a case manager of the agency (or their release),
 * always with a reason the auditor reads.
 */
@Controller('oficina/supervision')
@OfficerPage('supervisor')
export class SupervisorQueueController {
  constructor(@Inject(TramitesApi) private readonly api: TramitesApi) {}

  @Get()
  async queue(@Req() req: OfficerRequest, @Res() res: Response, @Officer() o: SignedInOfficer, @Query() q: Record<string, unknown>): Promise<void> {
    await this.render(req, res, o, q, {}, new FormErrors(), 200);
  }

  /** Reassigns the ticked cases to one case manager with one reason; each case's answer in words. */
  @Post('reasignacion')
  async reassign(@Req() req: OfficerRequest, @Res() res: Response, @Officer() o: SignedInOfficer, @Body() body: Record<string, unknown>): Promise<void> {
    const { cases, officerId, reason, errors } = this.read(body, true);
    if (!errors.empty) return this.render(req, res, o, this.queryOf(body), body, errors, 400);
    const r = await this.api.reassignMany(o.token, cases, officerId, reason);
    if (!r.ok) {
      for (const f of r.error.fields ?? [{ field: 'officerId', message: r.error.message }])
        errors.add(f.field === 'reason' ? 'motivo' : f.field === 'caseIds' ? 'casos' : 'funcionario', f.message);
      return this.render(req, res, o, this.queryOf(body), body, errors, r.status === 400 ? 400 : 422);
    }
    const done = r.data.results.filter((x) => x.reassigned).length;
    const refused = r.data.results.filter((x) => !x.reassigned);
    flash(req, {
      kind: refused.length ? 'error' : 'success',
      title: refused.length
        ? `Se reasignaron ${done} de ${r.data.results.length} trámites a ${r.data.officerName}`
        : `Trámites reasignados a ${r.data.officerName}`,
      text: refused.length
        ? `No se reasignaron: ${refused.map((x) => x.message).join(' ')}`
        : `${done} ${done === 1 ? 'trámite pasó' : 'trámites pasaron'} a ${r.data.officerName}. El motivo quedó registrado.`,
    });
    res.redirect(303, this.backTo(body));
  }

  /** Releases the ticked cases, whoever holds them, with one reason. */
  @Post('liberacion')
  async release(@Req() req: OfficerRequest, @Res() res: Response, @Officer() o: SignedInOfficer, @Body() body: Record<string, unknown>): Promise<void> {
    const { cases, reason, errors } = this.read(body, false);
    if (!errors.empty) return this.render(req, res, o, this.queryOf(body), body, errors, 400);
    const answers = await Promise.all(cases.map(async (caseId) => ({ caseId, r: await this.api.releaseWithReason(o.token, caseId, reason) })));
    const failed = answers.filter((a) => !a.r.ok);
    const from = answers.flatMap((a) => (a.r.ok && a.r.data.releasedFrom ? [a.r.data.releasedFrom] : []));
    flash(req, {
      kind: failed.length ? 'error' : 'success',
      title: failed.length ? `Se liberaron ${answers.length - failed.length} de ${answers.length} trámites` : 'Trámites liberados',
      text: failed.length
        ? `No se liberaron: ${failed.map((a) => (a.r.ok ? '' : a.r.error.message)).join(' ')}`
        : `Quedaron sin asignar${from.length ? ` (los tenía: ${[...new Set(from)].join(', ')})` : ''}. El motivo quedó registrado.`,
    });
    res.redirect(303, this.backTo(body));
  }

  private read(body: Record<string, unknown>, needsOfficer: boolean): { cases: string[]; officerId: string; reason: string; errors: FormErrors } {
    const errors = new FormErrors();
    const cases = ticked(body);
    const officerId = text(body, 'funcionario');
    const reason = text(body, 'motivo');
    if (cases.length === 0) errors.add('casos', 'Marque al menos un trámite de la lista');
    if (needsOfficer && !officerId) errors.add('funcionario', 'Elija a quién pasan los trámites');
    if (reason.length < 5 || reason.length > 500) errors.add('motivo', 'Escriba el motivo, de 5 a 500 caracteres: queda en el registro que lee el auditor');
    return { cases, officerId, reason, errors };
  }

  private queryOf(body: Record<string, unknown>): Record<string, unknown> {
    return { cola: text(body, 'cola'), orden: text(body, 'orden') };
  }

  private backTo(body: Record<string, unknown>): string {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(this.queryOf(body))) if (typeof v === 'string' && v) p.set(k, v);
    const qs = p.toString();
    return qs ? `${SUPERVISION_PATH}?${qs}` : SUPERVISION_PATH;
  }

  private async render(
    req: OfficerRequest,
    res: Response,
    o: SignedInOfficer,
    q: Record<string, unknown>,
    typed: Record<string, unknown>,
    errors: FormErrors,
    status: number,
  ): Promise<void> {
    const cola = typeof q['cola'] === 'string' && SUPERVISOR_QUEUES.some((x) => x.id === q['cola']) ? (q['cola'] as string) : 'open';
    const orden = typeof q['orden'] === 'string' && q['orden'] in SORTS ? (q['orden'] as string) : '';
    const sort = orden || (cola === 'appointments' ? 'appointment' : 'deadline');
    const after = typeof q['despues'] === 'string' ? q['despues'] : '';
    const [page, officers] = await Promise.all([
      this.api.queue(o.token, cola as QueueId, { sort: orden || undefined, after: after || undefined, pageSize: 50 } as QueueQuery),
      this.api.agencyOfficers(o.token),
    ]);
    if (!page.ok) errors.add('cola', page.error.message);
    const selected = new Set(ticked(typed));
    const chosen = text(typed, 'funcionario');
    const list: AgencyOfficer[] = officers.ok ? officers.data : [];
    const qs = (extra: Record<string, string>): string => {
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries({ cola, orden, ...extra })) if (v) p.set(k, v);
      return `${SUPERVISION_PATH}?${p.toString()}`;
    };
    renderOfficer(
      req,
      res,
      'oficina/supervision/cola.njk',
      {
        title: `Cola de la agencia ${o.agencyId ?? ''}`.trim(),
        queueName: SUPERVISOR_QUEUES.find((x) => x.id === cola)?.name ?? 'Cola',
        flash: takeFlash(req),
        errors: errors.list,
        cola,
        orden,
        sortKey: sort,
        sortCaption: SORTS[sort]?.caption ?? 'por plazo',
        queues: SUPERVISOR_QUEUES.map((x) => ({ ...x, href: qs({ cola: x.id }), current: x.id === cola })),
        sorts: Object.entries(SORTS).map(([value, s]) => ({ value, text: s.text, selected: value === sort })),
        items: page.ok ? page.data.items.map((i) => item(i, selected)) : [],
        nextHref: page.ok && page.data.next ? qs({ despues: page.data.next }) : undefined,
        firstHref: after ? qs({}) : undefined,
        officers: [{ value: '', text: 'Elija un gestor' }, ...list.map((x) => ({ value: x.officerId, text: x.name, selected: x.officerId === chosen }))],
        officersMissing: officers.ok && list.length === 0,
        values: { motivo: text(typed, 'motivo') },
      },
      status,
    );
  }
}
