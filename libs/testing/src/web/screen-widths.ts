import type { BrowserContext, Page } from 'playwright-core';
import type { OfficerWeb } from './officer-web';

/** The widths the officers' pages are checked at: a phone and a desk's screen. */
export const PHONE_WIDTH = { width: 360, height: 780 };
export const DESK_WIDTH = { width: 1280, height: 900 };

/** A new browser context at `viewport`, signed in as `who` on `path` (its page waits there). */
export async function signedInAt(
  w: OfficerWeb,
  who: { username: string; password: string },
  path: string,
  viewport = DESK_WIDTH,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await w.browser.newContext({ locale: 'es-EC', viewport });
  const page = await w.signIn(context, who.username, who.password, path);
  await page.waitForURL((u) => u.pathname === path.split('?')[0]);
  return { context, page };
}

/** No horizontal scroll at the page's width. */
export async function scrollWidthOverflow(page: Page): Promise<number> {
  return (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
}
