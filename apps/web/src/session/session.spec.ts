import type { Response } from 'express';
import type { Locale } from '../i18n';
import { MemorySessionBackend, type SessionBackend } from './session-backend';
import { SessionStore, sessionMiddleware, type SessionRequest } from './session';

describe('server-side sessions', () => {
  it('hands out random ids and CSRF tokens, finds a saved session by id, and forgets it after its idle life', async () => {
    const store = new SessionStore(50, new MemorySessionBackend());
    const a = store.create();
    const b = store.create();
    expect(a.id).not.toBe(b.id);
    expect(a.csrf).not.toBe(a.id);
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await store.get(a.id)).toBeUndefined(); // not saved yet
    a.booking.email = 'ana@example.ec';
    await store.save(a);
    expect((await store.get(a.id))?.booking.email).toBe('ana@example.ec');
    expect(await store.get(undefined)).toBeUndefined();
    expect(await store.get('otro')).toBeUndefined();
    a.expiresAt = Date.now() - 1;
    a.booking.email = 'otra@example.ec';
    await store.save(a);
    expect(await store.get(a.id)).toBeUndefined();
  });

  it('rotates the id and the CSRF token when the case token is handed out (the old id no longer works once saved)', async () => {
    const store = new SessionStore(60_000, new MemorySessionBackend());
    const s = store.create();
    s.booking.email = 'ana@example.ec';
    await store.save(s);
    const next = store.rotate(s);
    expect(next.id).not.toBe(s.id);
    expect(next.csrf).not.toBe(s.csrf);
    expect(next.booking.email).toBe('ana@example.ec');
    await store.save(next);
    expect(await store.get(s.id)).toBeUndefined();
    expect((await store.get(next.id))?.booking.email).toBe('ana@example.ec');
  });

  it('keeps the public and the officers sessions apart: an id is found only under its own kind', async () => {
    const backend = new MemorySessionBackend();
    const store = new SessionStore(60_000, backend);
    const s = store.create();
    await store.save(s);
    expect(await backend.load('officer', s.id)).toBeUndefined();
    expect(await backend.load('public', s.id)).toBeDefined();
  });
});

/** An answer that records what the middleware rendered (the middleware needs only these of Express's). */
function recordedAnswer(): { res: Response; page: { status?: number; view?: string; locals?: Record<string, unknown> } } {
  const page: { status?: number; view?: string; locals?: Record<string, unknown> } = {};
  const res = {
    headersSent: false,
    end: () => res,
    status: (code: number) => ((page.status = code), res),
    render: (view: string, locals: Record<string, unknown>) => ((page.view = view), (page.locals = locals)),
  };
  return { res: res as unknown as Response, page };
}

const request = (locale: Locale, method: string): SessionRequest =>
  ({ locale, method, path: '/turno/contacto', headers: {}, body: {} }) as unknown as SessionRequest;

describe('the session middleware’s own pages, in the applicant’s language', () => {
  const unreachable: SessionBackend = {
    shared: true,
    load: () => Promise.reject(new Error('store down')),
    save: () => Promise.resolve(),
    remove: () => Promise.resolve(),
  };

  it.each([
    ['es', 'El servicio no responde'],
    ['en', 'The service is not answering'],
  ] as const)('says the session store is down in %s (503)', async (locale, title) => {
    const { res, page } = recordedAnswer();
    const next = jest.fn();
    // A cookie, so that the store is asked.
    const req = { ...request(locale, 'GET'), headers: { cookie: `tramites_sesion=${'a'.repeat(32)}` } } as unknown as SessionRequest;
    await sessionMiddleware(new SessionStore(60_000, unreachable), false, 60_000)(req, res, next);
    expect(next).not.toHaveBeenCalled();
    expect(page).toMatchObject({ status: 503, view: 'error.njk', locals: { title } });
  });

  it.each([
    ['es', 'La sesión caducó', 'Vuelva a empezar.'],
    ['en', 'Your session expired', 'Start again.'],
  ] as const)('refuses a form without the session’s CSRF token in %s (403)', async (locale, title, ending) => {
    const { res, page } = recordedAnswer();
    const next = jest.fn();
    await sessionMiddleware(new SessionStore(60_000, new MemorySessionBackend()), false, 60_000)(request(locale, 'POST'), res, next);
    expect(next).not.toHaveBeenCalled();
    expect(page).toMatchObject({ status: 403, view: 'error.njk', locals: { title } });
    expect(String(page.locals?.['message'])).toContain(ending);
  });
});
