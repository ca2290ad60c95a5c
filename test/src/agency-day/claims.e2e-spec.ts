import { DevOfficerRepository } from '@tramites/persistence';
import { DeskCases, type ApiHarness } from '@tramites/testing/api';
import { startOfficerWeb, type OfficerWeb } from '@tramites/testing/web';
import type { Browser, BrowserContext, Page } from 'playwright-core';

const ANA = { username: 'gestor.quito', password: 'Gestor-Quito-2026', name: 'Ana Gestora Quito' };
/** A second case manager of the same agency (the demo has one): the colleague. */
const LUIS = { username: 'gestor2.quito', password: 'Gestor2-Quito-2026', name: 'Luis Colega Quito', sub: 'officer-uio-norte-2' };
const CARMEN = { username: 'supervisor.quito', password: 'Supervisor-Quito-2026', name: 'Carmen Supervisora Quito' };
const AUDITOR = { username: 'auditor', password: 'Auditor-2026' };
const DESK_WIDTH = { width: 1280, height: 900 };
const PHONE_WIDTH = { width: 360, height: 780 };

/**
 * A claim holds (ADR 0022, amended 2026-12-07), as two officers of one agency live it in two
 * browsers: the colleague cannot act on a case his colleague claimed and reads her name (never
 * an id), a supervisor reassigns it with a reason the auditor then reads, and several cases are
 * handed over at once. axe on every page.
 */
