import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ActivityDependencies } from '@tramites/worker';
import { generateOidcSigningJwk } from '@tramites/devenv';
import { createWebApp, loadWebConfig } from '@tramites/web';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startApiHarness, type ApiHarness } from '../api/api-harness';
import { freePort, startTestOidcProvider, type RunningTestProvider } from './officer-harness';
import { expectNoAxeViolations, launchChromium } from './browser';
import { TEST_WEB_SESSION_STORE_KEY as STORE_KEY } from './web-sessions';

export interface OfficerWeb {
  h: ApiHarness;
  web: NestExpressApplication;
  webUrl: string;
  /** Where the API listens (the web pages call it there). */
  apiUrl: string;
  provider: RunningTestProvider;
  browser: Browser;
  /** axe (WCAG 2.2 AA) on the page as it is now: no violation. */
  axe: (page: Page) => Promise<void>;
  /** Signs in at the embedded provider from `path` (the start page's "Ingresar" button when it is /oficina). */
  signIn: (context: BrowserContext, username: string, password: string, path?: string) => Promise<Page>;
  close: () => Promise<void>;
}

/**
 * The officers' pages for a browser suite (ADR 0021): the real API and worker, the embedded
 * OpenID provider as a child process with the demo officers, the web app on a port of its own,
 * and Debian's Chromium.
 */
export async function startOfficerWeb(
  label: string,
  /** The worker's dependencies a suite replaces (e.g. the trust anchors of its test PKI, for signed uploads). */
  activityOverrides: Partial<ActivityDependencies> = {},
  /** API settings a suite adds (e.g. SIGNATURE_TRUST_ANCHORS, for signed documents judged at upload). */
  apiOverrides: Record<string, string> = {},
): Promise<OfficerWeb> {
  const oidcPort = await freePort();
  const issuer = `http://127.0.0.1:${oidcPort}`;
  // One signing key for the provider's process and the officers' tokens the tests sign themselves.
  const signingJwk = generateOidcSigningJwk();
  const h = await startApiHarness(
    label,
    { ...apiOverrides, OIDC_ISSUER_URL: issuer, OIDC_EMBEDDED_PROVIDER: 'true', WEB_SESSION_STORE_KEY: STORE_KEY },
    activityOverrides,
    {
      issuer,
      signingJwk,
    },
  );
  const api = h.app.getHttpServer().listen(0, '127.0.0.1');
  await new Promise((r) => api.once('listening', r));
  const apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  const webPort = await freePort();
  const webUrl = `http://127.0.0.1:${webPort}`;
  const provider = await startTestOidcProvider(h.db.dataSource, h.db.url, webUrl, oidcPort, signingJwk);
  // Production's web settings (sessions' and officers' lives, trust proxy, codec origins), read from its configuration.
  const production = loadWebConfig({ NODE_ENV: 'production', WEB_SESSION_STORE_KEY: STORE_KEY });
  const web = await createWebApp({
    ...production,
    port: webPort,
    host: '127.0.0.1',
    apiBaseUrl: apiUrl,
    // Served over plain HTTP on the loopback (production: HTTPS behind its proxy, Secure cookies and HSTS).
    secureCookies: false,
    officerAuth: {
      issuerUrl: issuer,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      scopes: 'openid profile tramites',
      redirectUri: `${webUrl}/oficina/callback`,
      postLogoutRedirectUri: `${webUrl}/oficina/salida`,
    },
  });
  await web.listen(webPort, '127.0.0.1');
  const browser = await launchChromium();

  const axe = expectNoAxeViolations;

  async function signIn(context: BrowserContext, username: string, password: string, path = '/oficina'): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${webUrl}${path}`);
    if (path === '/oficina') await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/interaccion/'));
    await page.getByLabel('Usuario').fill(username);
    await page.getByLabel('Contraseña').fill(password);
    await page.getByRole('button', { name: 'Ingresar' }).click();
    return page;
  }

  return {
    h,
    web,
    webUrl,
    apiUrl,
    provider,
    browser,
    axe,
    signIn,
    close: async () => {
      await browser.close();
      await web.close();
      await provider.stop();
      await h.close();
    },
  };
}
