import { freePort } from '@tramites/infra';
import { answersOk, appProcessEnv, startAppProcess, startCaseSuite, type AppProcess, type CaseSuite } from '@tramites/testing';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { launchChromium, startTestOidcProvider, type RunningTestProvider, openStoredSession } from '@tramites/testing/web';
import { solveCaptcha } from '@tramites/testing/api';

/**
 * No credential, key, token or code in any log line (ADR 0014): the API, the web pages, the
 * worker, the mailer and the embedded OpenID provider run as processes of their own, an
 * applicant and an officer go through them (the web's session store, a case token, the emailed
 * code, tokens in query strings, an officer's OpenID tokens), and every line that each process
 * printed is searched for every secret they used. The processes log at `debug` (production:
 * `info`), so that what an operator may turn on is checked too; NODE_ENV is `test` because the
 * embedded provider is for development only.
 */
describe('secrets never reach a log line', () => {
  let suite: CaseSuite;
  let provider: RunningTestProvider;
  let browser: Browser;
  const apps: Record<string, AppProcess> = {};
  let env: Record<string, string>;
  let api: string;
  let web: string;
  /** What each process printed, once they stopped. */
  const outputs: Record<string, string> = {};
  /** The secrets the run used, by name. */
  const secrets: Record<string, string> = {};

  beforeAll(async () => {
    suite = await startCaseSuite('secrets_logs', 2);
    const [apiPort, webPort, oidcPort] = [await freePort(), await freePort(), await freePort()];
    api = `http://127.0.0.1:${apiPort}`;
    web = `http://127.0.0.1:${webPort}`;
    provider = await startTestOidcProvider(suite.db.dataSource, suite.db.url, web, oidcPort);
    env = { ...appProcessEnv(suite), LOG_LEVEL: 'debug', OIDC_ISSUER_URL: provider.issuer, OIDC_EMBEDDED_PROVIDER: 'true' };
    const [worker, mailer, apiApp] = await Promise.all([
      startAppProcess('worker', env, /worker started/),
      startAppProcess('mailer', env, /mailer started/),
      startAppProcess('api', { ...env, PORT: String(apiPort), HOST: '127.0.0.1' }, answersOk(`${api}/health`)),
    ]);
    Object.assign(apps, { worker, mailer, api: apiApp });
    apps['web'] = await startAppProcess(
      'web',
      {
        ...env,
        WEB_PORT: String(webPort),
        WEB_HOST: '127.0.0.1',
        API_BASE_URL: api,
        WEB_PUBLIC_URL: web,
        OIDC_CLIENT_ID: provider.clientId,
        OIDC_CLIENT_SECRET: provider.clientSecret,
        WEB_SECURE_COOKIES: 'false',
      },
      answersOk(`${web}/`),
    );
    browser = await launchChromium();
    for (const name of [
      'WEB_SESSION_STORE_KEY',
      'JWT_SECRET',
      'TRAMITES_SECRET',
      'TEMPORAL_PAYLOAD_KEYS',
      'TEMPORAL_ACTOR_ASSERTION_KEY',
      'SIGNING_PRIVATE_KEY',
      'OIDC_DEV_SIGNING_JWK',
    ]) {
      if (env[name]) secrets[name] = env[name];
    }
    // The key material of each payload key entry (`id:key`), not only the whole list.
    for (const [i, entry] of (env['TEMPORAL_PAYLOAD_KEYS'] ?? '').split(',').entries())
      secrets[`TEMPORAL_PAYLOAD_KEYS[${i}]`] = entry.split(':').pop() ?? entry;
    secrets['OIDC_CLIENT_SECRET'] = provider.clientSecret;
    secrets['the provider signing key'] = (JSON.parse(provider.signingJwk) as { d: string }).d;
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all(Object.values(apps).map((a) => a.stop()));
    await provider?.stop();
    await suite?.close();
  });

  it('an applicant and an officer go through every process; no line of any process holds a secret they used', async () => {
    // An applicant at the API: the captcha, the case token, the emailed code, a read with the token.
    const http = () => request(api);
    const email = 'registro.limpio@example.ec';
    const started = await http()
      .post('/public/cases')
      .send({
        identityNumber: 'PL0000777',
        captchaToken: await solveCaptcha(http),
        procedure: 'FOREIGNER_CODE',
        province: 'PICHINCHA',
        filerRole: 'holder',
        booker: { email, mobile: '0991234567' },
        holder: { fullName: 'Ana Lucía Torres Díaz', nationality: 'COL', documentType: 'passport', documentNumber: 'PL0000777', birthDate: '1988-02-03' },
      });
    expect(started.status).toBe(201);
    const caseId = started.body.caseId as string;
    secrets['case token'] = started.body.accessToken as string;
    const auth = { Authorization: `Bearer ${secrets['case token']}` };
    const mail = await suite.smtp.waitForMessage((m) => m.to.includes(email) && /verific/i.test(m.subject));
    secrets['verification code'] = /\b(\d{6})\b/.exec(mail.text)?.[1] ?? '';
    expect(secrets['verification code']).toMatch(/^\d{6}$/);
    expect((await http().post(`/cases/${caseId}/verification`).set(auth).send({ code: secrets['verification code'] })).status).toBe(200);
    expect((await http().get(`/cases/${caseId}`).set(auth)).status).toBe(200);

    // Tokens in query strings: a QR's token at the API and the pages, an emailed link's token at the pages.
    secrets['a QR token'] = 'eyJhbGciOiJFZERTQSJ9.c2VjcmV0LXFyLXRva2VuLWZvci1sb2dz.cXItc2lnbmF0dXJlLW5vdC1pbi1sb2dz';
    secrets['a password-link token'] = 'enlace-secreto-de-clave-0123456789abcdef';
    await http().get(`/verificacion?t=${secrets['a QR token']}`);
    await request(web).get(`/verificacion?t=${secrets['a QR token']}`);
    await request(web).get(`/portal/clave?token=${secrets['a password-link token']}`);

    // The web's session store: a form page, its POST (a row sealed and signed for each call).
    const form = await request(web).get('/turno/tramite').expect(200);
    const cookie = (form.headers['set-cookie'] as unknown as string[])[0]?.split(';')[0] ?? '';
    secrets['a public session id'] = cookie.split('=')[1] ?? '';
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1] ?? '';
    secrets['a CSRF token'] = csrf;
    await request(web).post('/turno/tramite').set('Cookie', cookie).type('form').send({ procedure: 'FOREIGNER_CODE', _csrf: csrf }).expect(303);

    // An officer signs in at the provider, reads a page (the web calls the API with the access token), signs out.
    const context = await browser.newContext({ locale: 'es-EC' });
    const page = await context.newPage();
    await page.goto(`${web}/oficina`);
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/interaccion/'));
    await page.getByLabel('Usuario').fill('auditor');
    await page.getByLabel('Contraseña').fill('Auditor-2026');
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.waitForURL((u) => u.pathname === '/oficina');
    secrets['the officer password'] = 'Auditor-2026';
    const officerId = (await context.cookies(`${web}/oficina`)).find((c) => c.name === 'tramites_oficina')?.value ?? '';
    secrets['an officer session id'] = officerId;
    const stored = await openStoredSession(suite.db.dataSource, officerId, env['WEB_SESSION_STORE_KEY']);
    secrets['an officer access token'] = String(stored?.data?.['accessToken'] ?? '');
    secrets['an officer ID token'] = String(stored?.data?.['idToken'] ?? '');
    expect(secrets['an officer access token']).toMatch(/^ey/);
    await page.goto(`${web}/oficina/auditoria/accesos`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toContain('Ingresos');
    await page.goto(`${web}/oficina`);
    await page.getByRole('button', { name: 'Salir' }).click();
    await page.getByRole('button', { name: 'Sí, cerrar sesión' }).click();
    await page.waitForURL((u) => u.pathname === '/oficina/salida');
    await context.close();

    // Every process stops (its last lines flushed); then every line of each is searched.
    await Promise.all(Object.values(apps).map((a) => a.stop()));
    await provider.stop();
    for (const [name, app] of Object.entries(apps)) outputs[name] = app.output();
    outputs['oidc provider'] = provider.output();
    const leaks: string[] = [];
    for (const [processName, text] of Object.entries(outputs)) {
      for (const [secretName, value] of Object.entries(secrets)) {
        if (!value) continue;
        const found = /^\d+$/.test(value) ? new RegExp(`(?<!\\d)${value}(?!\\d)`).test(text) : text.includes(value);
        if (found) leaks.push(`${processName}: ${secretName}`);
      }
    }
    expect(leaks).toEqual([]);
    // The run logged: the API its requests (case ids kept), the web its officer's sign-in.
    expect(outputs['api']).toContain(`/cases/${caseId}`);
    expect(outputs['web']).toContain('web-officer-access');
    expect(Object.keys(secrets).length).toBeGreaterThanOrEqual(18);
  });
});
