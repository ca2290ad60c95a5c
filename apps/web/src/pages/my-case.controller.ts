import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { caseReference, FINAL_STATUSES, PROCEDURE_NAMES, type CaseView } from '@tramites/contracts';
import { businessDaysBetween, toLocalDate } from '@tramites/domain';
import type { Response } from 'express';
import { TramitesApi } from '../api/api-client';
import type { SessionRequest, WebSession } from '../session/session';
import { actionsAllowed } from '../shared/case-actions';
import { clock, longDate, STATUS_TEXT } from '../shared/format';
import { text } from '../shared/forms';
import { errorPage } from '../shared/page-error';
import { render, sessionOf } from '../shared/render';

const WAITING_TEXT = { applicant: 'Usted', institution: 'El IESS', nobody: 'Nadie: el trámite terminó' } as const;

/** What a citizen may see of the case's course, from its live view (no internal actor, no officer's name). */
function timeline(view: CaseView): Array<{ when?: string; text: string }> {
  const items: Array<{ when?: string; text: string }> = [{ text: 'Trámite iniciado en línea' }];
  if (view.status !== 'awaiting_verification' && view.status !== 'verification_failed') items.push({ text: 'Correo verificado' });
  if (view.appointment)
    items.push({
      text: `Turno reservado en ${view.appointment.agencyName} para el ${longDate(view.appointment.startsAt)} a las ${clock(view.appointment.startsAt)}`,
    });
  if (view.checkedInAt) items.push({ when: view.checkedInAt, text: 'Atendido en la agencia' });
  if (view.checklist) {
    const outcome = {
      accepted: 'Documentos revisados: completos',
      observed: 'Documentos revisados: con observaciones',
      rejected: 'Documentos revisados: negado',
    }[view.checklist.outcome];
    items.push({ text: outcome });
  }
  if (view.poder) {
    const poder = {
      on_file: 'Poder notarial registrado',
      in_review: 'Poder notarial en revisión de Asesoría Jurídica',
      endorsed: 'Poder notarial sumillado por Asesoría Jurídica',
      rejected: 'Poder notarial no aceptado por Asesoría Jurídica',
    }[view.poder.status];
    items.push({ text: poder });
  }
  if (view.result)
    items.push({
      when: view.result.issuedAt,
      text: view.result.kind === 'FOREIGNER_CODE' ? 'Código de identificación emitido' : 'Certificado de no afiliación emitido',
    });
  if ((FINAL_STATUSES as readonly string[]).includes(view.status) && view.status !== 'issued')
    items.push({ text: `Trámite cerrado: ${STATUS_TEXT[view.status]}` });
  return items.map((i) => (i.when ? { ...i, when: `${longDate(i.when)}, ${clock(i.when)}` } : i));
}

/**
 * "Mi trámite", for the case this session opened: its status in words, the
 * course a citizen may see, the observations to correct and their deadline in business days,
 * the issued document, and a complaint (it feeds Transparencia).
 */
@Controller('tramite')
export class MyCaseController {
  constructor(private readonly api: TramitesApi) {}

  private session(req: SessionRequest): (WebSession & { caseId: string; caseToken: string }) | undefined {
    const s = sessionOf(req);
    return s.caseId && s.caseToken && (s.caseTokenExpiresAt ?? 0) > Date.now() ? (s as WebSession & { caseId: string; caseToken: string }) : undefined;
  }

  private noCase(): never {
    throw errorPage(404, {
      title: 'No hay un trámite abierto en esta sesión',
      message:
        'Su sesión terminó o aún no abrió un trámite. Ábralo con su número de trámite y su número de identificación: le enviaremos un código al correo del trámite.',
      restart: '/seguir',
    });
  }

  @Get()
  async page(@Req() req: SessionRequest, @Res() res: Response): Promise<void> {
    await this.show(req, res, [], '');
  }

  private async show(req: SessionRequest, res: Response, errors: Array<{ field: string; text: string }>, complaint: string, filed = false): Promise<void> {
    const s = this.session(req);
    if (!s) this.noCase();
    const r = await this.api.getCase(s.caseToken, s.caseId);
    if (!r.ok) throw errorPage(503, { title: 'No pudimos mostrar su trámite', message: r.error.message });
    const view = r.data;
    const observations = (view.checklist?.reasons ?? []).filter((x) => x.category === 'observation' || view.status === 'rejected').map((x) => x.message);
    const due = view.correctionDueAt ?? view.deadlineAt;
    const today = toLocalDate(Date.now());
    const dueDay = due ? toLocalDate(Date.parse(due)) : undefined;
    const daysLeft = dueDay && dueDay >= today ? businessDaysBetween(today, dueDay) : undefined;
    const dueText = due ? `${longDate(due)}, ${clock(due)}` : undefined;
    const summaryRows = [
      { key: { text: 'Estado' }, value: { text: STATUS_TEXT[view.status] } },
      { key: { text: 'Pendiente de' }, value: { text: WAITING_TEXT[view.waitingOn] } },
      ...(dueText
        ? [
            {
              key: { text: 'Plazo' },
              value: { text: daysLeft === undefined ? dueText : `${dueText} (${daysLeft} ${daysLeft === 1 ? 'día hábil' : 'días hábiles'})` },
            },
          ]
        : []),
    ];
    render(
      req,
      res,
      'tramite/index.njk',
      {
        title: `Su trámite ${caseReference(view.caseId)}`,
        reference: caseReference(view.caseId),
        procedureName: PROCEDURE_NAMES[view.procedure],
        status: STATUS_TEXT[view.status],
        waitingOn: WAITING_TEXT[view.waitingOn],
        waitingOnApplicant: view.waitingOn === 'applicant',
        due: dueText,
        summaryRows,
        observations: view.status === 'awaiting_correction' || view.status === 'rejected' ? observations : [],
        timeline: timeline(view),
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
    if (!s) this.noCase();
    const r = await this.api.issuedDocument(s.caseToken, s.caseId);
    if (!r.ok) throw errorPage(r.status === 404 ? 404 : 503, { title: 'El documento no está disponible', message: r.error.message, restart: '/tramite' });
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', 'attachment; filename="documento-iess.pdf"');
    res.send(Buffer.from(r.data));
  }

  @Post('queja')
  async complain(@Req() req: SessionRequest, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const s = this.session(req);
    if (!s) this.noCase();
    const description = text(body, 'description');
    if (description.length < 10)
      return this.show(req, res, [{ field: 'description', text: 'Describa su queja con los hechos (10 caracteres o más)' }], description);
    if (description.length > 2000) return this.show(req, res, [{ field: 'description', text: 'La queja puede tener hasta 2000 caracteres' }], description);
    const r = await this.api.fileComplaint(s.caseToken, s.caseId, description);
    if (!r.ok) return this.show(req, res, [{ field: 'description', text: r.error.message }], description);
    await this.show(req, res, [], '', true);
  }
}
