import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { TramitesApi } from '../api/api-client';
import { flash, takeFlash } from '../officer/flash';
import { renderOfficer, type SignedInOfficer } from '../officer/officer-auth';
import { when } from '../officer/officer-format';
import { Officer, OfficerPage } from '../officer/officer.guard';
import {
  keptForm,
  officerSessionOf,
  reauthenticateKeeping,
  REAUTHENTICATION_REQUIRED,
  requireRecentAuth,
  type OfficerRequest,
} from '../officer/officer-session';
import { dayInWords } from '../shared/format';
import { FormErrors, text, type FieldError } from '../shared/forms';
import { PageError } from '../shared/page-error';

export const UNLOCK_PATH = '/oficina/clave-afiliado';
/** 003, Requisitos: the cédula (10 digits) or the foreigner code (12 digits, starting with 9: ADR 0002). */
const IDENTITY = /^(\d{10}|9\d{11})$/;
/** The API's rule for the reason (apps/api/src/credentials/credentials.dto.ts, UnlockDto). */
const REASON_MIN = 4;
const REASON_MAX = 500;
/** An unlock is a step-up decision (ADR 0021): the password typed at the provider within these minutes. */
const REAUTH_MINUTES = 5;

/**
 * The agency's unlock of an affiliate's portal password (sheet 003, VIRTUAL 8: five wrong
 * attempts lock it; the applicant's page sends the person to an agency). The officer looks the
 * credential up by the number the person shows (cédula or foreigner code), checks the person
 * against the registry's name and birth date, and unlocks with a reason; the person's locked
 * cases continue. The identity number travels in the form's body, never in the page's address.
 * The API logs the read and the unlock on the person's cases. The unlock asks for a fresh sign-in
 * first; the number and the typed reason wait in the officer's session meanwhile, not in the address.
 */
@Controller('oficina/clave-afiliado')
@OfficerPage('case_manager')
export class CredentialUnlockController {
  constructor(@Inject(TramitesApi) private readonly api: TramitesApi) {}

  @Get()
  async search(@Req() req: OfficerRequest, @Res() res: Response, @Officer() o: SignedInOfficer, @Query('confirmar') confirm?: string): Promise<void> {
    const kept = keptForm(req, UNLOCK_PATH, confirm);
    if (kept?.['identityNumber'] && IDENTITY.test(kept['identityNumber']))
      return this.renderStatus(req, res, o, kept['identityNumber'], { reason: kept['reason'] ?? '' }, [], 200, true);
    renderOfficer(req, res, 'oficina/clave-afiliado/buscar.njk', {
      title: 'Desbloquear la clave de un afiliado',
      flash: takeFlash(req),
      values: {},
      errors: [],
    });
  }

  @Post()
  async find(@Req() req: OfficerRequest, @Res() res: Response, @Officer() o: SignedInOfficer, @Body() body: Record<string, unknown>): Promise<void> {
    const identityNumber = text(body, 'identityNumber').replace(/\s+/g, '');
    const errors = new FormErrors();
    if (!identityNumber) errors.add('identityNumber', 'Escriba el número de cédula o el código de extranjero del afiliado');
    else if (!IDENTITY.test(identityNumber))
      errors.add('identityNumber', 'El número debe ser una cédula (10 dígitos) o un código de extranjero (12 dígitos que empiezan con 9)');
    if (!errors.empty) return this.renderSearch(req, res, identityNumber, errors.list, 400);
    await this.renderStatus(req, res, o, identityNumber, {}, []);
  }

  private renderSearch(req: OfficerRequest, res: Response, identityNumber: string, errors: FieldError[], status: number): void {
    renderOfficer(req, res, 'oficina/clave-afiliado/buscar.njk', { title: 'Desbloquear la clave de un afiliado', values: { identityNumber }, errors }, status);
  }

