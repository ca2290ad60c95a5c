import { isBusinessDay, toLocalDate } from '@tramites/domain';
import { generateOidcSigningJwk } from '@tramites/devenv';
import { importJWK, SignJWT, type JWK } from 'jose';
import type { Browser } from 'playwright-core';
import { TEST_JWT_SECRET, type ApiHarness, bookCaseThroughApi } from '@tramites/testing/api';
import { type RunningTestProvider, startOfficerWeb, type OfficerWeb, openStoredSession } from '@tramites/testing/web';

/**
 * The officers' back office (ADR 0021) in Debian's Chromium: sign-in through the
 * embedded OpenID provider (a real child process, code + PKCE), a failed sign-in, sign-out; the
 * API accepting the provider's tokens by its JWKS; axe (WCAG 2.2 AA) on every page visited.
 */
describe('the officers pages in Chromium', () => {
  let officerWeb: OfficerWeb;
  let h: ApiHarness;
  let webUrl: string;
  let provider: RunningTestProvider;
  let browser: Browser;
  let axe: OfficerWeb['axe'];
  let signIn: OfficerWeb['signIn'];

  beforeAll(async () => {
    officerWeb = await startOfficerWeb('officer_pages');
    ({ h, webUrl, provider, browser, axe, signIn } = officerWeb);
  });
  afterAll(async () => {
    await officerWeb?.close();
  });

  async function accessLog(event: string, officerId?: string): Promise<Array<{ officer_id: string | null; reason: string | null; path: string | null }>> {
    return h.db.dataSource.query(
      `SELECT officer_id, reason, path FROM officer_access_log WHERE event = $1 AND ($2::text IS NULL OR officer_id = $2) ORDER BY id`,
      [event, officerId ?? null],
    );
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
    // Sealed by the web (ADR 0021): the table holds ciphertext only, which the suite's key opens.
    const row = await openStoredSession(h.db.dataSource, officerCookie?.value ?? '');
    expect(row?.kind).toBe('officer');
    expect(row?.sealed).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(row?.data?.['officer']).toMatchObject({ sub: 'auditor-1', role: 'auditor' });
    // The public pages do not see the officer's session: a public form opens a public one of its own.
    await page.goto(`${webUrl}/seguir`);
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
    const other = await importJWK(JSON.parse(generateOidcSigningJwk()) as JWK, 'RS256');
    const forged = await new SignJWT({ role: 'auditor' })
      .setProtectedHeader({ alg: 'RS256', kid: jwk.kid })
      .setSubject('auditor-1')
      .setIssuer(provider.issuer)
      .setAudience('tramites-api')
      .setExpirationTime('5m')
      .sign(other);
    expect((await h.http().get('/audit/officer-access').set('Authorization', `Bearer ${forged}`)).status).toBe(401);
    // An auditor's token signed with the API's own secret (JWT_SECRET): officers come from the provider only.
    const selfMinted = await new SignJWT({ role: 'auditor' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject('auditor-2')
      .setIssuer('tramites-iess')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    expect((await h.http().get('/audit/officer-access').set('Authorization', `Bearer ${selfMinted}`)).status).toBe(401);
  });

  it('refuses a page to a role that may not see it (a 403 page naming the roles), and logs the refused access', async () => {
    const context = await browser.newContext({ locale: 'es-EC' });
    const page = await signIn(context, 'juridico.guayas', 'Juridico-Guayas-2026', '/oficina/auditoria');
    await page.waitForURL((u) => u.pathname === '/oficina/auditoria');
    expect(await page.locator('h1').innerText()).toBe('No tiene acceso a esta página');
    expect(await page.locator('main').innerText()).toContain('Su rol es Asesoría Jurídica');
    await axe(page);
    const response = await page.goto(`${webUrl}/oficina/admin/agencias`);
    expect(response?.status()).toBe(403);
    const refused = await accessLog('access_refused', 'legal-guayas-1');
    expect(refused.map((r) => r.path)).toEqual(['/oficina/auditoria', '/oficina/admin/agencias']);
    // The codec through the officers' pages: only auditors and administrators.
    const codec = await page.request.post(`${webUrl}/oficina/codec/decode`, { data: { payloads: [] } });
    expect(codec.status()).toBe(403);
    await context.close();
  });

  it('the auditor searches actions, opens a case timeline with actors and data, checks its chain, sees its state as of a date, replays it, exports it, and sees who read it', async () => {
    const applicant = await h.token({ sub: 'PX7654321', role: 'applicant' });
    const caseId = await bookCaseThroughApi({ http: h.http, smtp: h.smtp, dataSource: h.db.dataSource }, `Bearer ${applicant}`, 'PX7654321');
    const context = await browser.newContext({ locale: 'es-EC' });
    const page = await signIn(context, 'auditor', 'Auditor-2026', '/oficina/auditoria');
    await page.waitForURL((u) => u.pathname === '/oficina/auditoria');
    await axe(page);
    await page.getByLabel('Actor (identificador)').fill('PX7654321');
    await page.getByRole('button', { name: 'Buscar', exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('actorId') === 'PX7654321');
    expect(await page.locator('main').innerText()).toContain('PX7654321');
    await axe(page);
    await page
      .getByRole('link', { name: new RegExp(caseId) })
      .first()
      .click();
    await page.waitForURL((u) => u.pathname === `/oficina/auditoria/tramites/${caseId}`);
    const main = await page.locator('main').innerText();
    expect(main).toContain('Íntegra');
    expect(main).toContain('el solicitante (PX7654321)');
    await axe(page);

    await page.getByLabel('Fecha (AAAA-MM-DD)').fill('2020-01-01');
    await page.getByRole('button', { name: 'Ver el estado' }).click();
    await page.waitForURL((u) => u.searchParams.get('dia') === '2020-01-01');
    expect(await page.locator('.govuk-inset-text').innerText()).toContain('El trámite no existía todavía');
    await page.getByLabel('Fecha (AAAA-MM-DD)').fill(toLocalDate(Date.now() + 86_400_000));
    await page.getByRole('button', { name: 'Ver el estado' }).click();
    await page.waitForURL((u) => u.searchParams.get('dia') === toLocalDate(Date.now() + 86_400_000));
    expect(await page.locator('.govuk-inset-text').innerText()).toContain('Turno reservado');

    // The replay bundles the current workflow code first: it may take a while on a loaded machine.
    page.setDefaultNavigationTimeout(180_000);
    page.setDefaultTimeout(180_000);
    await page.getByRole('button', { name: 'Reproducir el historial' }).click();
    await page.waitForURL((u) => u.pathname.endsWith('/reproduccion'));
    expect(await page.locator('main').innerText()).toContain('Se reproduce sin diferencias');
    await axe(page);

    await page.goto(`${webUrl}/oficina/auditoria/tramites/${caseId}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Exportar el historial/ }).click()]);
    expect(download.suggestedFilename()).toBe(`case-${caseId}-history.json`);

    await page.goto(`${webUrl}/oficina/auditoria/lecturas?caseId=${caseId}`);
    const reads = await page.locator('main').innerText();
    for (const action of ['audit_timeline', 'audit_verification', 'audit_state_as_of', 'audit_replay', 'audit_history_export']) expect(reads).toContain(action);
    expect(reads).toContain('auditor-1');
    await axe(page);
    await page.goto(`${webUrl}/oficina/auditoria/puntos-de-control`);
    await axe(page);
    await page.goto(`${webUrl}/oficina/auditoria/accesos`);
    expect(await page.locator('main').innerText()).toContain('Acceso rechazado');
    await axe(page);
    await context.close();
  });

  it('the administrator declares a local holiday: that day the agency has no slots (the free ones are removed), and edits the hours and an officer role', async () => {
    let day = toLocalDate(Date.now() + 3 * 86_400_000);
    while (!isBusinessDay(day)) day = toLocalDate(Date.parse(`${day}T17:00:00Z`) + 86_400_000);
    const before = await h.http().get(`/agencies/UIO-NORTE/availability?date=${day}`);
    expect(before.body.items.length).toBeGreaterThan(0);

    const context = await browser.newContext({ locale: 'es-EC' });
    const page = await signIn(context, 'admin', 'Admin-2026', '/oficina/admin/agencias');
    await page.waitForURL((u) => u.pathname === '/oficina/admin/agencias');
    await axe(page);
    await page.goto(`${webUrl}/oficina/admin/agencias/UIO-NORTE?dia=${day}`);
    expect(await page.locator('#turnos tbody tr').count()).toBe(before.body.items.length);
    await axe(page);

    await page.getByLabel('Día del feriado (AAAA-MM-DD)').fill('mañana');
    await page.getByRole('button', { name: 'Declarar el feriado' }).click();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Escriba el día del feriado como AAAA-MM-DD');
    expect(await page.getByLabel('Día del feriado (AAAA-MM-DD)').inputValue()).toBe('mañana');
    await axe(page);
    await page.getByLabel('Día del feriado (AAAA-MM-DD)').fill(day);
    await page.getByLabel('Nombre del feriado').fill('Fiesta local de prueba');
    await page.getByRole('button', { name: 'Declarar el feriado' }).click();
    await page.waitForURL((u) => u.searchParams.get('aviso') === 'feriado');
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('ese día ya no tiene turnos');
    expect(await page.locator('#sin-turnos').count()).toBe(1);
    expect(await page.locator('main').innerText()).toContain('Fiesta local de prueba');
    await axe(page);
    const [{ n }] = (await h.db.dataSource.query(
      `SELECT count(*)::int AS n FROM appointment_slots WHERE agency_id = 'UIO-NORTE' AND (starts_at AT TIME ZONE 'America/Guayaquil')::date = $1::date`,
      [day],
    )) as [{ n: number }];
    expect(n).toBe(0);
    expect((await h.http().get(`/agencies/UIO-NORTE/availability?date=${day}`)).body.items).toEqual([]);

    await page.getByLabel('Puestos por turno').fill('5');
    await page.getByRole('button', { name: 'Guardar el horario' }).click();
    await page.waitForURL((u) => u.searchParams.get('aviso') === 'horario');
    expect(await page.getByLabel('Puestos por turno').inputValue()).toBe('5');

    await page.goto(`${webUrl}/oficina/admin/funcionarios`);
    await axe(page);
    await page.getByLabel('Rol de gestor.guayaquil').selectOption('auditor');
    await page.getByRole('button', { name: 'Guardar el rol de gestor.guayaquil' }).click();
    await page.waitForURL((u) => u.searchParams.get('aviso') === 'rol');
    const [officer] = (await h.db.dataSource.query(`SELECT role, agency_id FROM dev_officers WHERE username = 'gestor.guayaquil'`)) as Array<{
      role: string;
      agency_id: string | null;
    }>;
    expect(officer).toEqual({ role: 'auditor', agency_id: null });
    await context.close();
  });

  it('re-authenticates a signed-in officer with prompt=login (auth_time checked) and logs it', async () => {
    const context = await browser.newContext({ locale: 'es-EC' });
    const page = await signIn(context, 'juridico.pichincha', 'Juridico-Pich-2026');
    await page.waitForURL((u) => u.pathname === '/oficina');
    await page.goto(`${webUrl}/oficina/ingresar?reautenticar=1&volver=${encodeURIComponent('/oficina?vuelta=1')}`);
    await page.waitForURL((u) => u.pathname.startsWith('/interaccion/'));
    expect(await page.locator('h1').innerText()).toBe('Confirme su identidad');
    await page.getByLabel('Usuario').fill('juridico.pichincha');
    await page.getByLabel('Contraseña').fill('Juridico-Pich-2026');
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.waitForURL((u) => u.pathname === '/oficina' && u.searchParams.get('vuelta') === '1');
    expect((await accessLog('reauthenticated', 'legal-pichincha-1')).length).toBe(1);
    // Confirming as someone else does not count.
    await page.goto(`${webUrl}/oficina/ingresar?reautenticar=1`);
    await page.getByLabel('Usuario').fill('juridico.guayas');
    await page.getByLabel('Contraseña').fill('Juridico-Guayas-2026');
    await page.getByRole('button', { name: 'Ingresar' }).click();
    expect(await page.getByRole('alert').innerText()).toContain('Confirme su identidad con su propio usuario');
    await context.close();
  });

  it('the Temporal Web UI decodes payloads through the officers pages with the auditor cookie (CORS with credentials), recorded under the auditor id', async () => {
    const context = await browser.newContext({ locale: 'es-EC' });
    const page = await signIn(context, 'auditor', 'Auditor-2026');
    await page.waitForURL((u) => u.pathname === '/oficina');
    const origin = 'http://localhost:8233';
    const preflight = await page.request.fetch(`${webUrl}/oficina/codec/decode`, {
      method: 'OPTIONS',
      headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,x-namespace' },
    });
    expect(preflight.status()).toBe(204);
    expect(preflight.headers()['access-control-allow-origin']).toBe(origin);
    expect(preflight.headers()['access-control-allow-credentials']).toBe('true');
    const plain = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('"hola"').toString('base64') };
    const decoded = await page.request.post(`${webUrl}/oficina/codec/decode`, {
      headers: { Origin: origin, 'X-Namespace': 'tramites', 'X-Workflow-Id': 'case:prueba' },
      data: { payloads: [plain] },
    });
    expect(decoded.status()).toBe(200);
    expect(decoded.headers()['access-control-allow-origin']).toBe(origin);
    expect((await decoded.json()).payloads).toEqual([plain]);
    const logged = (await h.db.dataSource.query(`SELECT actor_id, actor_role, workflow_id FROM codec_access_log ORDER BY id DESC LIMIT 1`)) as unknown[];
    expect(logged).toEqual([{ actor_id: 'auditor-1', actor_role: 'auditor', workflow_id: 'case:prueba' }]);
    // Another origin, or no session: refused.
    expect((await page.request.post(`${webUrl}/oficina/codec/decode`, { headers: { Origin: 'https://otro.example' }, data: { payloads: [] } })).status()).toBe(
      403,
    );
    const anonymous = await browser.newContext();
    expect((await anonymous.request.post(`${webUrl}/oficina/codec/decode`, { headers: { Origin: origin }, data: { payloads: [] } })).status()).toBe(401);
    await anonymous.close();
    await context.close();
  });
});
