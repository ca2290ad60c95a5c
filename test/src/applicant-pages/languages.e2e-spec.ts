import type { Page } from 'playwright-core';
import { expectAccessiblePage, startApplicantWeb, type ApplicantWeb } from '@tramites/testing/web';

/**
 * The applicant's language (ADR 0031): Spanish by default, English by a visible switch that is
 * remembered, `<html lang>` right, the officers' pages in Spanish whatever the choice.
 */
describe('the language of the applicant pages', () => {
  let w: ApplicantWeb;

  beforeAll(async () => {
    w = await startApplicantWeb('web_languages');
  });
  afterAll(async () => {
    await w?.close();
  });

  const htmlLang = (page: Page): Promise<string | null> => page.locator('html').getAttribute('lang');

  it('starts in Spanish, switches to English by the keyboard, remembers it on the next page and switches back', async () => {
    // An English-speaking phone still opens in Spanish (es-EC is the default); the switch is one link away.
    const context = await w.phone('en-US');
    const page = await context.newPage();
    await page.goto(`${w.webUrl}/`);
    expect(await htmlLang(page)).toBe('es-EC');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Trámites del IESS para extranjeros y empleadores');
    await expectAccessiblePage(page);

    const toEnglish = page.getByRole('link', { name: 'English' });
    expect(await toEnglish.getAttribute('lang')).toBe('en');
    await toEnglish.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === '/');
    expect(await htmlLang(page)).toBe('en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('IESS procedures for foreigners and employers');
    expect(await page.title()).toBe('IESS procedures for foreigners and employers – IESS Procedures');
    await expectAccessiblePage(page);

    // Remembered: a new page of the same browser opens in English.
    const again = await context.newPage();
    await again.goto(`${w.webUrl}/`);
    expect(await htmlLang(again)).toBe('en');
    expect(await again.getByRole('link', { name: 'Skip to main content' }).count()).toBe(1);

    await again.getByRole('link', { name: 'Español' }).click();
    await again.waitForURL((u) => u.pathname === '/');
    expect(await htmlLang(again)).toBe('es-EC');
    await context.close();
  });

  it('returns only to a page of this site, and names the languages it has', async () => {
    const elsewhere = await fetch(`${w.webUrl}/idioma/en?volver=${encodeURIComponent('//example.org/x')}`, { redirect: 'manual' });
    expect(elsewhere.status).toBe(303);
    expect(elsewhere.headers.get('location')).toBe('/');
    expect(elsewhere.headers.get('set-cookie')).toMatch(/^tramites_idioma=en; Path=\/; Max-Age=31536000; SameSite=Lax; HttpOnly/);
    const same = await fetch(`${w.webUrl}/idioma/es?volver=${encodeURIComponent('/requisitos?x=1')}`, { redirect: 'manual' });
    expect(same.headers.get('location')).toBe('/requisitos?x=1');
    const unknown = await fetch(`${w.webUrl}/idioma/fr`, { redirect: 'manual' });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('es, en');
  });

  it('keeps the officers’ pages in Spanish when the browser chose English', async () => {
    const answer = await fetch(`${w.webUrl}/oficina`, { headers: { cookie: 'tramites_idioma=en' }, redirect: 'manual' });
    expect(answer.status).toBe(200);
    const html = await answer.text();
    expect(html).toContain('<html lang="es-EC"');
    expect(html).not.toContain('English');
    const home = await (await fetch(`${w.webUrl}/`, { headers: { cookie: 'tramites_idioma=en' } })).text();
    expect(home).toContain('<html lang="en"');
  });
});
