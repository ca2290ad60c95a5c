import type { ErrorCode } from '@tramites/contracts';
import type { NextFunction, Request, Response } from 'express';
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
}

/** A decision's form kept across a re-authentication: the page it is on (a path under /oficina) and its values. */
export interface KeptForm {
  page: string;
  values: Record<string, string>;
}

export const OFFICER_COOKIE = 'tramites_oficina';
/** The officers' pages: their own path, cookie and sessions, never the public ones (ADR 0021). */
export const OFFICER_PATH = '/oficina';

export class OfficerSessions extends ServerSessions<OfficerSession> {
  constructor(backend: SessionBackend, idleMs: number, absoluteMs: number) {
    super('officer', backend, idleMs, absoluteMs, () => ({}));
  }
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

/**
 * Attaches the officer's session on /oficina (a pre-sign-in session is stored once the sign-in
 * starts), saves it before the answer ends, ends it after its idle or absolute life or
 * when the provider's access token expired, and refuses a POST without the session's CSRF
 * token (the codec routes answer the Temporal Web UI's JSON calls under CORS instead).
 */
export function officerSessionMiddleware(sessions: OfficerSessions, secure: boolean) {
  return async (req: OfficerRequest, res: Response, next: NextFunction): Promise<void> => {
    if (!(req.path === OFFICER_PATH || req.path.startsWith(`${OFFICER_PATH}/`))) return next();
    let s: OfficerSession | undefined;
    try {
      s = await sessions.get(cookieValue(req.headers.cookie, OFFICER_COOKIE));
    } catch {
      res
        .status(503)
        .render('error.njk', { title: 'El servicio no responde', message: 'El servicio no responde en este momento. Inténtelo de nuevo en unos minutos.' });
      return;
    }
    if (s?.officer && (s.accessTokenExpiresAt ?? 0) <= Date.now()) {
      await sessions.destroy(s.id).catch(() => undefined);
      s = undefined;
    }
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
    if (req.method === 'POST' && !isCodec && !csrfMatches(req, s.csrf)) {
      res.status(403).render('error.njk', {
        title: 'La sesión caducó',
        message: 'Por seguridad, el formulario caducó o no se envió desde esta página. Vuelva a empezar.',
        restart: OFFICER_PATH,
      });
      return;
    }
    next();
  };
}
