import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ActivityDependencies } from '@tramites/worker';
import { createWebApp, loadWebConfig } from '@tramites/web';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startApiHarness, type ApiHarness } from '../api/api-harness';
import { expectNoAxeViolations, launchChromium } from './browser';
import { TEST_WEB_SESSION_STORE_KEY } from './web-sessions';

/** The widths every applicant page must reflow at (WCAG 1.4.10: 320 CSS px; our applicants' phones: 360). */
export const REFLOW_WIDTHS = [320, 360] as const;

export interface ApplicantWeb {
  h: ApiHarness;
  web: NestExpressApplication;
  webUrl: string;
  apiUrl: string;
  browser: Browser;
  /** A phone's context (360 px, touch) in `locale` ('es-EC' or 'en'): the browser's language, not the site's choice. */
  phone: (locale?: string) => Promise<BrowserContext>;
  close: () => Promise<void>;
}

/**
 * The applicant's pages for a browser suite: the real API and worker, the web app with
 * production's settings (sealed sessions in the API's store) on a port of its own, and Chromium.
 */
export async function startApplicantWeb(
  label: string,
  overrides: Record<string, string> = {},
  activityOverrides: Partial<ActivityDependencies> = {},
): Promise<ApplicantWeb> {
  const h = await startApiHarness(
    label,
    // Every journey comes from the browser's one address (127.0.0.1); production counts 30 a minute per person.
    { PUBLIC_RATE_LIMIT_PER_MINUTE: '1000', WEB_SESSION_STORE_KEY: TEST_WEB_SESSION_STORE_KEY, ...overrides },
    activityOverrides,
  );
  const api = h.app.getHttpServer().listen(0, '127.0.0.1');
  await new Promise((r) => api.once('listening', r));
  const apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  const web = await createWebApp({
    ...loadWebConfig({ NODE_ENV: 'production', WEB_SESSION_STORE_KEY: TEST_WEB_SESSION_STORE_KEY }),
    port: 0,
    host: '127.0.0.1',
    apiBaseUrl: apiUrl,
    // Served over plain HTTP on the loopback (production: HTTPS behind its proxy, Secure cookies and HSTS).
    secureCookies: false,
  });
  await web.listen(0, '127.0.0.1');
  const webUrl = `http://127.0.0.1:${(web.getHttpServer().address() as AddressInfo).port}`;
  const browser = await launchChromium();
  return {
    h,
    web,
    webUrl,
    apiUrl,
    browser,
    phone: (locale = 'es-EC') => browser.newContext({ locale, viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true }),
    close: async () => {
      await browser.close();
      await web.close();
      await h.close();
    },
  };
}

/**
 * The page reflows at `width` (WCAG 1.4.10): the document is no wider than the viewport, so
 * nothing needs a horizontal scroll. axe does not catch this; a long real address does.
 */
export async function expectReflowAt(page: Page, width: number): Promise<void> {
  const before = page.viewportSize();
  await page.setViewportSize({ width, height: before?.height ?? 740 });
  const widths = (await page.evaluate('[document.documentElement.scrollWidth, document.documentElement.clientWidth]')) as [number, number];
  expect({ path: new URL(page.url()).pathname, width, documentWidth: widths[0] }).toEqual({
    path: new URL(page.url()).pathname,
    width,
    documentWidth: widths[1],
  });
  if (before) await page.setViewportSize(before);
}

/** axe (WCAG 2.2 AA) and reflow at 320 and 360 px: what every applicant page is held to. */
export async function expectAccessiblePage(page: Page): Promise<void> {
  await expectNoAxeViolations(page);
  for (const width of REFLOW_WIDTHS) await expectReflowAt(page, width);
}