describe('claims that hold, in Chromium', () => {
  let w: OfficerWeb;
  let h: ApiHarness;
  let browser: Browser;
  let cases: DeskCases;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    w = await startOfficerWeb('claims_web');
    ({ h, browser } = w);
    cases = new DeskCases(h);
    await new DevOfficerRepository(h.db.dataSource).seed([
      { username: LUIS.username, sub: LUIS.sub, name: LUIS.name, role: 'case_manager', agencyId: 'UIO-NORTE', province: 'PICHINCHA', password: LUIS.password },
    ]);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await w?.close();
  });

  async function signedIn(who: { username: string; password: string }, path: string, viewport = DESK_WIDTH): Promise<Page> {
    const context = await browser.newContext({ locale: 'es-EC', viewport });
    contexts.push(context);
    const page = await w.signIn(context, who.username, who.password, path);
    await page.waitForURL((u) => u.pathname === path.split('?')[0]);
    return page;
  }

  const casePage = (caseId: string): string => `/oficina/escritorio/tramites/${caseId}`;

  it('the colleague cannot act on a case claimed by Ana: her name, no buttons, and a click from a stale page refused with her name', async () => {
    const { caseId } = await cases.booked000('Valeria Sofía Andrade Montes');
    // Luis opens the case first: nobody holds it, he may register the arrival.
    const luis = await signedIn(LUIS, casePage(caseId));
    expect(await luis.getByRole('button', { name: 'Registrar llegada' }).count()).toBe(1);

    const ana = await signedIn(ANA, casePage(caseId));
    await ana.getByRole('button', { name: /^Asignarme/ }).click();
    await ana.waitForURL((u) => u.pathname === casePage(caseId));
    expect(await ana.getByText('Asignado a usted').count()).toBeGreaterThan(0);
    await w.axe(ana);

    // His page is stale: the click is refused, in words, with Ana's name.
    await luis.getByRole('button', { name: 'Registrar llegada' }).click();
    await luis.waitForLoadState();
    const refusal = await luis.locator('main').innerText();
    expect(refusal).toContain('Ana Gestora Quito');
    expect(refusal).not.toContain('officer-uio-norte-1');

    await luis.goto(`${w.webUrl}${casePage(caseId)}`);
    const page = await luis.locator('main').innerText();
    expect(page).toContain('Asignado a Ana Gestora Quito');
    expect(page).toContain('Este trámite está asignado a Ana Gestora Quito: solo esa persona puede actuar en él.');
    expect(await luis.getByRole('button', { name: 'Registrar llegada' }).count()).toBe(0);
    expect(await luis.getByRole('button', { name: /^Asignarme/ }).count()).toBe(0);
    expect(await luis.getByRole('button', { name: /^Liberar/ }).count()).toBe(0);
    await w.axe(luis);

    // The day's turnos say who holds it, without "Asignarme" on that row.
    await luis.goto(`${w.webUrl}/oficina/escritorio?cola=appointments`);
    const row = luis.getByRole('row').filter({ hasText: 'Valeria Sofía Andrade Montes' });
    expect(await row.innerText()).toContain('Asignado a Ana Gestora Quito');
    expect(await row.getByRole('button', { name: /^Asignarme/ }).count()).toBe(0);
    await w.axe(luis);

    // The supervisor hands it to Luis, with a reason; without one the form says so and keeps what was chosen.
    const carmen = await signedIn(CARMEN, '/oficina/supervision?cola=appointments');
    const held = carmen.getByRole('row').filter({ hasText: 'Valeria Sofía Andrade Montes' });
    expect(await held.innerText()).toContain('Ana Gestora Quito');
    await held.getByRole('checkbox').check();
    await carmen.getByLabel('Pasan a').selectOption({ label: LUIS.name });
    await carmen.getByRole('button', { name: 'Reasignar los marcados' }).click();
    await carmen.waitForLoadState();
    expect(await carmen.locator('.govuk-error-summary').innerText()).toContain('Escriba el motivo');
    expect(await carmen.getByRole('row').filter({ hasText: 'Valeria Sofía Andrade Montes' }).getByRole('checkbox').isChecked()).toBe(true);
    expect(await carmen.getByLabel('Pasan a').inputValue()).toBe(LUIS.sub);
    await w.axe(carmen);
    await carmen.getByLabel('Motivo').fill('Ana atiende hoy la ventanilla prioritaria');
    await carmen.getByRole('button', { name: 'Reasignar los marcados' }).click();
    await carmen.waitForURL((u) => u.pathname === '/oficina/supervision');
    expect(await carmen.locator('.govuk-notification-banner').innerText()).toContain('Luis Colega Quito');
    expect(await carmen.getByRole('row').filter({ hasText: 'Valeria Sofía Andrade Montes' }).innerText()).toContain('Luis Colega Quito');
    await w.axe(carmen);

    // Now Luis works it, and Ana is the colleague.
    await luis.goto(`${w.webUrl}${casePage(caseId)}`);
    expect(await luis.getByText('Asignado a usted').count()).toBeGreaterThan(0);
    expect(await luis.getByRole('button', { name: 'Registrar llegada' }).count()).toBe(1);
    await ana.goto(`${w.webUrl}${casePage(caseId)}`);
    expect(await ana.locator('main').innerText()).toContain('Este trámite está asignado a Luis Colega Quito');

    // The auditor reads who reassigned, from whom, to whom and why.
    const auditor = await signedIn(AUDITOR, `/oficina/auditoria/asignaciones?tramite=${caseId}`);
    const latest = await auditor.getByRole('row').nth(1).innerText();
    for (const words of ['Carmen Supervisora Quito', 'Reasignó', 'Ana Gestora Quito', 'Luis Colega Quito', 'Ana atiende hoy la ventanilla prioritaria'])
      expect(latest).toContain(words);
    expect(await auditor.locator('main').innerText()).not.toContain('officer-uio-norte');
    await w.axe(auditor);
  });

  it('a supervisor hands several cases to one case manager at once, at 360 px; they are in her "Mis trámites"', async () => {
    const first = await cases.booked000('Tomás Ignacio Vera Salinas');
    const second = await cases.booked000('Renata Isabel Cruz Andrade');
    const carmen = await signedIn(CARMEN, '/oficina/supervision?cola=appointments', PHONE_WIDTH);
    for (const name of ['Tomás Ignacio Vera Salinas', 'Renata Isabel Cruz Andrade'])
      await carmen.getByRole('row').filter({ hasText: name }).getByRole('checkbox').check();
    await carmen.getByLabel('Pasan a').selectOption({ label: ANA.name });
    await carmen.getByLabel('Motivo').fill('Reparto de la mañana');
    await carmen.getByRole('button', { name: 'Reasignar los marcados' }).click();
    await carmen.waitForURL((u) => u.pathname === '/oficina/supervision');
    expect(await carmen.locator('.govuk-notification-banner').innerText()).toContain('2 trámites pasaron a Ana Gestora Quito');
    const overflow = await carmen.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await w.axe(carmen);

    const ana = await signedIn(ANA, '/oficina/escritorio?cola=mine');
    const mine = await ana.locator('main').innerText();
    expect(mine).toContain('Tomás Ignacio Vera Salinas');
    expect(mine).toContain('Renata Isabel Cruz Andrade');
    expect(await ana.getByRole('link', { name: /Mis trámites/ }).getAttribute('aria-current')).toBe('page');
    await w.axe(ana);
    expect([first.caseId, second.caseId].length).toBe(2);
  });
});
