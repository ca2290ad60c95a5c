import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { TramitesApi, type ApiResult, type QueueId, type QueueQuery } from '../api/api-client';
import type { QueueItem } from '../api/answers';
import { renderOfficer, type SignedInOfficer } from '../officer/officer-auth';
import { Officer, OfficerPage } from '../officer/officer.guard';
import type { OfficerRequest } from '../officer/officer-session';
import { CaseIdPipe } from '../shared/case-id.pipe';
import { FormErrors, text } from '../shared/forms';
import { back, casePath, DESK_PATH } from './desk-paths';
import { flash, takeFlash } from '../officer/flash';
import { hour, PROCEDURE_SHORT, QUEUES, statusText, URGENCY, when } from '../officer/officer-format';

const ASSIGNMENT = {
  asignacion: { done: 'Trámite asignado', text: 'El trámite quedó asignado a usted.', failed: 'No se pudo asignar el trámite' },
  liberacion: { done: 'Trámite liberado', text: 'El trámite ya no está asignado a usted.', failed: 'No se pudo liberar el trámite' },
} as const;
const FILTER_FIELDS: Record<string, string> = { procedure: 'tramite', status: 'estado', date: 'fecha', q: 'buscar', after: 'buscar', sort: 'orden' };
/** The orders a queue can be read in (the API's `sort`), in words. */
export const SORTS: Record<string, { text: string; caption: string; column: string }> = {
  deadline: { text: 'Por plazo', caption: 'por plazo', column: 'Plazo' },
  appointment: { text: 'Por hora del turno', caption: 'por hora del turno', column: 'Hora' },
  waiting: { text: 'Por tiempo de espera (lo que más espera primero)', caption: 'por tiempo de espera', column: 'Esperando desde' },
};
const FILTER_STATUSES = [
  'scheduled',
  'checked_in',
  'awaiting_correction',
  'legal_review',
  'issuing',
  'stuck',
  'possible_duplicate',
  'awaiting_booking',
  'awaiting_verification',
];

const item = (i: QueueItem) => ({
  ...i,
  procedureText: PROCEDURE_SHORT[i.procedure] ?? i.procedure,
  statusText: statusText(i.status, i.procedure),
  hour: hour(i.appointmentAt),
  deadline: when(i.deadlineAt),
  waitingSince: when(i.updatedAt),
  urgency: i.timeLeft ? URGENCY[i.timeLeft.urgency] : undefined,
});

/** The case manager's work queues of the agency (with search and filters), and taking or releasing a case from them. */
@Controller('oficina/escritorio')
@OfficerPage('case_manager')
export class DeskQueuesController {
  constructor(@Inject(TramitesApi) private readonly api: TramitesApi) {}

  @Get()
  async queue(@Req() req: OfficerRequest, @Res() res: Response, @Officer() o: SignedInOfficer, @Query() q: Record<string, unknown>): Promise<void> {
    const cola = typeof q['cola'] === 'string' && QUEUES.some((x) => x.id === q['cola']) ? (q['cola'] as string) : 'appointments';
    const filters = { tramite: text(q, 'tramite'), estado: text(q, 'estado'), fecha: text(q, 'fecha'), buscar: text(q, 'buscar'), orden: text(q, 'orden') };
    const sort = filters.orden || (cola === 'appointments' ? 'appointment' : 'deadline');
    const after = text(q, 'despues');
    const search = (filters.buscar ? 'open' : cola) as QueueId;
    // The filters as typed: the API judges them and names the field it refuses.
    const query = {
      procedure: filters.tramite || undefined,
      status: filters.estado || undefined,
      date: filters.fecha || undefined,
      q: filters.buscar || undefined,
      after: after || undefined,
      sort: filters.orden || undefined,
    } as QueueQuery;
    const [counts, page] = await Promise.all([
      this.api.queueCounts(o.token, cola === 'appointments' && filters.fecha ? filters.fecha : undefined),
      this.api.queue(o.token, search, query),
    ]);
    const errors = new FormErrors();
    if (!page.ok)
      for (const f of page.error.fields ?? [{ field: 'buscar', message: page.error.message }]) errors.add(FILTER_FIELDS[f.field] ?? 'buscar', f.message);
    const countOf = (id: string): string => {
      if (!counts.ok || id === 'open') return '';
      const c = (counts.data as unknown as Record<string, { count: number; more: boolean } | undefined>)[id];
      return c ? (c.more ? `más de ${c.count}` : String(c.count)) : '';
    };
    const qs = (extra: Record<string, string>): string => {
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries({ cola, ...filters, ...extra })) if (v) p.set(k, v);
      return `${DESK_PATH}?${p.toString()}`;
    };
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
      statuses: FILTER_STATUSES.map((value) => ({ value, text: statusText(value), selected: value === filters.estado })),
      sorts: Object.entries(SORTS).map(([value, s]) => ({ value, text: s.text, selected: value === sort })),
      sortCaption: SORTS[sort]?.caption ?? 'por plazo',
      sortKey: sort,
      here: req.originalUrl,
    });
  }

  @Post('tramites/:caseId/asignacion')
  async claim(
    @Req() req: OfficerRequest,
    @Res() res: Response,
    @Officer() o: SignedInOfficer,
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    await this.assignment(req, res, caseId, body, 'asignacion', await this.api.claim(o.token, caseId));
  }

  @Post('tramites/:caseId/liberacion')
  async release(
    @Req() req: OfficerRequest,
    @Res() res: Response,
    @Officer() o: SignedInOfficer,
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    await this.assignment(req, res, caseId, body, 'liberacion', await this.api.release(o.token, caseId));
  }

  /** The answer of taking or releasing a case, in words; back to the page the form came from. */
  private async assignment(
    req: OfficerRequest,
    res: Response,
    caseId: string,
    body: Record<string, unknown>,
    change: keyof typeof ASSIGNMENT,
    r: ApiResult<unknown>,
  ): Promise<void> {
    const words = ASSIGNMENT[change];
    flash(req, r.ok ? { kind: 'success', title: words.done, text: words.text } : { kind: 'error', title: words.failed, text: r.error.message });
    res.redirect(303, back(body['volver'], casePath(caseId)));
  }
}
