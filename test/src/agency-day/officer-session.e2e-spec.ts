import { BackOfficeTestRows } from '@tramites/testing/rows';
import { DeskCases } from '@tramites/testing/api';
import { openStoredSession, startOfficerWeb, TEST_WEB_SESSION_STORE_KEY, type OfficerWeb } from '@tramites/testing/web';
import { SessionSealer, type SealedSession } from '@tramites/web';
import { decodeJwt } from 'jose';
import type { BrowserContext, Page } from 'playwright-core';

const MANAGER = { username: 'gestor.quito', password: 'Gestor-Quito-2026', sub: 'officer-uio-norte-1' };

/**
 * An officer's session over a working day (ADR 0021, sessions that never lose work), in Chromium
 * on the production settings (OFFICER_IDLE_MINUTES 30, OFFICER_SESSION_HOURS 10, the provider's
 * one-hour access tokens). Nothing here shortens a lifetime: where a test needs the clock to have
 * moved, it moves the deadlines the web sealed in the officer's stored session (the access token's
 * recorded expiry, the idle deadline), as a web process would find them after that time.
 */
describe('the officer session over a day', () => {
  let w: OfficerWeb;
  let cases: DeskCases;

  beforeAll(async () => {
    w = await startOfficerWeb('officer_session');
    cases = new DeskCases(w.h);
  });
  afterAll(async () => {
    await w?.close();
  });

  const sessionIdOf = async (context: BrowserContext): Promise<string> =>
    (await context.cookies(`${w.webUrl}/oficina`)).find((c) => c.name === 'tramites_oficina')?.value ?? '';

  /** The stored session sealed again after `change` (a later generation, as the web's next save would be). */
  async function moveStored(sessionId: string, change: (s: SealedSession) => SealedSession): Promise<void> {
    const stored = await openStoredSession(w.h.db.dataSource, sessionId);
    if (!stored?.opened) throw new Error('no stored officer session');
    const next = change(stored.opened);
    await new BackOfficeTestRows(w.h.db.dataSource).replaceSealedSession(
      sessionId,
      SessionSealer.fromSecret(TEST_WEB_SESSION_STORE_KEY).seal('officer', sessionId, { ...next, generation: stored.opened.generation + 1 }),
    );
  }
  const stored = async (sessionId: string): Promise<Record<string, unknown>> => (await openStoredSession(w.h.db.dataSource, sessionId))?.data ?? {};

  async function signedIn(path = '/oficina/escritorio'): Promise<{ context: BrowserContext; page: Page; id: string }> {
    const context = await w.browser.newContext({ locale: 'es-EC' });
    const page = await w.signIn(context, MANAGER.username, MANAGER.password, path);
    await page.waitForURL((u) => u.pathname === path);
    return { context, page, id: await sessionIdOf(context) };
  }

  const accessLogRows = async (event: string): Promise<Array<{ reason: string | null }>> =>
    (await w.h.db.dataSource.query(`SELECT reason FROM officer_access_log WHERE event = $1 AND officer_id = $2 ORDER BY id`, [event, MANAGER.sub])) as Array<{
      reason: string | null;
    }>;

  it('an hour of activity is not cut: each time the access token runs out, the page renews it with the refresh token and the API takes the new one', async () => {
    const { context, page, id } = await signedIn();
    const first = await stored(id);
    expect(typeof first['refreshToken']).toBe('string');
    const signedInAt = decodeJwt(String(first['accessToken']))['auth_time'];
    let previous = String(first['accessToken']);
    // Four quarters of an hour of work; at each, the access token the session holds has expired (its recorded expiry passed).
    for (let quarter = 1; quarter <= 4; quarter += 1) {
      await moveStored(id, (s) => ({ ...s, data: { ...s.data, accessTokenExpiresAt: Date.now() - 1_000 } }));
      await page.goto(`${w.webUrl}/oficina/escritorio`);
      expect(new URL(page.url()).pathname).toBe('/oficina/escritorio');
      expect(await page.getByRole('button', { name: 'Salir' }).count()).toBe(1);
      const now = await stored(id);
      expect(now['accessToken']).not.toBe(previous);
      expect(Number(now['accessTokenExpiresAt'])).toBeGreaterThan(Date.now() + 50 * 60_000);
      // The renewed token is the same sign-in (no step-up by refreshing).
      expect(decodeJwt(String(now['accessToken']))['auth_time']).toBe(signedInAt);
      previous = String(now['accessToken']);
    }
    // Requests that arrive together when the token runs out share one renewal: none of them is signed out.
    await moveStored(id, (s) => ({ ...s, data: { ...s.data, accessTokenExpiresAt: Date.now() - 1_000 } }));
    const together = await Promise.all([1, 2, 3].map(() => page.request.get(`${w.webUrl}/oficina/escritorio`, { maxRedirects: 0 })));
    expect(together.map((r) => r.status())).toEqual([200, 200, 200]);
    // The absolute life is the session's own (OFFICER_SESSION_HOURS, 10), not the access token's hour.
    const sealed = (await openStoredSession(w.h.db.dataSource, id))?.opened;
    expect((sealed?.absoluteExpiresAt ?? 0) - Date.now()).toBeGreaterThan(9.5 * 3_600_000);
    await context.close();
  });

  it('warns before the idle timeout, in words and to screen readers; "Seguir trabajando" (keyboard) keeps the session for another 30 minutes', async () => {
    const { context, page, id } = await signedIn();
    // The browser's clock is driven (the page counts down on it); every request moves the idle deadline, so the page loads first.
    await page.clock.install();
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${w.webUrl}/oficina/escritorio`);
    // 28 minutes 30 seconds without a request: the page's clock jumps, and the stored deadline is where the web would find it then.
    await moveStored(id, (s) => ({ ...s, data: { ...s.data, idleUntil: Date.now() + 90_000 } }));
    await page.clock.fastForward('28:30');
    const dialog = page.getByRole('dialog', { name: 'Su sesión está por terminar' });
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.innerText()).toMatch(/terminará en (1 minuto|\d+ segundos|2 minutos)/);
    expect(await page.locator('#app-session-live').innerText()).toContain('Su sesión está por terminar');
    await w.axe(page);
    // The focus is on the button: Enter keeps the session.
    expect(String(await page.evaluate('document.activeElement && document.activeElement.textContent')).trim()).toBe('Seguir trabajando');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    const idleUntil = Number((await stored(id))['idleUntil']);
    expect(idleUntil).toBeGreaterThan(Date.now() + 29 * 60_000);
    // Past the old deadline the session is still there.
    await page.goto(`${w.webUrl}/oficina/escritorio`);
    expect(new URL(page.url()).pathname).toBe('/oficina/escritorio');
    await context.close();
  });

  it('after idling out, the window checklist as typed is kept across the sign-in (password asked again) and handed back on its page, nothing recorded', async () => {
    const { caseId, passport } = await cases.booked000('Rosa Elena Quintero Lara');
    const path = `/oficina/escritorio/tramites/${caseId}/ventanilla`;
    const { context, page, id } = await signedIn(path);
    const letter = page.getByRole('group', { name: 'Solicitud para afiliado', exact: true });
    await letter.getByLabel('Lo presentó').check();
    await letter.getByLabel('Original', { exact: true }).check();
    await letter.getByLabel('Nombres y apellidos').fill('Rosa Elena Quintero Lara');
    await letter.getByLabel('Número de documento de identidad').fill(passport);
    await letter.getByLabel('Narración detallada de la solicitud').fill('Solicito la asignación del código de extranjero.');
    // The officer went away for more than 30 minutes.
    await moveStored(id, (s) => ({ ...s, data: { ...s.data, idleUntil: Date.now() - 1_000 } }));
    await page.getByRole('button', { name: 'Registrar los documentos' }).click();
    // Ended here and at the provider, in the officers' layout.
    await page.waitForURL((u) => u.pathname === '/oficina/salida');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Su sesión terminó por inactividad');
    expect(await page.locator('body').innerText()).toContain('Guardamos lo que envió');
    expect(await page.locator('.app-header--officer').count()).toBe(1);
    await w.axe(page);
    expect((await accessLogRows('sign_out')).some((r) => r.reason === 'inactividad')).toBe(true);
    const lapsed = await stored(id);
    expect(lapsed['accessToken']).toBeUndefined();
    expect(lapsed['refreshToken']).toBeUndefined();
    expect(lapsed['officer']).toBeUndefined();

    await page.getByRole('link', { name: 'Volver a ingresar' }).click();
    // The provider asks for the password again.
    await page.waitForURL((u) => u.pathname.startsWith('/interaccion/'));
    await page.getByLabel('Usuario').fill(MANAGER.username);
    await page.getByLabel('Contraseña').fill(MANAGER.password);
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.waitForURL((u) => u.pathname === path);
    expect(await page.getByText('Recuperamos lo que escribió antes de que su sesión terminara.').count()).toBe(1);
    const again = page.getByRole('group', { name: 'Solicitud para afiliado', exact: true });
    expect(await again.getByLabel('Lo presentó').isChecked()).toBe(true);
    expect(await again.getByLabel('Original', { exact: true }).isChecked()).toBe(true);
    expect(await again.getByLabel('Nombres y apellidos').inputValue()).toBe('Rosa Elena Quintero Lara');
    expect(await again.getByLabel('Número de documento de identidad').inputValue()).toBe(passport);
    expect(await again.getByLabel('Narración detallada de la solicitud').inputValue()).toBe('Solicito la asignación del código de extranjero.');
    await w.axe(page);
    // Handed back once; nothing was sent to the case.
    expect((await stored(await sessionIdOf(context)))['draft']).toBeUndefined();
    expect((await cases.waitForStatus(caseId, 'scheduled')).status).toBe('scheduled');
    await context.close();
  });

  it('the draft is for the officer who typed it: another officer signing in on the same browser does not get it', async () => {
    const { caseId } = await cases.booked000('Tomás Andrés Vélez Mora');
    const path = `/oficina/escritorio/tramites/${caseId}/ventanilla`;
    const { context, page, id } = await signedIn(path);
    await page.getByRole('group', { name: 'Solicitud para afiliado', exact: true }).getByLabel('Nombres y apellidos').fill('Tomás Andrés Vélez Mora');
    await moveStored(id, (s) => ({ ...s, data: { ...s.data, idleUntil: Date.now() - 1_000 } }));
    await page.getByRole('button', { name: 'Registrar los documentos' }).click();
    await page.waitForURL((u) => u.pathname === '/oficina/salida');
    await page.getByRole('link', { name: 'Volver a ingresar' }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/interaccion/'));
    await page.getByLabel('Usuario').fill('auditor');
    await page.getByLabel('Contraseña').fill('Auditor-2026');
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/interaccion/'));
    expect(await page.getByText('Recuperamos lo que escribió').count()).toBe(0);
    expect((await stored(await sessionIdOf(context)))['draft']).toBeUndefined();
    await context.close();
  });

  it('after an idle logout a plain load asks for the password: the provider session ended too', async () => {
    const { context, page, id } = await signedIn('/oficina');
    await moveStored(id, (s) => ({ ...s, data: { ...s.data, idleUntil: Date.now() - 1_000 } }));
    await page.goto(`${w.webUrl}/oficina/escritorio`);
    await page.waitForURL((u) => u.pathname === '/oficina/salida');
    // The next person at the counter: no cookie of the web pages, only the browser's provider cookies.
    await context.clearCookies({ name: 'tramites_oficina' });
    expect((await context.cookies()).length).toBeGreaterThan(0);
    await page.goto(`${w.webUrl}/oficina`);
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/interaccion/'));
    expect(await page.getByLabel('Contraseña').count()).toBe(1);
    await context.close();
  });

  it("a form whose token does not match answers in the officers' layout, keyboard-reachable, with what to do", async () => {
    const { context, page } = await signedIn('/oficina/escritorio');
    await page.evaluate(`document.querySelector('form.app-header__signout input[name="_csrf"]').value = '${'x'.repeat(32)}'`);
    await page.evaluate("document.querySelector('form.app-header__signout').submit()");
    await page.waitForLoadState('domcontentloaded');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('El formulario caducó');
    expect(await page.locator('.app-header--officer').count()).toBe(1);
    expect(await page.locator('body').innerText()).toContain('Oficina virtual de funcionarios');
    await w.axe(page);
    await context.close();
  });
});
