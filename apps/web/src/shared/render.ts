import type { Response } from 'express';
import type { SessionRequest, WebSession } from '../session/session';

export function sessionOf(req: SessionRequest): WebSession {
  if (!req.session) throw new Error('session middleware did not run');
  return req.session;
}

/** Renders a page with what every form needs (the session's CSRF token). */
export function render(req: SessionRequest, res: Response, view: string, context: Record<string, unknown> = {}, status = 200): void {
  res.status(status).render(view, { csrfToken: sessionOf(req).csrf, currentPath: req.path, ...context });
}
