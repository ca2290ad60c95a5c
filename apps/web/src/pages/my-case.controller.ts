import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { caseReference } from '@tramites/contracts';
import type { Response } from 'express';
import { TramitesApi } from '../api/api-client';
import { localeOf, tr } from '../i18n';
import type { SessionRequest, WebSession } from '../session/session';
import { apiErrorText } from '../shared/api-error-text';
import { actionsAllowed } from '../shared/case-actions';
import { text } from '../shared/forms';
import { errorPage } from '../shared/page-error';
import { render, sessionOf } from '../shared/render';
import { caseProgressPage } from './case-progress';

/**
 * "Mi trámite", for the case this session opened: its status, who holds it and the next step
 * in words, the predicted answer (GET /cases/:id/progress), the observations to correct, the
 * issued document, the steps so far in local time, and a complaint (it feeds Transparencia).
 */
@Controller('tramite')
export class MyCaseController {
  constructor(private readonly api: TramitesApi) {}

  private session(req: SessionRequest): (WebSession & { caseId: string; caseToken: string }) | undefined {
    const s = sessionOf(req);
    return s.caseId && s.caseToken && (s.caseTokenExpiresAt ?? 0) > Date.now() ? (s as WebSession & { caseId: string; caseToken: string }) : undefined;
  }

  private noCase(req: SessionRequest): never {
    const t = tr(req);
    throw errorPage(404, { title: t('follow:case.noCase.title'), message: t('follow:case.noCase.message'), restart: '/seguir' });
  }

  @Get()
  async page(@Req() req: SessionRequest, @Res() res: Response): Promise<void> {
    await this.show(req, res, [], '');
  }

  private async show(req: SessionRequest, res: Response, errors: Array<{ field: string; text: string }>, complaint: string, filed = false): Promise<void> {
    const s = this.session(req);
    if (!s) this.noCase(req);
    const t = tr(req);
    const [r, progress] = await Promise.all([this.api.getCase(s.caseToken, s.caseId), this.api.caseProgress(s.caseToken, s.caseId)]);
    if (!r.ok) throw errorPage(503, { title: t('follow:case.unavailable'), message: apiErrorText(req, r.error) });
    const view = r.data;
    // The course and the prediction are the page's extras: without them it still shows the case.
    const course = caseProgressPage(view, progress.ok ? progress.data : undefined, t, localeOf(req));
    const observations = (view.checklist?.reasons ?? []).filter((x) => x.category === 'observation' || view.status === 'rejected').map((x) => x.message);
    const correctionDue =
      view.status === 'awaiting_correction' && view.correctionDueAt ? course.rows.find((row) => row.key.text === t('follow:case.yourDeadline')) : undefined;
    render(
      req,
      res,
      'tramite/index.njk',
      {
        title: t('follow:case.title', { reference: caseReference(view.caseId) }),
        // One name per procedure, the booking's (the sheets').
        procedureName: t(`booking:procedures.${view.procedure}.name`),
        summaryRows: course.rows,
        predictionHow: course.predictionHow,
        correctionDue: correctionDue?.value.text,
        observations: view.status === 'awaiting_correction' || view.status === 'rejected' ? observations : [],
        timeline: course.timeline,
        issued: view.result ? { verificationNumber: view.result.verificationNumber, code: view.result.code } : undefined,
        // The turno can still be changed or cancelled (on its confirmation page): as the API lists it.
        appointment: Boolean(view.appointment) && actionsAllowed(view).reschedule,
        errors,
        complaint,
        filed,
      },
      errors.length ? 400 : 200,
    );
  }

  @Get('documento.pdf')
  async document(@Req() req: SessionRequest, @Res() res: Response): Promise<void> {
    const s = this.session(req);
    if (!s) this.noCase(req);
    const r = await this.api.issuedDocument(s.caseToken, s.caseId);
    if (!r.ok)
      throw errorPage(r.status === 404 ? 404 : 503, { title: tr(req)('follow:case.noDocument'), message: apiErrorText(req, r.error), restart: '/tramite' });
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', 'attachment; filename="documento-iess.pdf"');
    res.send(Buffer.from(r.data));
  }

  @Post('queja')
  async complain(@Req() req: SessionRequest, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const s = this.session(req);
    if (!s) this.noCase(req);
    const t = tr(req);
    const description = text(body, 'description');
    if (description.length < 10) return this.show(req, res, [{ field: 'description', text: t('follow:case.complaint.tooShort') }], description);
    if (description.length > 2000) return this.show(req, res, [{ field: 'description', text: t('follow:case.complaint.tooLong') }], description);
    const r = await this.api.fileComplaint(s.caseToken, s.caseId, description);
    if (!r.ok) return this.show(req, res, [{ field: 'description', text: apiErrorText(req, r.error) }], description);
    await this.show(req, res, [], '', true);
  }
}
