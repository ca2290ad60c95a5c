import type { ErrorCode } from '@tramites/contracts';
import type { NextFunction, Request, Response } from 'express';
import type { OfficerAccessLog } from './access-log';
import type { OfficerOidc, Refreshed } from './oidc';
import { cookieValue, csrfMatches, saveBeforeEnd, ServerSessions, setsCookie, type BaseSession, type SessionBackend } from '../session/session-backend';

export type OfficerRole = 'case_manager' | 'legal_unit' | 'auditor' | 'admin' | 'supervisor';
export const OFFICER_ROLES: readonly OfficerRole[] = ['case_manager', 'legal_unit', 'auditor', 'admin', 'supervisor'];

/** The signed-in officer, from the provider's ID token claims (`role`, `agency_id`, `province`). */
export interface Officer {
  sub: string;
  name: string;
  role: OfficerRole;
  agencyId?: string;
  province?: string;
}

/** A sign-in under way: what the callback checks (state, nonce, PKCE verifier) and where it goes back to. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  /** A re-authentication (prompt=login, max_age=0) asked at this instant (epoch ms). */
  reauthAskedAt?: number;
}

export interface OfficerSession extends BaseSession {
  officer?: Officer;
  /** The provider's access token: the web calls the API with it (validated there by the provider's JWKS). */
  accessToken?: string;
  accessTokenExpiresAt?: number;
  idToken?: string;
  /** When the officer last typed their password at the provider (`auth_time`, epoch seconds). */
  authTime?: number;
  pending?: PendingSignIn;
  /** What the officer typed in a decision's form while confirming their identity at the provider. */
  keptForm?: KeptForm;
  /** The provider's refresh token: renews the access token within the absolute life (ADR 0021, sessions that never lose work). */
  refreshToken?: string;
  /** The idle deadline of a signed-in officer (epoch ms): the session lapses after it, and every request moves it. */
  idleUntil?: number;
  /** A session that lapsed by inactivity: whose it was, and where to come back to after signing in again. */
  lapsed?: { sub: string; at: number; returnTo: string };
  /** A form posted after the session lapsed: handed back on its page once the same officer signs in again. */
  draft?: { sub: string; page: string; values: Record<string, string | string[]> };
}

/** A decision's form kept across a re-authentication: the page it is on (a path under /oficina) and its values. */
export interface KeptForm {
  page: string;
  values: Record<string, string>;
}

export const OFFICER_COOKIE = 'tramites_oficina';
/** The officers' pages: their own path, cookie and sessions, never the public ones (ADR 0021). */
export const OFFICER_PATH = '/oficina';

/**
 * The officers' sessions. The store keeps a row for the whole absolute life; the idle timeout is
 * the officer's own deadline inside it (`idleUntil`), so that a session which lapsed by inactivity
 * is still found: its CSRF token still guards the form posted after it, and what that form carried
 * is kept as a draft for the same officer's next sign-in.
 */
export class OfficerSessions extends ServerSessions<OfficerSession> {
  constructor(
    backend: SessionBackend,
    readonly officerIdleMs: number,
    absoluteMs: number,
  ) {
    super('officer', backend, absoluteMs, absoluteMs, () => ({}));
  }

  /** Moves the officer's idle deadline (stored again only once it moved by a minute, as the store's own). */
  touch(s: OfficerSession, now = Date.now(), always = false): void {
    const next = Math.min(now + this.officerIdleMs, s.absoluteExpiresAt);
    if (always || s.idleUntil === undefined || next - s.idleUntil >= 60_000) s.idleUntil = next;
  }
}

/** Seconds left before the officer's session lapses by inactivity (what the warning dialog counts down). */
export function idleSecondsLeft(s: OfficerSession, now = Date.now()): number {
  return Math.max(0, Math.floor(((s.idleUntil ?? now) - now) / 1000));
}

/**
 * The end-session `state` with which an idle session ends at the provider (the embedded provider
 * then asks no confirmation: libs/devenv/src/embedded-oidc-provider.ts, IDLE_LOGOUT_STATE).
 */
export const IDLE_LOGOUT_STATE = 'inactividad';

/** A renewal of the access token starts this long before it expires. */
const REFRESH_AHEAD_MS = 60_000;

