import { Body, Controller, Get, Header, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { TramitesApi } from '../api/api-client';
import type * as A from '../api/answers';
import { flash, takeFlash } from '../officer/flash';
import { renderOfficer, type SignedInOfficer } from '../officer/officer-auth';
import { Officer, OfficerPage } from '../officer/officer.guard';
import { officerSessionOf, type OfficerRequest, type OfficerSession } from '../officer/officer-session';
import { CaseIdPipe } from '../shared/case-id.pipe';
import { clock } from '../shared/format';
import { text } from '../shared/forms';
import { PageError } from '../shared/page-error';
import type { SessionRequest } from '../session/session';
import { render } from '../shared/render';

const CALLING_PATH = '/oficina/escritorio/llamados';
const WINDOW = /^[0-9A-Za-z]{1,4}$/;

/** 001, grupos vulnerables, in words. */
const VULNERABLE: Record<string, string> = {
  elderly: 'Persona adulta mayor',
  disabled: 'Persona con discapacidad',
  pregnant: 'Mujer embarazada',
};

/** The window the officer calls to, kept in the officer's session (one counter per sign-in). */
type WindowSession = OfficerSession & { deskWindow?: string };
const windowOf = (req: OfficerRequest): string => (officerSessionOf(req) as WindowSession).deskWindow ?? '';

const turnoRow = (t: A.WaitingTurno) => ({
  ...t,
  arrived: clock(t.arrivedAt),
  called: t.calledAt ? clock(t.calledAt) : '',
  priority: t.vulnerableGroup ? VULNERABLE[t.vulnerableGroup] : '',
  caseHref: `/oficina/escritorio/tramites/${t.caseId}`,
  callAction: `${CALLING_PATH}/${t.caseId}/llamar`,
  noShowAction: `${CALLING_PATH}/${t.caseId}/ausente`,
});

/**
 * The desk's day at the counter (ADR 0028): the arrival by the confirmation (its QR read by the
 * device's camera where the browser can, or the reference typed), the waiting list in the order of
 * the call (vulnerable groups first), the calls to the officer's window, recalls and no-shows.
 */
@Controller('oficina/escritorio/llamados')
@OfficerPage('case_manager')
export class DeskCallingController {
  constructor(@Inject(TramitesApi) private readonly api: TramitesApi) {}

  private async page(
    req: OfficerRequest,
    res: Response,
    o: SignedInOfficer,
    values: Record<string, string>,
    errors: Array<{ field: string; text: string }>,
    status = 200,
  ): Promise<void> {
    const r = await this.api.callingBoard(o.token);
    if (!r.ok) throw new PageError(r.status, 'No se pudo abrir la sala de espera', r.error.message);
    // The camera reads the confirmation's QR on this page only.
    res.setHeader('Permissions-Policy', 'camera=(self), microphone=(), geolocation=()');
    renderOfficer(
      req,
      res,
      'oficina/escritorio/llamados.njk',
      {
        title: 'Llegadas y llamados',
        flash: takeFlash(req),
        values: { ventanilla: windowOf(req), ...values },
        errors,
        waiting: r.data.waiting.map(turnoRow),
        called: r.data.called.map(turnoRow),
        noShows: r.data.noShows.map(turnoRow),
        screenHref: `/sala/${encodeURIComponent(r.data.agencyId)}`,
      },
      status,
    );
  }

  @Get()
  async board(@Req() req: OfficerRequest, @Res() res: Response, @Officer() o: SignedInOfficer): Promise<void> {
    await this.page(req, res, o, {}, []);
  }

  /** The arrival: the QR's text (filled in by the camera's reader) or the reference typed from the confirmation. */
  @Post('llegada')
  async arrival(@Req() req: OfficerRequest, @Res() res: Response, @Officer() o: SignedInOfficer, @Body() body: Record<string, unknown>): Promise<void> {
    // The camera's reader fills `qr`; a hand-held scanner (a keyboard to the computer) types the QR's text into the reference's field.
    const typed = text(body, 'referencia');
    const typedPass = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(typed) ? typed : '';
    const pass = text(body, 'qr') || typedPass;
    const reference = typedPass ? '' : typed;
    const refused = (message: string, status = 400): Promise<void> =>
      this.page(req, res, o, { referencia: typed }, [{ field: 'referencia', text: message }], status);
    if (!pass && !reference) return refused('Escanee el código QR de la confirmación o escriba el número de trámite (T- y 10 caracteres)');
    if (!pass && !/^\s*[Tt]-?[0-9A-Fa-f]{10}\s*$/.test(reference))
      return refused('El número de trámite es T- y 10 caracteres (números y letras de la A a la F), como figura en la confirmación');
    const r = await this.api.recordArrival(o.token, pass ? { pass } : { reference });
    if (!r.ok) return refused(r.error.message, r.status === 400 ? 400 : 422);
    flash(req, {
      kind: 'success',
      title: r.data.alreadyArrived ? 'La llegada ya estaba registrada' : 'Llegada registrada',
      text: `Trámite ${r.data.reference}, de ${r.data.holderName}: compare el nombre con su documento de identidad. Queda en espera de su llamado.`,
    });
    res.redirect(303, CALLING_PATH);
  }

  private keepWindow(req: OfficerRequest, body: Record<string, unknown>): string | undefined {
    const w = text(body, 'ventanilla').toUpperCase();
    if (!WINDOW.test(w)) return undefined;
    (officerSessionOf(req) as WindowSession).deskWindow = w;
    return w;
  }

  private static readonly WINDOW_ERROR = 'Escriba el número de su ventanilla (1 a 4 letras o dígitos), para que la pantalla diga a dónde acudir';

  @Post('siguiente')
  async next(@Req() req: OfficerRequest, @Res() res: Response, @Officer() o: SignedInOfficer, @Body() body: Record<string, unknown>): Promise<void> {
    const w = this.keepWindow(req, body);
    if (!w) return this.page(req, res, o, { ventanilla: text(body, 'ventanilla') }, [{ field: 'ventanilla', text: DeskCallingController.WINDOW_ERROR }], 400);
    const r = await this.api.callNext(o.token, w);
    flash(
      req,
      r.ok
        ? { kind: 'success', title: `Turno ${r.data.turno} llamado a la ventanilla ${w}`, text: 'La pantalla de la sala de espera ya lo muestra.' }
        : { kind: 'error', title: 'Nadie a quien llamar', text: r.error.message },
    );
    res.redirect(303, CALLING_PATH);
  }

  @Post(':caseId/llamar')
  async call(
    @Req() req: OfficerRequest,
    @Res() res: Response,
    @Officer() o: SignedInOfficer,
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const w = this.keepWindow(req, body) ?? (windowOf(req) || undefined);
    if (!w) return this.page(req, res, o, { ventanilla: text(body, 'ventanilla') }, [{ field: 'ventanilla', text: DeskCallingController.WINDOW_ERROR }], 400);
    const r = await this.api.callTurno(o.token, caseId, w);
    flash(
      req,
      r.ok
        ? {
            kind: 'success',
            title: r.data.callCount > 1 ? `Turno ${r.data.turno} llamado otra vez a la ventanilla ${w}` : `Turno ${r.data.turno} llamado a la ventanilla ${w}`,
            text: 'La pantalla de la sala de espera ya lo muestra.',
          }
        : { kind: 'error', title: 'No se pudo llamar el turno', text: r.error.message },
    );
    res.redirect(303, text(body, 'volver') === 'tramite' ? `/oficina/escritorio/tramites/${caseId}` : CALLING_PATH);
  }

  @Post(':caseId/ausente')
  async noShow(
    @Req() req: OfficerRequest,
    @Res() res: Response,
    @Officer() o: SignedInOfficer,
    @Param('caseId', CaseIdPipe) caseId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const r = await this.api.markNoShow(o.token, caseId);
    flash(
      req,
      r.ok
        ? {
            kind: 'success',
            title: `Turno ${r.data.turno}: no se presentó`,
            text: 'Sale de la pantalla y de la espera; si vuelve, llámelo otra vez desde «No se presentaron».',
          }
        : { kind: 'error', title: 'No se pudo registrar la ausencia', text: r.error.message },
    );
    res.redirect(303, text(body, 'volver') === 'tramite' ? `/oficina/escritorio/tramites/${caseId}` : CALLING_PATH);
  }
}

/**
 * The waiting room's screen of an agency (ADR 0028): public within the agency, turno numbers and
 * windows only, large type and high contrast, read from across the room; a short poll updates it
 * without reloading (sala.js), and without script the page refreshes itself.
 */
@Controller('sala')
export class CallingScreenController {
  constructor(@Inject(TramitesApi) private readonly api: TramitesApi) {}

  private async screen(agencyId: string): Promise<A.CallingScreen> {
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(agencyId)) throw new PageError(404, 'No existe esa agencia', 'La dirección no corresponde a una agencia.');
    const r = await this.api.callingScreen(agencyId);
    if (!r.ok) throw new PageError(r.status, r.status === 404 ? 'No existe esa agencia' : 'La pantalla no está disponible', r.error.message);
    return r.data;
  }

  @Get(':agencyId')
  async page(@Req() req: SessionRequest, @Res() res: Response, @Param('agencyId') agencyId: string): Promise<void> {
    const s = await this.screen(agencyId);
    const [latest, ...previous] = s.calls;
    render(req, res, 'sala/pantalla.njk', {
      title: `Turnos llamados · ${s.agencyName}`,
      agencyName: s.agencyName,
      pollHref: `/sala/${encodeURIComponent(agencyId)}/llamados.json`,
      latest,
      previous: previous.map((c) => ({ ...c, at: clock(c.calledAt) })),
    });
  }

  @Get(':agencyId/llamados.json')
  @Header('Cache-Control', 'no-store')
  async calls(
    @Param('agencyId') agencyId: string,
  ): Promise<{ calls: Array<{ turno: string; windowNumber: string; calledAt: string; callCount: number; at: string }> }> {
    const s = await this.screen(agencyId);
    return { calls: s.calls.map((c) => ({ ...c, at: clock(c.calledAt) })) };
  }
}
