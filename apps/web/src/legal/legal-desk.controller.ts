import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { PROCEDURE_NAMES } from '@tramites/contracts';
import { REASONS } from '@tramites/domain';
import type { Response } from 'express';
import { TramitesApi } from '../api/api-client';
import { renderOfficer, type SignedInOfficer } from '../officer/officer-auth';
import { Officer, OfficerPage } from '../officer/officer.guard';
import {
  keptForm,
  officerSessionOf,
  reauthenticateKeeping,
  REAUTHENTICATION_REQUIRED,
  requireRecentAuth,
  type OfficerRequest,
} from '../officer/officer-session';
import { flash, takeFlash } from '../officer/flash';
import { statusText, URGENCY, when } from '../officer/officer-format';
import { dayInWords } from '../shared/format';
import { FormErrors, text } from '../shared/forms';
import { sendFramedFile } from '../shared/framed-file';
import { PageError } from '../shared/page-error';

export const LEGAL_PATH = '/oficina/juridico';
/** The re-authentication an endorsement or a rejection needs: the password typed at the provider within these minutes. */
const REAUTH_MINUTES = 5;
const REJECTION_REASONS = ['PODER.SCOPE_INSUFFICIENT', 'PODER.EXPIRED', 'PODER.REVOKED', 'PODER.NOTARY_DATA_INVALID', 'PODER.PARTIES_MISMATCH'] as const;
const POSSIBLE_POWER = /^[^\s:/]{3,20}:[^\s:/]{3,20}:[^\s/]{1,160}$/;

export const poderPage = (poderId: string): string => `${LEGAL_PATH}/poderes/${encodeURIComponent(poderId)}`;
/** The case a poder came from, read-only for the legal unit (legal-case.controller.ts). */
export const legalCasePage = (caseId: string): string => `${LEGAL_PATH}/tramites/${encodeURIComponent(caseId)}`;

/**
 * The provincial legal unit's poder page: the case it came from, the deed's scan beside the
 * decision (after re-authentication), and the lawyer's claim on the review. The inbox and the
 * registry are in legal-lists.controller.ts. The API and the poder's workflow decide who may.
 */
@Controller('oficina/juridico')
@OfficerPage('legal_unit')
export class LegalDeskController {
  constructor(@Inject(TramitesApi) private readonly api: TramitesApi) {}

  @Get('poderes/:poderId')
  async poder(
    @Req() req: OfficerRequest,
    @Res() res: Response,
    @Officer() o: SignedInOfficer,
    @Param('poderId') poderId: string,
    @Query('confirmar') confirm?: string,
  ): Promise<void> {
    const kept = keptForm(req, poderPage(poderId), confirm);
    await this.renderPoder(req, res, o, poderId, kept ?? {}, [], 200, !!kept);
  }

  private async renderPoder(
    req: OfficerRequest,
    res: Response,
    o: SignedInOfficer,
    poderId: string,
    values: Record<string, unknown>,
    errors: Array<{ field: string; text: string }>,
    status = 200,
    reauthNotice = false,
  ): Promise<void> {
    if (!POSSIBLE_POWER.test(poderId)) throw new PageError(404, 'No existe ese poder', 'La dirección no corresponde a un poder.');
    const r = await this.api.poderReview(o.token, poderId);
    if (!r.ok) throw new PageError(r.status, r.status === 404 ? 'No existe ese poder' : 'No puede ver este poder', r.error.message);
    const p = r.data;
    const u = URGENCY[p.urgency];
    renderOfficer(
      req,
      res,
      'oficina/juridico/poder.njk',
      {
        title: `Poder de ${p.attorneyName}`,
        backLink: LEGAL_PATH,
        flash: takeFlash(req),
        p,
        statusText: p.status === 'pending' ? 'Pendiente de revisión' : p.status === 'endorsed' ? 'Sumillado' : 'Rechazado',
        caseStatusText: p.case.status ? statusText(p.case.status) : '—',
        procedureName: (p.case.procedure && (PROCEDURE_NAMES as Record<string, string>)[p.case.procedure]) || '—',
        grantor: p.employerName ? `${p.employerName} · ${p.employerId}` : `${p.employerId} (no consta en el registro de empleadores)`,
        notary: p.notary ?? 'No consta en la presentación del trámite',
        deedValidity: p.deedValidUntil ? `Hasta el ${dayInWords(p.deedValidUntil)}` : 'La escritura no indica vigencia',
        registryValidUntil: p.registry?.validUntil ? dayInWords(p.registry.validUntil) : '',
        caseLinkHtml: `<a class="govuk-link" href="${escapeHtml(legalCasePage(p.case.caseId))}">${escapeHtml(p.case.reference)}</a>`,
        requested: when(p.requestedAt),
        reminder: when(p.reminderAt),
        due: when(p.dueAt),
        escalated: when(p.escalatedAt),
        timeLeftHtml: p.status === 'pending' && u ? `<strong class="govuk-tag ${u.tagClass}">${u.word}</strong> ${escapeHtml(p.timeLeftLabel)}` : 'Decidido',
        action: poderPage(poderId),
        deed: p.deedScan
          ? {
              href: `${poderPage(poderId)}/escritura`,
              downloadHref: `${poderPage(poderId)}/escritura?descargar=1`,
              isPdf: p.deedScan.mimeType === 'application/pdf',
              name: p.deedScan.originalName,
              size: `${Math.max(1, Math.round(p.deedScan.size / 1024))} KB`,
              captured: when(p.deedScan.uploadedAt),
            }
          : undefined,
        claim: p.claim,
        claimedAt: p.claim ? when(p.claim.claimedAt) : '',
        mayClaim: p.status === 'pending' && !p.claim && p.separationOfDuties.mayDecide,
        values,
        errors,
        reauthNotice,
        reasons: REJECTION_REASONS.map((code) => ({ value: code, text: REASONS[code].text, checked: values['reasonCode'] === code })),
      },
      status,
    );
  }

