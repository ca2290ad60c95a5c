import { Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { caseReference } from '@tramites/contracts';
import type { Response } from 'express';
import { TramitesApi } from '../api/api-client';
import { renderOfficer, type SignedInOfficer } from '../officer/officer-auth';
import { Officer, OfficerPage } from '../officer/officer.guard';
import type { OfficerRequest } from '../officer/officer-session';
import { CaseIdPipe } from '../shared/case-id.pipe';
import { PageError } from '../shared/page-error';
import { actorLabel } from '../officer/officer-format';
import { fieldsOf } from '../officer/event-fields';
import { AUDIT_PATH, instant, q, statusText, when } from './audit-format';

/** The case id of an auditor's address: the 404 page points back to the search. */
const AuditedCaseId = CaseIdPipe.pointingTo(AUDIT_PATH, 'El número de trámite no es válido.');

/**
 * One case for the auditor, read-only: its timeline with every event's actor, role and data, its
 * state as of a date, the hash-chain check, the replay against the current code and the export of
 * its history. Every read goes through the API's audit routes, which log it under the auditor's id.
 */
@Controller('oficina/auditoria/tramites')
@OfficerPage('auditor', 'admin')
export class AuditCaseController {
  constructor(@Inject(TramitesApi) private readonly api: TramitesApi) {}

  @Get(':caseId')
  async caseView(
    @Req() req: OfficerRequest,
    @Res() res: Response,
    @Officer() o: SignedInOfficer,
    @Param('caseId', AuditedCaseId) caseId: string,
    @Query('dia') day?: string,
    @Query('hora') time?: string,
  ): Promise<void> {
    const [timeline, chain] = await Promise.all([this.api.auditTimeline(o.token, caseId), this.api.auditChain(o.token, caseId)]);
    if (!timeline.ok)
      throw new PageError(
        timeline.status === 404 ? 404 : 503,
        timeline.status === 404 ? 'No existe ese trámite' : 'No se pudo leer el trámite',
        timeline.error.message,
        AUDIT_PATH,
      );
    // An officer named inside an event's data (who decided, who set) by the name the timeline gives them.
    const names = new Map(timeline.data.events.flatMap((e) => (e.actor.name ? [[e.actor.id, e.actor.name] as const] : [])));
    const nameOf = (id: string): string | undefined => names.get(id);
    const errors: Array<{ field: string; text: string }> = [];
    let asOf: { when: string; status: string; events: number } | undefined;
    if (day !== undefined) {
      const at = instant(q(day), q(time));
      if (!at) errors.push({ field: 'dia', text: 'Escriba la fecha como AAAA-MM-DD' });
      else {
        const r = await this.api.auditStateAsOf(o.token, caseId, at);
        if (r.ok) asOf = { when: when(at), status: statusText(r.data.status), events: r.data.events.length };
        else errors.push({ field: 'dia', text: r.error.message });
      }
    }
    renderOfficer(
      req,
      res,
      'oficina/auditoria/tramite.njk',
      {
        title: `Trámite ${caseReference(caseId)}`,
        caseId,
        reference: caseReference(caseId),
        backLink: AUDIT_PATH,
        events: timeline.data.events.map((e) => ({ ...e, when: when(e.at), who: actorLabel(e.actor), fields: fieldsOf(e.data, nameOf) })),
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

  @Post(':caseId/reproduccion')
  async replay(@Req() req: OfficerRequest, @Res() res: Response, @Officer() o: SignedInOfficer, @Param('caseId', AuditedCaseId) caseId: string): Promise<void> {
    const r = await this.api.auditReplay(o.token, caseId);
    if (!r.ok) throw new PageError(r.status === 404 ? 404 : 503, 'No se pudo reproducir el historial', r.error.message, `${AUDIT_PATH}/tramites/${caseId}`);
    renderOfficer(req, res, 'oficina/auditoria/reproduccion.njk', {
      title: 'Reproducción del historial',
      caseId,
      report: { ...r.data, statusText: statusText(r.data.status) },
      backLink: `${AUDIT_PATH}/tramites/${caseId}`,
    });
  }

  @Get(':caseId/historial.json')
  async exportHistory(@Res() res: Response, @Officer() o: SignedInOfficer, @Param('caseId', AuditedCaseId) caseId: string): Promise<void> {
    const r = await this.api.auditHistory(o.token, caseId);
    if (!r.ok) throw new PageError(r.status === 404 ? 404 : 503, 'No se pudo exportar el historial', r.error.message, `${AUDIT_PATH}/tramites/${caseId}`);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="case-${caseId}-history.json"`);
    res.send(r.data);
  }
}
