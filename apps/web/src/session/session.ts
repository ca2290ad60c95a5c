import type { NextFunction, Response } from 'express';
import { tr, type LocalizedRequest } from '../i18n';
import {
  cookieValue,
  csrfMatches,
  MemorySessionBackend,
  saveBeforeEnd,
  ServerSessions,
  setsCookie,
  type BaseSession,
  type SessionBackend,
} from './session-backend';

/** What the booking journey has gathered so far (never sent anywhere but the API). */
export interface BookingDraft {
  procedure?: string;
  filerRole?: string;
  province?: string;
  identityNumber?: string;
  email?: string;
  mobile?: string;
  employerId?: string;
  holder?: {
    fullName?: string;
    nationality?: string;
    documentType?: string;
    documentNumber?: string;
    birthDay?: string;
    birthMonth?: string;
    birthYear?: string;
  };
  poder?: { employerId?: string; attorneyName?: string; deedNumber?: string; notary?: string };
  agencyId?: string;
}

export interface WebSession extends BaseSession {
  booking: BookingDraft;
  /** Idempotency-Key of the start: a retry after an error finds the same case. */
  startKey?: string;
  /** The case token the API handed out at the start; it reaches only that case. */
  caseId?: string;
  caseToken?: string;
  caseTokenExpiresAt?: number;
  /** 003: the affiliate password case this session started, and its case token. */
  affiliate?: { caseId: string; token: string; expiresAt: number; startKey?: string };
  affiliateStartKey?: string;
  /** 004 Ventanilla Virtual: the case this session started, its token, and the files the API already accepted, per kind. */
  employer?: {
    caseId: string;
    token: string;
    expiresAt: number;
    filerRole: string;
    uploads: Record<string, { documentId: string; name: string; signer?: string }>;
  };
  employerStartKey?: string;
  /** Follow my case: the challenge of the code emailed for a reference (never the reference or the identity number). */
  follow?: { challengeId: string; expiresAt: number };
  /** 003/004: the emailed single-use link, once read from the page's fragment. */
  linkToken?: string;
}

export const SESSION_COOKIE = 'tramites_sesion';
/** A public session lives at most this long, however active (ADR 0021). */
export const PUBLIC_SESSION_ABSOLUTE_MS = 12 * 3_600_000;

/**
 * The applicants' server-side sessions: the browser holds only a random id (HttpOnly,
 * SameSite=Lax, Secure behind HTTPS); tokens and answers stay on the server, in the API's
 * shared store (ADR 0021) or, in development without it, in this process's memory.
 */
export class SessionStore extends ServerSessions<WebSession> {
  constructor(ttlMs: number, backend: SessionBackend = new MemorySessionBackend()) {
    super('public', backend, ttlMs, PUBLIC_SESSION_ABSOLUTE_MS, () => ({ booking: {} }));
  }
}

export type SessionRequest = LocalizedRequest & { session?: WebSession };

export function setSessionCookie(res: Response, s: WebSession, secure: boolean, ttlMs: number): void {
  res.cookie(SESSION_COOKIE, s.id, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: ttlMs });
}

/**
 * Attaches the public session (made on first visit, stored with its cookie only once it holds
 * something or a form hands out its CSRF token), saves it before the answer ends, and
 * refuses a POST whose CSRF token is not the session's. Not on the officers' pages
 * (`/oficina`), which have sessions of their own (never mixed).
 */
export function sessionMiddleware(store: SessionStore, secure: boolean, ttlMs: number) {
  return async (req: SessionRequest, res: Response, next: NextFunction): Promise<void> => {
    // The officers' pages have their own sessions; the health check needs none (no row per probe).
    if (req.path === '/oficina' || req.path.startsWith('/oficina/') || req.path === '/salud') return next();
    let s: WebSession | undefined;
    try {
      s = await store.get(cookieValue(req.headers.cookie, SESSION_COOKIE));
    } catch {
      const t = tr(req);
      res.status(503).render('error.njk', { title: t('common:errors.serviceDown.title'), message: t('common:errors.serviceDown.message') });
      return;
    }
    // A new session gets its cookie and its row only when the answer needs it (worthKeeping).
    s ??= store.create();
    req.session = s;
    saveBeforeEnd(
      res,
      async (answer) => {
        const current = req.session;
        if (!current || !store.worthKeeping(current, answer)) return;
        if (!res.headersSent && current.id !== cookieValue(req.headers.cookie, SESSION_COOKIE) && !setsCookie(res, SESSION_COOKIE, current.id))
          setSessionCookie(res, current, secure, ttlMs);
        await store.save(current);
      },
      (err) => process.stderr.write(`web: the session could not be saved: ${err instanceof Error ? err.message : String(err)}\n`),
    );
    if (req.method === 'POST' && !csrfMatches(req, s.csrf)) {
      const t = tr(req);
      res.status(403).render('error.njk', { csrfToken: s.csrf, title: t('common:errors.formExpired.title'), message: t('common:errors.formExpired.message') });
      return;
    }
    next();
  };
}