/** What the officers' middleware needs beyond the sessions: the provider (refresh, end-session) and the access log. */
export interface OfficerSessionServices {
  oidc?: OfficerOidc;
  log?: OfficerAccessLog;
}

export type OfficerRequest = Request & { officerSession?: OfficerSession };

export function setOfficerCookie(res: Response, s: OfficerSession, secure: boolean): void {
  res.cookie(OFFICER_COOKIE, s.id, { httpOnly: true, sameSite: 'lax', secure, path: OFFICER_PATH, maxAge: Math.max(0, s.absoluteExpiresAt - Date.now()) });
}

export function officerSessionOf(req: OfficerRequest): OfficerSession {
  if (!req.officerSession) throw new Error('officer session middleware did not run');
  return req.officerSession;
}

/**
 * True when the officer typed their password at the provider within the last `minutes`
 * (`auth_time` of the ID token): what an endorsement or a rejection of a poder needs. When it
 * is false, send the officer to `reauthenticationUrl(returnTo)` and act after they come back.
 */
export function requireRecentAuth(session: OfficerSession, minutes: number): boolean {
  return Boolean(session.officer && session.authTime && session.authTime * 1000 >= Date.now() - minutes * 60_000);
}

/** Where to send an officer to confirm their identity (prompt=login) before coming back to `returnTo` (a path under /oficina). */
export function reauthenticationUrl(returnTo: string): string {
  return `${OFFICER_PATH}/ingresar?reautenticar=1&volver=${encodeURIComponent(safeReturnPath(returnTo))}`;
}

/**
 * The API's answer when a decision needs a fresh sign-in at the provider (step-up, ADR 0021:
 * poder endorsement or rejection, duplicate decision, role change; apps/api/src/auth/step-up.ts).
 */
export const REAUTHENTICATION_REQUIRED: ErrorCode = 'AUTH.REAUTHENTICATION_REQUIRED';

/**
 * Keeps what the officer typed in the form on `page` and sends them to confirm their identity
 * at the provider (prompt=login); they come back to `page?confirmar=1`, where `keptForm`
 * hands the values back to fill the form in again. Used when the page knows the sign-in is
 * too old and when the API answers REAUTHENTICATION_REQUIRED.
 */
export function reauthenticateKeeping(req: OfficerRequest, res: Response, page: string, values: Record<string, string>): void {
  officerSessionOf(req).keptForm = { page, values };
  res.redirect(303, reauthenticationUrl(`${page}?confirmar=1`));
}

/** The values kept for the form on `page` when the officer comes back from confirming their identity (once), else undefined. */
export function keptForm(req: OfficerRequest, page: string, confirm: unknown): Record<string, string> | undefined {
  const s = officerSessionOf(req);
  if (confirm !== '1' || s.keptForm?.page !== page) return undefined;
  const { values } = s.keptForm;
  delete s.keptForm;
  return values;
}

/** A path under /oficina to come back to, never another site. */
export function safeReturnPath(p: string | undefined): string {
  return p && /^\/oficina(\/[A-Za-z0-9\-._~%/]*)?(\?[A-Za-z0-9\-._~%=&+]*)?$/.test(p) && !p.includes('//') ? p : OFFICER_PATH;
}

/** The form's fields as posted (no CSRF token, no page marker), to hand back after the sign-in. */
function postedValues(body: unknown): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (k === '_csrf' || k === '_pagina') continue;
    if (typeof v === 'string') values[k] = v;
    else if (Array.isArray(v)) values[k] = v.filter((x): x is string => typeof x === 'string');
  }
  return values;
}

/** The page a posted form is on: the marker the officers' script adds (`_pagina`), else the path it was posted to. */
function pageOfPost(req: Request): string {
  const marked = (req.body as Record<string, unknown> | undefined)?.['_pagina'];
  return safeReturnPath(typeof marked === 'string' ? marked : req.path);
}

/** Paths where a lapsed session goes on as it is (the sign-in, its callback, the signed-out page, the sign-out). */
const LAPSE_PASSES = new Set([`${OFFICER_PATH}/ingresar`, `${OFFICER_PATH}/callback`, `${OFFICER_PATH}/salida`, `${OFFICER_PATH}/salir`]);

