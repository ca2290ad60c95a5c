import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { isBusinessDay, nextBusinessDay, toLocalDate } from '@tramites/domain';
import type { Response } from 'express';
import { TramitesApi, type ApiResult, type CaseView } from '../api/api-client';
import { renderOfficer, type SignedInOfficer } from '../officer/officer-auth';
import { Officer, OfficerPage } from '../officer/officer.guard';
import type { OfficerRequest } from '../officer/officer-session';
import { CaseIdPipe } from '../shared/case-id.pipe';
import { text } from '../shared/forms';
import { PageError } from '../shared/page-error';
import { casePath } from './desk-paths';
import { flash } from '../officer/flash';
import { statusText, when } from '../officer/officer-format';

/** The one-click actions of the desk's case page (check-in, retry, a new turno, cancel): each through the API, its answer on the case page. */
@Controller('oficina/escritorio/tramites')
@OfficerPage('case_manager')
export class DeskCaseActionsController {
  constructor(@Inject(TramitesApi) private readonly api: TramitesApi) {}

  /** The answer (or the refusal, in words) of one action on the case page. */
  private async done(req: OfficerRequest, res: Response, caseId: string, r: ApiResult<CaseView>, done: string, failed: string): Promise<void> {
    flash(
      req,
      r.ok ? { kind: 'success', title: done, text: `Estado: ${statusText(r.data.status)}.` } : { kind: 'error', title: failed, text: r.error.message },
    );
    res.redirect(303, casePath(caseId));
  }

  @Post(':caseId/llegada')
  async checkIn(@Req() req: OfficerRequest, @Res() res: Response, @Officer() o: SignedInOfficer, @Param('caseId', CaseIdPipe) caseId: string): Promise<void> {
    await this.done(req, res, caseId, await this.api.checkIn(o.token, caseId), 'Llegada registrada', 'No se pudo registrar la llegada');
  }

  @Post(':caseId/reintento')
  async retry(@Req() req: OfficerRequest, @Res() res: Response, @Officer() o: SignedInOfficer, @Param('caseId', CaseIdPipe) caseId: string): Promise<void> {
    await this.done(req, res, caseId, await this.api.retry(o.token, caseId), 'Reintento pedido', 'No se pudo reintentar');
  }

  @Post(':caseId/cancelacion')
  async cancel(
    @Req() req: OfficerRequest,
    @Res() res: Response,
    @Officer() o: SignedInOfficer,
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const r = await this.api.cancel(o.token, caseId, text(body, 'motivo'));
    await this.done(req, res, caseId, r, 'Trámite cancelado', 'No se pudo cancelar el trámite');
  }

  @Post(':caseId/turno')
  async reschedule(
    @Req() req: OfficerRequest,
    @Res() res: Response,
    @Officer() o: SignedInOfficer,
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const r = await this.api.reschedule(o.token, caseId, text(body, 'slotId'));
    await this.done(req, res, caseId, r, 'Turno cambiado', 'No se pudo cambiar el turno');
  }

  @Get(':caseId/turno')
  async reschedulePage(
    @Req() req: OfficerRequest,
    @Res() res: Response,
    @Officer() o: SignedInOfficer,
    @Param('caseId', CaseIdPipe) caseId: string,
  ): Promise<void> {
    const view = await this.api.getCase(o.token, caseId);
    if (!view.ok) throw new PageError(view.status, 'No se pudo abrir el trámite', view.error.message);
    const agencyId = view.data.appointment?.agencyId ?? o.agencyId ?? '';
    renderOfficer(req, res, 'oficina/escritorio/turno.njk', {
      title: 'Cambiar el turno',
      backLink: casePath(caseId),
      c: view.data,
      current: view.data.appointment ? when(view.data.appointment.startsAt) : '',
      slots: await this.slots(agencyId),
      action: `${casePath(caseId)}/turno`,
    });
  }

  /** The free slots of the agency in the next business days (the public availability route, a few calls). */
  private async slots(agencyId: string): Promise<Array<{ value: string; text: string }>> {
    const out: Array<{ value: string; text: string }> = [];
    let day = toLocalDate(Date.now());
    for (let i = 0; i < 5 && out.length < 30; i += 1, day = nextBusinessDay(day)) {
      if (!isBusinessDay(day)) continue;
      const r = await this.api.availability(agencyId, day);
      if (r.ok) for (const s of r.data.items) if (s.available > 0 && Date.parse(s.startsAt) > Date.now()) out.push({ value: s.slotId, text: when(s.startsAt) });
    }
    return out;
  }
}
