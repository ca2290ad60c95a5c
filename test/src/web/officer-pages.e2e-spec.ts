import { importJWK, SignJWT, type JWK } from 'jose';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ApiHarness } from '../support/api-harness';
import type { RunningTestProvider } from '../support/officer-harness';
import { startOfficerWeb, type OfficerWeb } from '../support/officer-web';

/**
 * The officers' back office (issue 15, ADR 0021) in Debian's Chromium: sign-in through the
 * embedded OpenID provider (a real child process, code + PKCE), a failed sign-in, sign-out; the
 * API accepting the provider's tokens by its JWKS; axe (WCAG 2.2 AA) on every page visited.
 */
describe('the officers pages in Chromium', () => {
  let w: OfficerWeb;
  let h: ApiHarness;
  let webUrl: string;
  let provider: RunningTestProvider;
  let browser: Browser;

  beforeAll(async () => {
    w = await startOfficerWeb('officer_pages');
    ({ h, webUrl, provider, browser } = w);
  });
  afterAll(async () => {
    await w?.close();
  });

  const axe = (page: Page): Promise<void> => w.axe(page);
  const signIn = (context: BrowserContext, username: string, password: string, path?: string): Promise<Page> => w.signIn(context, username, password, path);

  async function accessLog(event: string, officerId?: string): Promise<Array<{ officer_id: string | null; reason: string | null; path: string | null }>> {
    return h.db.dataSource.query(`SELECT officer_id, reason, path FROM officer_access_log WHERE event = $1 AND ($2::text IS NULL OR officer_id = $2) ORDER BY id`, [event, officerId ?? null]);
  }

  it('signs an auditor in through the OpenID provider (code + PKCE), shows the shell, keeps the session server-side apart from the public one, and signs out at the provider too', async () => {
    const context = await browser.newContext({ locale: 'es-EC' });
    const start = await context.newPage();
    await start.goto(`${webUrl}/oficina`);
    await axe(start);
    await start.close();
    const page = await signIn(context, 'auditor', 'Auditor-2026');
    await page.waitForURL((u) => u.pathname === '/oficina');
    expect(await page.locator('header').innerText()).toContain('Rosa Auditora');
    expect(await page.locator('header').innerText()).toContain('Auditor');
    await axe(page);

    const cookies = await context.cookies(`${webUrl}/oficina`);
    const officerCookie = cookies.find((c) => c.name === 'tramites_oficina');
    expect(officerCookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/oficina' });
    // The session lives in the API's store (a web restart keeps it), under the officers' kind only.
    const [row] = (await h.db.dataSource.query(`SELECT kind, data FROM web_sessions WHERE id = $1`, [officerCookie?.value])) as Array<{ kind: string; data: Record<string, unknown> }>;
    expect(row?.kind).toBe('officer');
    expect(row?.data['officer']).toMatchObject({ sub: 'auditor-1', role: 'auditor' });
    // The public pages do not see the officer's session: they open a public one of their own.
    await page.goto(`${webUrl}/`);
    const publicCookie = (await context.cookies(webUrl)).find((c) => c.name === 'tramites_sesion');
    expect(publicCookie?.value).toBeDefined();
    expect(publicCookie?.value).not.toBe(officerCookie?.value);
    const mixed = (await h.db.dataSource.query(`SELECT kind FROM web_sessions WHERE id = $1`, [publicCookie?.value])) as Array<{ kind: string }>;
    expect(mixed.map((m) => m.kind)).toEqual(['public']);

    expect((await accessLog('sign_in', 'auditor-1')).length).toBeGreaterThanOrEqual(1);

    await page.goto(`${webUrl}/oficina`);
    await page.getByRole('button', { name: 'Salir' }).click();
    // The provider's end-session page asks; yes ends the provider's session too.
    await page.getByRole('button', { name: 'Sí, cerrar sesión' }).click();
    await page.waitForURL((u) => u.pathname === '/oficina/salida');
    await axe(page);
    expect((await h.db.dataSource.query(`SELECT 1 FROM web_sessions WHERE id = $1`, [officerCookie?.value])).length).toBe(0);
    expect((await accessLog('sign_out', 'auditor-1')).length).toBe(1);
    await page.goto(`${webUrl}/oficina`);
    expect(await page.getByRole('button', { name: 'Ingresar' }).count()).toBe(1);
    await context.close();
  });

  it('refuses a wrong password at the provider, says so on an accessible page, and logs the failed sign-in', async () => {
    const context = await browser.newContext({ locale: 'es-EC' });
    const page = await signIn(context, 'gestor.quito', 'no-es-la-clave');
    await page.waitForURL((u) => u.pathname.startsWith('/interaccion/'));
    expect(await page.getByRole('alert').innerText()).toContain('El usuario o la contraseña no son correctos');
    expect(await page.getByLabel('Usuario').inputValue()).toBe('gestor.quito');
    await axe(page);
    const failed = await accessLog('sign_in_failed');
    expect(failed.some((f) => f.reason?.includes('gestor.quito'))).toBe(true);
    // The right password then signs the case manager in, with their agency in the header.
    await page.getByLabel('Contraseña').fill('Gestor-Quito-2026');
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.waitForURL((u) => u.pathname === '/oficina');
    expect(await page.locator('header').innerText()).toContain('UIO-NORTE');
    await context.close();
  });

  it('the API accepts the provider access tokens by its JWKS (role, agency and province from the claims) and refuses others', async () => {
    const jwk = JSON.parse(provider.signingJwk) as JWK & { kid: string };
    const key = await importJWK(jwk, 'RS256');
    const sign = (claims: Record<string, unknown>, over: { iss?: string; aud?: string } = {}): Promise<string> =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: jwk.kid, typ: 'at+jwt' })
        .setSubject(String(claims['sub'] ?? 'auditor-1'))
        .setIssuer(over.iss ?? provider.issuer)
        .setAudience(over.aud ?? 'tramites-api')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(key);
    const auditor = await sign({ sub: 'auditor-1', role: 'auditor' });
    expect((await h.http().get('/audit/officer-access').set('Authorization', `Bearer ${auditor}`)).status).toBe(200);
    const manager = await sign({ sub: 'officer-uio-norte-1', role: 'case_manager', agency_id: 'UIO-NORTE' });
    expect((await h.http().get('/audit/officer-access').set('Authorization', `Bearer ${manager}`)).status).toBe(403);
    // Another audience, another issuer, an applicant's role, a manager without agency: not valid tokens.
    for (const bad of [
      await sign({ sub: 'auditor-1', role: 'auditor' }, { aud: 'otra-api' }),
      await sign({ sub: 'auditor-1', role: 'auditor' }, { iss: 'http://127.0.0.1:1' }),
      await sign({ sub: 'x', role: 'applicant' }),
      await sign({ sub: 'officer-uio-norte-1', role: 'case_manager' }),
    ]) {
      const r = await h.http().get('/audit/officer-access').set('Authorization', `Bearer ${bad}`);
      expect({ status: r.status, code: r.body.error?.code }).toEqual({ status: 401, code: 'AUTH.TOKEN_INVALID' });
    }
    // A token signed by a key the provider does not publish.
    const other = await importJWK(JSON.parse((await import('@tramites/infra')).generateOidcSigningJwk()) as JWK, 'RS256');
    const forged = await new SignJWT({ role: 'auditor' }).setProtectedHeader({ alg: 'RS256', kid: jwk.kid }).setSubject('auditor-1').setIssuer(provider.issuer).setAudience('tramites-api').setExpirationTime('5m').sign(other);
    expect((await h.http().get('/audit/officer-access').set('Authorization', `Bearer ${forged}`)).status).toBe(401);
    // The API's own tokens still work.
    expect((await h.http().get('/audit/officer-access').set('Authorization', `Bearer ${await h.token({ sub: 'auditor-2', role: 'auditor' })}`)).status).toBe(200);
  });
});