/**
 * Attaches the officer's session on /oficina (a pre-sign-in session is stored once the sign-in
 * starts), saves it before the answer ends, and refuses a POST without the session's CSRF token
 * (the codec routes answer the Temporal Web UI's JSON calls under CORS instead), in the officers'
 * layout. A signed-in officer's access token is renewed with the refresh token before it expires,
 * up to the absolute life; after `OFFICER_IDLE_MINUTES` without a request the session lapses: the
 * tokens go, the provider's session is ended too (RP-initiated logout), and a form posted then is
 * kept as a draft for the same officer's next sign-in (ADR 0021).
 */
export function officerSessionMiddleware(sessions: OfficerSessions, secure: boolean, services: OfficerSessionServices = {}) {
  return async (req: OfficerRequest, res: Response, next: NextFunction): Promise<void> => {
    if (!(req.path === OFFICER_PATH || req.path.startsWith(`${OFFICER_PATH}/`))) return next();
    const officerError = (status: number, title: string, message: string, restart?: string): void => {
      res.status(status).render('oficina/error.njk', { title, message, ...(restart ? { restart } : {}), currentPath: req.path, nav: [] });
    };
    let s: OfficerSession | undefined;
    try {
      s = await sessions.get(cookieValue(req.headers.cookie, OFFICER_COOKIE));
    } catch {
      officerError(503, 'El servicio no responde', 'El servicio no responde en este momento. Inténtelo de nuevo en unos minutos.');
      return;
    }
    const now = Date.now();
    let lapsedNow = false;
    if (s?.officer && (s.idleUntil ?? 0) <= now) {
      await lapse(s, now, req, services);
      lapsedNow = true;
    } else if (s?.officer && (s.accessTokenExpiresAt ?? 0) - now <= REFRESH_AHEAD_MS && !(await renewed(s, services))) {
      // Another web instance may have renewed it a moment ago (a rotated refresh token is refused the second time).
      const stored = await sessions.get(s.id).catch(() => undefined);
      if (stored?.officer && (stored.accessTokenExpiresAt ?? 0) - Date.now() > REFRESH_AHEAD_MS) s = stored;
      else {
        // No refresh token, or the provider refused it: the session ends as a sign-out would.
        await sessions.destroy(s.id).catch(() => undefined);
        s = undefined;
      }
    }
    if (s?.officer) sessions.touch(s, now);
    const isCodec = req.path.startsWith(`${OFFICER_PATH}/codec/`);
    if (!s) {
      if (isCodec) {
        res
          .status(401)
          .json({ error: { code: 'AUTH.TOKEN_REQUIRED', message: 'Ingrese primero a la oficina virtual como auditor (/oficina) en este navegador.' } });
        return;
      }
      // Stored with its cookie only once it holds something (a sign-in under way) or a form hands out its CSRF token.
      s = sessions.create();
    }
    req.officerSession = s;
    saveBeforeEnd(
      res,
      async (answer) => {
        const current = req.officerSession;
        if (!current || !sessions.worthKeeping(current, answer)) return;
        if (!res.headersSent && current.id !== cookieValue(req.headers.cookie, OFFICER_COOKIE) && !setsCookie(res, OFFICER_COOKIE, current.id))
          setOfficerCookie(res, current, secure);
        await sessions.save(current);
      },
      (err) => process.stderr.write(`web: the officer session could not be saved: ${err instanceof Error ? err.message : String(err)}\n`),
    );
    const csrfOk = req.method !== 'POST' || isCodec || csrfMatches(req, s.csrf);
    if (s.lapsed && !s.officer && !LAPSE_PASSES.has(req.path)) {
      if (isCodec) {
        res.status(401).json({ error: { code: 'AUTH.TOKEN_REQUIRED', message: 'Su sesión terminó por inactividad: ingrese de nuevo a la oficina virtual.' } });
        return;
      }
      const kept = req.method === 'POST' && csrfOk;
      if (kept) {
        // What the officer typed is kept for them (never for whoever signs in next on this computer).
        const page = pageOfPost(req);
        s.draft = { sub: s.lapsed.sub, page, values: postedValues(req.body) };
        s.lapsed.returnTo = page;
      } else if (req.method === 'GET' && req.path !== OFFICER_PATH) s.lapsed.returnTo = safeReturnPath(req.originalUrl);
      if (lapsedNow) {
        // The provider's session ends too (RP-initiated logout), so that the next sign-in asks for the password.
        const endSession = await services.oidc?.endSessionUrl(s.idToken, IDLE_LOGOUT_STATE);
        delete s.idToken;
        if (endSession) return res.redirect(303, endSession);
        return res.redirect(303, `${OFFICER_PATH}/salida?motivo=${IDLE_LOGOUT_STATE}`);
      }
      if (kept || req.method === 'POST') return res.redirect(303, `${OFFICER_PATH}/salida?motivo=${IDLE_LOGOUT_STATE}`);
    }
    if (!csrfOk) {
      officerError(
        403,
        'El formulario caducó',
        'Por seguridad, el formulario caducó o no se envió desde esta página. Vuelva a la página, revise lo que escribió y envíelo otra vez.',
        OFFICER_PATH,
      );
      return;
    }
    next();
  };
}