  /** Takes the review (one lawyer at a time, ADR 0028) or lets it go; the answer comes back as the poder page's message. */
  @Post('poderes/:poderId/revision/:claimAction')
  async claim(
    @Req() req: OfficerRequest,
    @Res() res: Response,
    @Officer() o: SignedInOfficer,
    @Param('poderId') poderId: string,
    @Param('claimAction') claimAction: string,
  ): Promise<void> {
    if (claimAction !== 'toma' && claimAction !== 'liberacion')
      throw new PageError(404, 'No existe esa página', 'La dirección no corresponde a una acción sobre la revisión de un poder.');
    if (!POSSIBLE_POWER.test(poderId)) return res.redirect(303, LEGAL_PATH);
    const take = claimAction === 'toma';
    const r = take ? await this.api.claimPoderReview(o.token, poderId) : await this.api.releasePoderReview(o.token, poderId);
    const done = take
      ? { title: 'Revisión tomada', text: 'Mientras la tenga, solo usted puede sumillar o rechazar este poder.' }
      : { title: 'Revisión liberada', text: 'Otra persona de la unidad jurídica puede tomarla.' };
    flash(
      req,
      r.ok
        ? { kind: 'success', ...done }
        : { kind: 'error', title: take ? 'No se pudo tomar la revisión' : 'No se pudo liberar la revisión', text: r.error.message },
    );
    res.redirect(303, poderPage(poderId));
  }

  /** The deed's scan captured at the window, shown inline beside the decision (framed by this page only) or downloaded. */
  @Get('poderes/:poderId/escritura')
  async deedScan(@Res() res: Response, @Officer() o: SignedInOfficer, @Param('poderId') poderId: string, @Query('descargar') download?: string): Promise<void> {
    if (!POSSIBLE_POWER.test(poderId)) throw new PageError(404, 'No existe ese poder', 'La dirección no corresponde a un poder.');
    const review = await this.api.poderReview(o.token, poderId);
    if (!review.ok) throw new PageError(review.status, 'No se pudo abrir la escritura', review.error.message);
    const scan = review.data.deedScan;
    if (!scan) throw new PageError(404, 'No hay escaneo de la escritura', 'En ventanilla no se capturó el escaneo de esta escritura.');
    const r = await this.api.poderDeedScan(o.token, poderId);
    if (!r.ok) throw new PageError(r.status, 'No se pudo abrir la escritura', r.error.message);
    sendFramedFile(res, { bytes: r.data, mimeType: scan.mimeType, fileName: scan.originalName || 'escritura', download: !!download });
  }

  @Post('poderes/:poderId/:decision')
  async decide(
    @Req() req: OfficerRequest,
    @Res() res: Response,
    @Officer() o: SignedInOfficer,
    @Param('poderId') poderId: string,
    @Param('decision') decision: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    if (decision !== 'sumilla' && decision !== 'rechazo')
      throw new PageError(404, 'No existe esa página', 'La dirección no corresponde a una decisión sobre un poder.');
    if (!POSSIBLE_POWER.test(poderId)) return res.redirect(303, LEGAL_PATH);
    const values: Record<string, string> =
      decision === 'sumilla'
        ? { validUntil: text(body, 'validUntil'), note: text(body, 'note') }
        : { reasonCode: text(body, 'reasonCode'), rejectNote: text(body, 'note') };
    const errors = new FormErrors();
    if (decision === 'rechazo' && !(REJECTION_REASONS as readonly string[]).includes(values.reasonCode ?? ''))
      errors.add('reasonCode', 'Elija el motivo del rechazo');
    if (decision === 'sumilla' && values.validUntil && !/^\d{4}-\d{2}-\d{2}$/.test(values.validUntil))
      errors.add('validUntil', 'Escriba la vigencia como fecha AAAA-MM-DD');
    if (!errors.empty) return this.renderPoder(req, res, o, poderId, values, errors.list, 400);
    // An endorsement or a rejection needs the password typed a moment ago (the API checks it too).
    if (!requireRecentAuth(officerSessionOf(req), REAUTH_MINUTES)) return reauthenticateKeeping(req, res, poderPage(poderId), values);
    const r =
      decision === 'sumilla'
        ? await this.api.endorsePoder(o.token, poderId, {
            ...(values.validUntil ? { validUntil: values.validUntil } : {}),
            ...(values.note ? { note: values.note } : {}),
          })
        : await this.api.rejectPoder(o.token, poderId, {
            reasonCode: values.reasonCode as (typeof REJECTION_REASONS)[number],
            ...(values.rejectNote ? { note: values.rejectNote } : {}),
          });
    if (!r.ok && r.error.code === REAUTHENTICATION_REQUIRED) return reauthenticateKeeping(req, res, poderPage(poderId), values);
    if (!r.ok) {
      const field = decision === 'sumilla' ? 'validUntil' : 'reasonCode';
      const message =
        r.error.code === 'PODER.SAME_OFFICER'
          ? 'Usted revisó los documentos de este trámite en ventanilla: otra persona de la unidad jurídica debe sumillar o rechazar su poder.'
          : r.error.message;
      return this.renderPoder(req, res, o, poderId, values, [{ field, text: message }], r.status === 400 ? 400 : 422);
    }
    flash(req, {
      kind: 'success',
      title: decision === 'sumilla' ? 'Poder sumillado' : 'Poder rechazado',
      text: decision === 'sumilla' ? 'El trámite que lo presentó continúa a la emisión.' : 'El trámite que lo presentó se cierra como negado.',
    });
    res.redirect(303, poderPage(poderId));
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
