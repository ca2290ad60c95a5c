import { ERROR_CODES, WEB_STORE_SIGNING_KEY_INFO } from '@tramites/contracts';
import { WebSessionRepository } from '@tramites/persistence';
import { BackOfficeTestRows } from '@tramites/testing/rows';
import { deriveStoreKey, SessionSealer, signedStoreHeaders, type SealedSession } from '@tramites/web';
import request from 'supertest';
import { startOfficerWeb, type OfficerWeb, openStoredSession, TEST_WEB_SESSION_STORE_KEY } from '@tramites/testing/web';

/**
 * The web pages' sessions at rest and the officers' access log (ADR 0021), on the real API,
 * web pages, OpenID provider and PostgreSQL: no session for a plain visit, sessions sealed by the
 * web (the store and its table hold ciphertext), the store reached only by signed calls (the
 * key never on the wire), expired rows refused and deleted, and no officer sign-in or page
 * without its access-log row.
 */
describe('web sessions and the officers access log', () => {
  let w: OfficerWeb;
  let apiUrl: string;
  const signingKey = deriveStoreKey(TEST_WEB_SESSION_STORE_KEY, WEB_STORE_SIGNING_KEY_INFO);
  const rows = (): BackOfficeTestRows => new BackOfficeTestRows(w.h.db.dataSource);

  beforeAll(async () => {
    w = await startOfficerWeb('web_sessions');
    apiUrl = w.apiUrl;
  });
  afterAll(async () => {
    await w?.close();
  });

  const cookieOf = (res: Response, name: string): string | undefined =>
    res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0] ?? '')
      .find((c) => c.startsWith(`${name}=`))
      ?.slice(name.length + 1);

  /** A signed call to the API's internal routes, as the web makes it. */
  const signed = (method: 'GET' | 'PUT' | 'DELETE', path: string, body?: unknown, extra: Record<string, string> = {}) => {
    const json = body === undefined ? undefined : JSON.stringify(body);
    return fetch(`${apiUrl}${path}`, {
      method,
      headers: { ...signedStoreHeaders(signingKey, method, path, json), ...(json ? { 'Content-Type': 'application/json' } : {}), ...extra },
      ...(json ? { body: json } : {}),
    });
  };

  it('stores no session and sets no cookie for plain visits of public pages (20 GETs of / leave no row)', async () => {
    const before = await rows().countSessions('public');
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${w.webUrl}/`, { redirect: 'manual' });
      expect(res.status).toBe(200);
      expect(res.headers.getSetCookie()).toEqual([]);
    }
    for (const path of ['/requisitos', '/transparencia', '/turno']) {
      const res = await fetch(`${w.webUrl}${path}`, { redirect: 'manual' });
      expect({ path, status: res.status, cookies: res.headers.getSetCookie() }).toEqual({ path, status: 200, cookies: [] });
    }
    expect(await rows().countSessions('public')).toBe(before);
  });

  it('keeps a session for a form (its CSRF token still guards the POST), sealed: the table holds ciphertext that opens only under its own id', async () => {
    const page = await fetch(`${w.webUrl}/turno/tramite`, { redirect: 'manual' });
    expect(page.status).toBe(200);
    const id = cookieOf(page, 'tramites_sesion') ?? '';
    expect(id).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    expect(csrf).not.toBe('');

    // Without the form's token: refused; with it: the answer is kept.
    const forged = await fetch(`${w.webUrl}/turno/tramite`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: `tramites_sesion=${id}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'procedure=FOREIGNER_CODE_EMPLOYMENT',
    });
    expect(forged.status).toBe(403);
    const posted = await fetch(`${w.webUrl}/turno/tramite`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: `tramites_sesion=${id}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `procedure=FOREIGNER_CODE_EMPLOYMENT&_csrf=${encodeURIComponent(csrf)}`,
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe('/turno/quien');

    const stored = await openStoredSession(w.h.db.dataSource, id);
    expect(stored?.kind).toBe('public');
    expect(stored?.sealed).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(stored?.sealed).not.toContain('FOREIGNER');
    expect(stored?.data?.['booking']).toEqual({ procedure: 'FOREIGNER_CODE_EMPLOYMENT' });
    // Copied under another session's id, the sealed data does not open (the id is bound).
    const other = await fetch(`${w.webUrl}/seguir`, { redirect: 'manual' });
    const otherId = cookieOf(other, 'tramites_sesion') ?? '';
    await rows().replaceSealedSession(otherId, stored?.sealed ?? '');
    expect((await openStoredSession(w.h.db.dataSource, otherId))?.data).toBeUndefined();
    const followed = await fetch(`${w.webUrl}/turno/quien`, { redirect: 'manual', headers: { Cookie: `tramites_sesion=${otherId}` } });
    expect(followed.status).toBe(303);
    expect(followed.headers.get('location')).toBe('/turno/tramite');
  });

  it('the store answers only signed calls: the key in a header is refused, as are unsigned, stale, re-targeted and plain-data calls', async () => {
    const page = await fetch(`${w.webUrl}/seguir`, { redirect: 'manual' });
    const id = cookieOf(page, 'tramites_sesion') ?? '';
    const path = `/internal/web-sessions/public/${id}`;

    const ok = await signed('GET', path);
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['absoluteExpiresAt', 'expiresAt', 'sealed']);

    // The old static header: refused alone and even alongside a good signature.
    expect((await request(apiUrl).get(path).set('X-Session-Store-Key', TEST_WEB_SESSION_STORE_KEY)).status).toBe(403);
    expect((await signed('GET', path, undefined, { 'X-Session-Store-Key': TEST_WEB_SESSION_STORE_KEY })).status).toBe(403);
    // Unsigned, signed a minute ago, signed for another session, signed with another key.
    expect((await request(apiUrl).get(path)).status).toBe(403);
    const stale = signedStoreHeaders(signingKey, 'GET', path, undefined, Date.now() - 60_000);
    expect((await request(apiUrl).get(path).set(stale)).status).toBe(403);
    const elsewhere = signedStoreHeaders(signingKey, 'GET', '/internal/web-sessions/public/AAAAAAAAAAAAAAAAAAAAAAAA');
    expect((await request(apiUrl).get(path).set(elsewhere)).status).toBe(403);
    const otherKey = signedStoreHeaders(deriveStoreKey('another-web-session-store-key-0123456789', WEB_STORE_SIGNING_KEY_INFO), 'GET', path);
    expect((await request(apiUrl).get(path).set(otherKey)).status).toBe(403);
    // A body changed after signing.
    const put = { sealed: 'v1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', expiresAt: new Date(Date.now() + 60_000).toISOString() };
    const putHeaders = signedStoreHeaders(signingKey, 'PUT', path, JSON.stringify({ ...put, absoluteExpiresAt: put.expiresAt }));
    const tampered = await request(apiUrl)
      .put(path)
      .set(putHeaders)
      .send({ ...put, absoluteExpiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(tampered.status).toBe(403);
    // Plain data is not stored: only what the web sealed.
    const plain = await signed('PUT', path, { data: { booking: { email: 'ana@example.ec' } }, expiresAt: put.expiresAt, absoluteExpiresAt: put.expiresAt });
    expect(plain.status).toBe(400);
  });

  it('takes each signed call once: the same signed request replayed within its window is refused', async () => {
    const id = cookieOf(await fetch(`${w.webUrl}/seguir`, { redirect: 'manual' }), 'tramites_sesion') ?? '';
    const path = `/internal/web-sessions/public/${id}`;
    const headers = signedStoreHeaders(signingKey, 'GET', path);
    expect((await request(apiUrl).get(path).set(headers)).status).toBe(200);
    // A copy of the call (say, lifted from the wire or a proxy's log) sent again a moment later.
    expect((await request(apiUrl).get(path).set(headers)).status).toBe(403);
    // The web itself signs every call anew: its own next read still works.
    expect((await signed('GET', path)).status).toBe(200);
  });

  it('names its refusals: 403 SESSION_STORE.FORBIDDEN to an unsigned call, 404 SESSION_STORE.NOT_FOUND to a session it never stored', async () => {
    const path = `/internal/web-sessions/public/${'B'.repeat(24)}`;
    const unsigned = await request(apiUrl).get(path);
    expect(unsigned.status).toBe(403);
    expect(unsigned.body.error).toEqual({ code: 'SESSION_STORE.FORBIDDEN', message: ERROR_CODES['SESSION_STORE.FORBIDDEN'].message });
    const unknown = await signed('GET', path);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: unknown }).error).toEqual({
      code: 'SESSION_STORE.NOT_FOUND',
      message: ERROR_CODES['SESSION_STORE.NOT_FOUND'].message,
    });
  });

  it('a sealed session put back after a newer one was stored does not open (an older answer restored by whoever writes the table)', async () => {
    const page = await fetch(`${w.webUrl}/turno/tramite`, { redirect: 'manual' });
    const id = cookieOf(page, 'tramites_sesion') ?? '';
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    const answer = (procedure: string) =>
      fetch(`${w.webUrl}/turno/tramite`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Cookie: `tramites_sesion=${id}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `procedure=${procedure}&_csrf=${encodeURIComponent(csrf)}`,
      });
    expect((await answer('FOREIGNER_CODE_EMPLOYMENT')).status).toBe(303);
    const older = (await rows().sealedSession(id))?.sealed ?? '';
    expect((await answer('FOREIGNER_CODE')).status).toBe(303);
    expect((await openStoredSession(w.h.db.dataSource, id))?.data?.['booking']).toEqual({ procedure: 'FOREIGNER_CODE' });
    // The older sealed value, under its own id and key, put back in the table.
    await rows().replaceSealedSession(id, older);
    const followed = await fetch(`${w.webUrl}/turno/quien`, { redirect: 'manual', headers: { Cookie: `tramites_sesion=${id}` } });
    expect(followed.status).toBe(303);
    expect(followed.headers.get('location')).toBe('/turno/tramite');
  });

  it("an officer's session ends at sign-out for good: its sealed row put back with deadlines a month ahead does not sign anyone in", async () => {
    const context = await w.browser.newContext({ locale: 'es-EC' });
    const page = await w.signIn(context, 'gestor.quito', 'Gestor-Quito-2026');
    await page.waitForURL((u) => u.pathname === '/oficina');
    const officerId = (await context.cookies(`${w.webUrl}/oficina`)).find((c) => c.name === 'tramites_oficina')?.value ?? '';
    const db = w.h.db.dataSource;
    const copy = await rows().sealedSession(officerId);
    expect(copy?.kind).toBe('officer');
    const home = (): Promise<string> =>
      fetch(`${w.webUrl}/oficina`, { redirect: 'manual', headers: { Cookie: `tramites_oficina=${officerId}` } }).then((r) => r.text());
    // Signed in, the officers' home greets the role and offers to sign out; signed out, it offers to sign in.
    expect(await home()).toContain('Inicio: ');

    await page.getByRole('button', { name: 'Salir' }).click();
    for (let i = 0; i < 50 && (await rows().sealedSession(officerId)); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await rows().sealedSession(officerId)).toBeUndefined();
    // Whoever writes web_sessions puts the row back, its deadlines a month ahead (the sealed value is untouched).
    await db.query(
      `INSERT INTO web_sessions (id, kind, sealed, expires_at, absolute_expires_at) VALUES ($1, 'officer', $2, now() + interval '30 days', now() + interval '30 days')`,
      [officerId, copy?.sealed],
    );
    const restored = await home();
    expect(restored).not.toContain('Inicio: ');
    expect(restored).not.toContain('Salir');
    await context.close();
  });

  it("a session's deadlines are the sealed ones: the table's columns pushed a year ahead do not keep a session past its absolute life", async () => {
    const sealer = SessionSealer.fromSecret(TEST_WEB_SESSION_STORE_KEY);
    const page = await fetch(`${w.webUrl}/turno/tramite`, { redirect: 'manual' });
    const id = cookieOf(page, 'tramites_sesion') ?? '';
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    await fetch(`${w.webUrl}/turno/tramite`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: `tramites_sesion=${id}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `procedure=FOREIGNER_CODE_EMPLOYMENT&_csrf=${encodeURIComponent(csrf)}`,
    });
    const stored = (await openStoredSession(w.h.db.dataSource, id))?.opened;
    expect(stored?.absoluteExpiresAt).toBeGreaterThan(Date.now());
    // As the web sealed it when its absolute life was over a second ago (a newer generation), and the columns a year ahead.
    const over = Date.now() - 1000;
    const sealed = sealer.seal('public', id, { ...(stored as SealedSession), absoluteExpiresAt: over, expiresAt: over, generation: Date.now() + 1000 });
    await w.h.db.dataSource.query(
      `UPDATE web_sessions SET sealed = $2, expires_at = now() + interval '1 year', absolute_expires_at = now() + interval '1 year' WHERE id = $1`,
      [id, sealed],
    );
    const followed = await fetch(`${w.webUrl}/turno/quien`, { redirect: 'manual', headers: { Cookie: `tramites_sesion=${id}` } });
    expect(followed.status).toBe(303);
    expect(followed.headers.get('location')).toBe('/turno/tramite');
  });

  it('refuses and deletes an expired session when it is asked for, and the purge removes the other expired rows', async () => {
    const a = cookieOf(await fetch(`${w.webUrl}/seguir`, { redirect: 'manual' }), 'tramites_sesion') ?? '';
    const b = cookieOf(await fetch(`${w.webUrl}/seguir`, { redirect: 'manual' }), 'tramites_sesion') ?? '';
    await rows().endSessionLife(a, 'idle');
    await rows().endSessionLife(b, 'absolute');
    expect((await signed('GET', `/internal/web-sessions/public/${a}`)).status).toBe(404);
    expect(await rows().sealedSession(a)).toBeUndefined();
    // The web treats it as no session: a page with a form starts a new one.
    const again = await fetch(`${w.webUrl}/seguir`, { redirect: 'manual', headers: { Cookie: `tramites_sesion=${a}` } });
    expect(cookieOf(again, 'tramites_sesion')).not.toBe(a);
    expect(await rows().sealedSession(b)).toBeDefined();
    expect(await new WebSessionRepository(w.h.db.dataSource).sweep()).toBeGreaterThanOrEqual(1);
    expect(await rows().sealedSession(b)).toBeUndefined();
  });

  it("the codec's refusal of a case manager cannot go unlogged: while the access log cannot be written it answers 503 SERVICE.UNAVAILABLE", async () => {
    const context = await w.browser.newContext({ locale: 'es-EC' });
    const page = await w.signIn(context, 'gestor.quito', 'Gestor-Quito-2026');
    await page.waitForURL((u) => u.pathname === '/oficina');
    await rows().breakWebAccessLog();
    try {
      const codec = await page.request.post(`${w.webUrl}/oficina/codec/decode`, { data: { payloads: [] } });
      expect(codec.status()).toBe(503);
      expect(((await codec.json()) as { error: unknown }).error).toEqual({
        code: 'SERVICE.UNAVAILABLE',
        message: 'El registro de accesos no responde; inténtelo de nuevo en unos minutos.',
      });
    } finally {
      await rows().repairWebAccessLog();
    }
    const logged = await page.request.post(`${w.webUrl}/oficina/codec/decode`, { data: { payloads: [] } });
    expect(logged.status()).toBe(403);
    await context.close();
  });

  it('no officer sign-in and no refused page without its access-log row: when the row cannot be written the officers get a 503 page and nothing else', async () => {
    // A case manager signed in while the log works.
    const context = await w.browser.newContext({ locale: 'es-EC' });
    const page = await w.signIn(context, 'gestor.quito', 'Gestor-Quito-2026');
    await page.waitForURL((u) => u.pathname === '/oficina');
    const db = w.h.db.dataSource;
    await rows().breakWebAccessLog();
    try {
      // A page of another role: its refusal cannot be logged, so the page answers 503 and shows nothing of it.
      const refused = await page.goto(`${w.webUrl}/oficina/auditoria/accesos`);
      expect(refused?.status()).toBe(503);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('No se pudo registrar el acceso');
      expect(await page.locator('main').innerText()).not.toContain('Ingresos');
      expect(await page.locator('main').innerText()).not.toContain('Esta página es solo para');

      // A sign-in whose row cannot be written does not sign in.
      const other = await w.browser.newContext({ locale: 'es-EC' });
      const signIn = await w.signIn(other, 'auditor', 'Auditor-2026');
      await signIn.waitForURL((u) => u.pathname === '/oficina/callback');
      expect(await signIn.getByRole('heading', { level: 1 }).innerText()).toBe('No se pudo registrar el acceso');
      expect(await signIn.locator('header').innerText()).not.toContain('Rosa Auditora');
      await w.axe(signIn);
      const home = await signIn.goto(`${w.webUrl}/oficina/auditoria/accesos`);
      // Not signed in: sent to the provider to sign in again.
      expect(new URL(home?.url() ?? w.webUrl).pathname).not.toBe('/oficina/auditoria/accesos');
      const officerId = (await other.cookies(`${w.webUrl}/oficina`)).find((c) => c.name === 'tramites_oficina')?.value ?? '';
      expect((await openStoredSession(db, officerId))?.data?.['officer']).toBeUndefined();
      await other.close();
    } finally {
      await rows().repairWebAccessLog();
    }
    // The log works again: the same refusal is a logged 403.
    const refused = await page.goto(`${w.webUrl}/oficina/auditoria/accesos`);
    expect(refused?.status()).toBe(403);
    await context.close();
  });
});
