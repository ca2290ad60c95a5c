import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/** What the booking journey has gathered so far (never sent anywhere but the API). */
export interface BookingDraft {
  procedure?: string;
  filerRole?: string;
  province?: string;
  identityNumber?: string;
  email?: string;
  mobile?: string;
  employerId?: string;
  holder?: { fullName?: string; nationality?: string; documentType?: string; documentNumber?: string; birthDay?: string; birthMonth?: string; birthYear?: string };
  poder?: { employerId?: string; attorneyName?: string; deedNumber?: string; notary?: string };
  agencyId?: string;
}

export interface WebSession {
  id: string;
  csrf: string;
  expiresAt: number;
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
  employer?: { caseId: string; token: string; expiresAt: number; filerRole: string; uploads: Record<string, { documentId: string; name: string }> };
  employerStartKey?: string;
  /** Follow my case: the challenge of the code emailed for a reference (never the reference or the identity number). */
  follow?: { challengeId: string; expiresAt: number };
  /** 003/004: the emailed single-use link, once read from the page's fragment. */
  linkToken?: string;
}

export const SESSION_COOKIE = 'tramites_sesion';

/**
 * Server-side sessions: the browser holds only a random id (HttpOnly, SameSite=Lax, Secure
 * behind HTTPS); tokens and answers stay in this process. One process: a shared store is
 * needed before running several web instances (ADR 0015).
 */
export class SessionStore {
  private readonly sessions = new Map<string, WebSession>();

  constructor(private readonly ttlMs: number) {}

  get(id: string | undefined): WebSession | undefined {
    if (!id) return undefined;
    const s = this.sessions.get(id);
    if (!s) return undefined;
    if (s.expiresAt <= Date.now()) {
      this.sessions.delete(id);
      return undefined;
    }
    s.expiresAt = Date.now() + this.ttlMs;
    return s;
  }

  create(): WebSession {
    if (this.sessions.size > 10_000) this.sweep();
    const s: WebSession = { id: randomBytes(24).toString('base64url'), csrf: randomBytes(24).toString('base64url'), expiresAt: Date.now() + this.ttlMs, booking: {} };
    this.sessions.set(s.id, s);
    return s;
  }

  /** A new id for the same data (after the case token is handed out: no session fixation). */
  rotate(s: WebSession): WebSession {
    this.sessions.delete(s.id);
    const next: WebSession = { ...s, id: randomBytes(24).toString('base64url'), csrf: randomBytes(24).toString('base64url') };
    this.sessions.set(next.id, next);
    return next;
  }

  destroy(id: string): void {
    this.sessions.delete(id);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, s] of this.sessions) if (s.expiresAt <= now) this.sessions.delete(id);
  }
}

export type SessionRequest = Request & { session?: WebSession };

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

export function setSessionCookie(res: Response, s: WebSession, secure: boolean, ttlMs: number): void {
  res.cookie(SESSION_COOKIE, s.id, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: ttlMs });
}

/** Attaches the session (created on first visit) and refuses a POST whose CSRF token is not the session's. */
export function sessionMiddleware(store: SessionStore, secure: boolean, ttlMs: number) {
  return (req: SessionRequest, res: Response, next: NextFunction): void => {
    let s = store.get(cookieValue(req.headers.cookie, SESSION_COOKIE));
    if (!s) {
      s = store.create();
      setSessionCookie(res, s, secure, ttlMs);
    }
    req.session = s;
    if (req.method === 'POST') {
      const given = Buffer.from(String((req.body as Record<string, unknown> | undefined)?.['_csrf'] ?? ''));
      const expected = Buffer.from(s.csrf);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res.status(403).render('error.njk', { csrfToken: s.csrf, title: 'La sesión caducó', message: 'Por seguridad, el formulario caducó o no se envió desde esta página. Vuelva a empezar.' });
        return;
      }
    }
    next();
  };
}