  private async renderStatus(
    req: OfficerRequest,
    res: Response,
    o: SignedInOfficer,
    identityNumber: string,
    values: Record<string, string>,
    errors: FieldError[],
    status = 200,
    reauthNotice = false,
  ): Promise<void> {
    const r = await this.api.affiliateCredential(o.token, identityNumber);
    if (!r.ok && r.status === 404) {
      const message =
        r.error.code === 'CREDENTIAL.NOT_FOUND'
          ? 'Ese número no tiene una clave del portal: no hay nada que desbloquear. La persona puede generarla en línea.'
          : r.error.message;
      return this.renderSearch(req, res, identityNumber, [{ field: 'identityNumber', text: message }], 404);
    }
    if (!r.ok) throw new PageError(r.status === 403 ? 403 : 503, 'No se pudo consultar la clave', r.error.message);
    const c = r.data;
    renderOfficer(
      req,
      res,
      'oficina/clave-afiliado/estado.njk',
      {
        title: c.fullName ? `Clave de ${c.fullName}` : 'Clave del afiliado',
        backLink: UNLOCK_PATH,
        identityNumber,
        rows: [
          ['Nombres según el registro', c.fullName ?? 'No consta en el registro de afiliados'],
          ['Cédula o código de extranjero', identityNumber],
          ['Fecha de nacimiento según el registro', c.birthDate ? dayInWords(c.birthDate) : 'No consta'],
          [
            'Estado de la clave',
            c.locked
              ? `Bloqueada desde el ${when(c.lockedAt)}, tras ${c.failedAttempts} intentos fallidos`
              : `No está bloqueada (${c.failedAttempts} intentos fallidos)`,
          ],
          ['Última clave registrada', c.passwordSetAt ? when(c.passwordSetAt) : 'Nunca'],
          ['Trámites en línea que esperan el desbloqueo', String(c.lockedCases.length)],
        ].map(([key, value]) => ({ key: { text: key }, value: { text: value } })),
        locked: c.locked,
        reauthNotice,
        values,
        errors,
      },
      status,
    );
  }

  @Post('desbloqueo')
  async unlock(@Req() req: OfficerRequest, @Res() res: Response, @Officer() o: SignedInOfficer, @Body() body: Record<string, unknown>): Promise<void> {
    const identityNumber = text(body, 'identityNumber');
    if (!IDENTITY.test(identityNumber))
      return this.renderSearch(req, res, identityNumber, [{ field: 'identityNumber', text: 'Busque otra vez al afiliado' }], 400);
    const reason = text(body, 'reason');
    const errors = new FormErrors();
    if (reason.length < REASON_MIN) errors.add('reason', `Explique el desbloqueo en al menos ${REASON_MIN} caracteres: qué documento mostró la persona`);
    else if (reason.length > REASON_MAX) errors.add('reason', `El motivo tiene ${reason.length} caracteres; el máximo es ${REASON_MAX}`);
    if (!errors.empty) return this.renderStatus(req, res, o, identityNumber, { reason }, errors.list, 400);
    if (!requireRecentAuth(officerSessionOf(req), REAUTH_MINUTES)) return reauthenticateKeeping(req, res, UNLOCK_PATH, { identityNumber, reason });
    const r = await this.api.unlockAffiliateCredential(o.token, identityNumber, reason);
    if (!r.ok && r.error.code === REAUTHENTICATION_REQUIRED) return reauthenticateKeeping(req, res, UNLOCK_PATH, { identityNumber, reason });
    if (!r.ok) return this.renderStatus(req, res, o, identityNumber, { reason }, [{ field: 'reason', text: r.error.message }], r.status < 500 ? r.status : 503);
    const resumed = r.data.resumedCases.length;
    flash(req, {
      kind: 'success',
      title: 'Clave desbloqueada',
      text:
        resumed > 0
          ? `La persona puede volver a responder las preguntas: ${resumed === 1 ? 'su trámite en línea continúa' : `sus ${resumed} trámites en línea continúan`}.`
          : 'La persona puede iniciar otra vez «Generar / Recuperar clave» en línea.',
    });
    res.redirect(303, UNLOCK_PATH);
  }
}