/** Renews the access token with the refresh token (within the absolute life); false when it cannot. */
async function renewed(s: OfficerSession, services: OfficerSessionServices): Promise<boolean> {
  const refreshToken = s.refreshToken;
  const oidc = services.oidc;
  if (!refreshToken || !oidc || Date.now() >= s.absoluteExpiresAt) return false;
  try {
    // One renewal per refresh token in this process: the requests of one page that arrive together share it
    // (a provider that rotates refresh tokens refuses the second use of one).
    // A renewal is shared only by sessions that hold the access token it replaces (never reused for a later one).
    const known = RENEWING.get(refreshToken);
    let pending = known && known.replaces === s.accessToken ? known.renewal : undefined;
    if (!pending) {
      const renewal = oidc.refresh(refreshToken);
      pending = renewal;
      RENEWING.set(refreshToken, { replaces: s.accessToken, renewal });
      void renewal
        .catch(() => undefined)
        .finally(() =>
          setTimeout(() => {
            if (RENEWING.get(refreshToken)?.renewal === renewal) RENEWING.delete(refreshToken);
          }, 10_000).unref(),
        );
    }
    const next = await pending;
    s.accessToken = next.accessToken;
    s.accessTokenExpiresAt = Math.min(next.accessTokenExpiresAt, s.absoluteExpiresAt);
    if (next.refreshToken) s.refreshToken = next.refreshToken;
    if (next.idToken) s.idToken = next.idToken;
    return true;
  } catch (err) {
    process.stderr.write(`web: the officer's access token could not be renewed: ${err instanceof Error ? err.message.slice(0, 200) : 'error'}\n`);
    return false;
  }
}

/** Renewals under way in this process, by the refresh token they use, with the access token they replace (kept 10 s after they end). */
const RENEWING = new Map<string, { replaces: string | undefined; renewal: Promise<Refreshed> }>();

/** The session lapses by inactivity: the officer and the tokens go (the refresh token revoked), logged as a sign-out. */
async function lapse(s: OfficerSession, now: number, req: Request, services: OfficerSessionServices): Promise<void> {
  const officer = s.officer;
  if (!officer) return;
  if (s.refreshToken) await services.oidc?.revoke(s.refreshToken);
  s.lapsed = { sub: officer.sub, at: now, returnTo: OFFICER_PATH };
  delete s.officer;
  delete s.accessToken;
  delete s.accessTokenExpiresAt;
  delete s.refreshToken;
  delete s.authTime;
  delete s.keptForm;
  delete s.idleUntil;
  // The idle end is a sign-out (its reason in the log); the session has ended whether or not the row is written.
  await services.log?.record(req, 'sign_out', officer, 'inactividad').catch((err: unknown) => {
    process.stderr.write(`web: the idle sign-out could not be logged: ${err instanceof Error ? err.message : String(err)}\n`);
  });
}

/**
 * The draft of the form on `path` that the officer posted after their session lapsed, once they
 * signed in again as the same officer (handed back once, then forgotten); else undefined.
 */
export function takeDraft(s: OfficerSession, path: string): Record<string, string | string[]> | undefined {
  if (!s.officer || !s.draft || s.draft.sub !== s.officer.sub || s.draft.page.split('?')[0] !== path) return undefined;
  const { values } = s.draft;
  delete s.draft;
  return values;
}
