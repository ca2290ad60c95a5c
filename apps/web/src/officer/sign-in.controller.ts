import { Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { officerFromClaims } from './oidc';
import { OfficerAuth, renderOfficer, ROLE_NAMES, OFFICER_NAV } from './officer-auth';
import {
  IDLE_LOGOUT_STATE,
  idleSecondsLeft,
  officerSessionOf,
  OFFICER_COOKIE,
  OFFICER_PATH,
  safeReturnPath,
  setOfficerCookie,
  type OfficerRequest,
} from './officer-session';
import { errorPage } from '../shared/page-error';
import { OFFICER_AUTH } from '../shared/tokens';

/**
 * The officers' sign-in with OpenID Connect (ADR 0021): `/oficina/ingresar` sends the browser
 * to the provider (code + PKCE), `/oficina/callback` checks the answer and starts the session
 * (a new id), `/oficina/salir` ends it here and at the provider.
 */
@Controller('oficina')
export class SignInController {
  constructor(@Inject(OFFICER_AUTH) private readonly auth: OfficerAuth) {}

  private notConfigured(): never {
    throw errorPage(503, {
      title: 'El ingreso de funcionarios no está configurado',
      message: 'Falta OIDC_ISSUER_URL: el proveedor de identidad de los funcionarios.',
    });
  }

  @Get()
  home(@Req() req: OfficerRequest, @Res() res: Response): void {
    const s = officerSessionOf(req);
    if (!s.officer) return renderOfficer(req, res, 'oficina/ingreso.njk', { title: 'Oficina virtual del IESS' });
    renderOfficer(req, res, 'oficina/index.njk', {
      title: `Inicio: ${ROLE_NAMES[s.officer.role]}`,
      links: OFFICER_NAV[s.officer.role].filter((n) => n.href !== OFFICER_PATH),
    });
  }

  @Get('ingresar')
  async signIn(@Req() req: OfficerRequest, @Res() res: Response, @Query('volver') returnTo?: string, @Query('reautenticar') reauth?: string): Promise<void> {
    if (!this.auth.oidc) this.notConfigured();
    const s = officerSessionOf(req);
    const again = reauth === '1' && Boolean(s.officer);
    // After an idle lapse the provider asks for the password whatever session it still holds (a shared counter PC).
    const afterLapse = Boolean(s.lapsed) && !s.officer;
    try {
      const { url, pending } = await this.auth.oidc.start(safeReturnPath(returnTo ?? s.lapsed?.returnTo), again, afterLapse);
      s.pending = pending;
      res.redirect(303, url);
    } catch {
      throw errorPage(503, {
        title: 'El proveedor de identidad no responde',
        message: 'No se pudo contactar al proveedor de identidad. Inténtelo de nuevo en unos minutos.',
      });
    }
  }

  @Get('callback')
  async callback(@Req() req: OfficerRequest, @Res() res: Response): Promise<void> {
    if (!this.auth.oidc) this.notConfigured();
    let s = officerSessionOf(req);
    const pending = s.pending;
    delete s.pending;
    const fail = async (reason: string, message: string, status = 401): Promise<void> => {
      if (!(await this.auth.logged(req, res, 'sign_in_failed', s.officer, reason))) return;
      throw errorPage(status, { title: 'No se pudo ingresar', message, restart: `${OFFICER_PATH}/ingresar` });
    };
    if (!pending) return fail('sin inicio de sesión pendiente (estado desconocido)', 'El ingreso caducó o se abrió en otra ventana. Vuelva a ingresar.', 400);
    const error = typeof req.query['error'] === 'string' ? req.query['error'] : undefined;
    if (error) return fail(`el proveedor respondió ${error.slice(0, 60)}`, 'El proveedor de identidad no completó el ingreso. Vuelva a intentarlo.');
    let signedIn;
    try {
      signedIn = await this.auth.oidc.finish(req.originalUrl, pending);
    } catch (err) {
      return fail(
        `respuesta del proveedor no válida: ${err instanceof Error ? err.message.slice(0, 200) : 'error'}`,
        'No se pudo comprobar su ingreso con el proveedor de identidad. Vuelva a ingresar.',
      );
    }
    const officer = officerFromClaims(signedIn.claims);
    if ('refused' in officer) return fail(officer.refused, officer.refused, 403);
    if (pending.reauthAskedAt !== undefined && s.officer?.sub !== officer.sub) {
      // A re-authentication is the same officer confirming, never a switch of account.
      return fail(`reautenticación con otra cuenta (${officer.sub})`, 'Confirme su identidad con su propia cuenta.', 403);
    }
    // No sign-in without its access-log row: the session gets the officer only once it is written.
    if (!(await this.auth.logged(req, res, pending.reauthAskedAt !== undefined ? 'reauthenticated' : 'sign_in', officer))) return;
    if (pending.reauthAskedAt === undefined) {
      s = this.auth.sessions.rotate(s);
      req.officerSession = s;
      setOfficerCookie(res, s, this.auth.secureCookies);
    }
    s.officer = officer;
    s.accessToken = signedIn.accessToken;
    s.accessTokenExpiresAt = Math.min(signedIn.accessTokenExpiresAt, s.absoluteExpiresAt);
    s.idToken = signedIn.idToken;
    if (signedIn.refreshToken) s.refreshToken = signedIn.refreshToken;
    s.authTime = signedIn.claims.auth_time ?? Math.floor(Date.now() / 1000);
    // A draft kept when the session lapsed is for the officer who typed it, never for another one on this computer.
    if (s.draft && s.draft.sub !== officer.sub) delete s.draft;
    delete s.lapsed;
    delete s.idleUntil;
    this.auth.sessions.touch(s);
    res.redirect(303, pending.returnTo);
  }

  @Post('salir')
  async signOut(@Req() req: OfficerRequest, @Res() res: Response): Promise<void> {
    const s = officerSessionOf(req);
    const idToken = s.idToken;
    // The session ends even when its sign-out row cannot be written (an officer is never kept
    // signed in by a failing log); the 503 page then says so and the provider's session stays.
    req.officerSession = undefined;
    await this.auth.sessions.destroy(s.id);
    // The refresh token dies with the session (revoked at the provider, best effort).
    if (s.refreshToken) await this.auth.oidc?.revoke(s.refreshToken);
    res.clearCookie(OFFICER_COOKIE, { path: OFFICER_PATH });
    if (s.officer && !(await this.auth.logged(req, res, 'sign_out', s.officer))) return;
    const endSession = s.officer ? await this.auth.oidc?.endSessionUrl(idToken) : undefined;
    res.redirect(303, endSession ?? `${OFFICER_PATH}/salida`);
  }

  @Get('salida')
  signedOut(@Req() req: OfficerRequest, @Res() res: Response, @Query('state') state?: string, @Query('motivo') reason?: string): void {
    const s = officerSessionOf(req);
    const idle = (state === IDLE_LOGOUT_STATE || reason === IDLE_LOGOUT_STATE) && Boolean(s.lapsed) && !s.officer;
    renderOfficer(req, res, 'oficina/salida.njk', {
      title: idle ? 'Su sesión terminó por inactividad' : 'Salió de la oficina virtual',
      idle,
      kept: idle && Boolean(s.draft),
      signInHref: `${OFFICER_PATH}/ingresar${idle && s.lapsed ? `?volver=${encodeURIComponent(s.lapsed.returnTo)}` : ''}`,
    });
  }

  /**
   * "Seguir trabajando" of the idle warning (public/oficina-sesion.js): a request of the signed-in
   * officer, which moves the idle deadline like any other; answers the seconds left.
   */
  @Post('sesion/seguir')
  keepAlive(@Req() req: OfficerRequest, @Res() res: Response): void {
    const s = officerSessionOf(req);
    if (!s.officer) {
      res.status(401).json({ error: { code: 'AUTH.TOKEN_REQUIRED', message: 'Su sesión terminó: ingrese de nuevo.' } });
      return;
    }
    this.auth.sessions.touch(s, Date.now(), true);
    res.json({ idleSeconds: idleSecondsLeft(s) });
  }
}
