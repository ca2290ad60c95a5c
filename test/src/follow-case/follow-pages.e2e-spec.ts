import { caseReference } from '@tramites/contracts';
import { THIRD_PARTY_CEDULA } from '@tramites/testing';
import { DeskCases } from '@tramites/testing/api';
import { ServiceTimeRows, TestRows } from '@tramites/testing/rows';
import { expectAccessiblePage, startApplicantWeb, type ApplicantWeb } from '@tramites/testing/web';
import type { Page } from 'playwright-core';

const DAY_MS = 86_400_000;
/** A long real agency name: the pages must wrap it at 320 px. */
const LONG_AGENCY = 'Centro de Atención Universal Quito Norte – Edificio Matriz «Doctor Alfredo Pareja Diezcanseco»';

/**
 * Follow my case and the agencies' pages in Chromium at 360 px, keyboard only, in English and
 * Spanish: a 001 case whose poder is at the legal unit shows who holds it (the legal unit of the
 * province), the next step, a predicted date with how it is worked out, and its steps in local
 * time; the public agency pages show the next free day, the recent wait and time to answer, with
 * a chart and its table. axe and reflow at 320 and 360 px on every page.
 */
describe('follow my case and the agencies’ pages', () => {
  let w: ApplicantWeb;
  let reference: string;
  let caseId: string;

  beforeAll(async () => {
    w = await startApplicantWeb('web_follow_pages');
    await new TestRows(w.h.db.dataSource).renameAgency('UIO-NORTE', 'PICHINCHA', LONG_AGENCY);
    const seed = new ServiceTimeRows(w.h.db.dataSource);
    const tenDaysAgo = new Date(Date.now() - 10 * DAY_MS);
    // Pichincha's legal unit decided six poderes in 2 to 26 hours; the agency answered in 25 minutes of its own.
    for (const hours of [2, 3, 4, 5, 6, 26])
      await seed.answeredCase({
        agencyId: 'UIO-NORTE',
        province: 'PICHINCHA',
        status: 'issued',
        startsAt: tenDaysAgo,
        steps: [
          { type: 'CASE_CHECKED_IN', atMinutes: 0 },
          { type: 'PODER_SENT_TO_LEGAL_UNIT', atMinutes: 20 },
          { type: 'PODER_ENDORSED', atMinutes: 20 + hours * 60 },
          { type: 'FOREIGNER_CODE_ISSUED', atMinutes: 25 + hours * 60 },
        ],
      });
    for (const minutes of [10, 20, 30, 40, 50]) await seed.calledAfter({ agencyId: 'UIO-NORTE', province: 'PICHINCHA', arrivedAt: tenDaysAgo, minutes });
    // Guayaquil: two waits only, published as a count.
    for (const minutes of [5, 7]) await seed.calledAfter({ agencyId: 'GYE-CENTRO', province: 'GUAYAS', arrivedAt: tenDaysAgo, minutes });
    ({ caseId } = await new DeskCases(w.h).poderInReview());
    reference = caseReference(caseId);
  });
  afterAll(async () => {
    await w?.close();
  });

  const main = (page: Page): Promise<string> => page.locator('main').innerText();

  async function pressButton(page: Page, name: string | RegExp, path: string): Promise<void> {
    await page.getByRole('button', { name }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === path);
  }

  async function typeInto(page: Page, label: string | RegExp, value: string): Promise<void> {
    await page.getByLabel(label).focus();
    await page.keyboard.type(value);
  }

  async function followLink(page: Page, name: string, path: string): Promise<void> {
    await page.getByRole('link', { name, exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === path);
  }

  const sum = (question: string): string => String((question.match(/\d+/g) ?? []).map(Number).reduce((a, b) => a + b, 0));

  it('opens a case at the legal unit in English: who holds it, the next step, the predicted date and the steps; then in Spanish', async () => {
    const context = await w.phone('en');
    const page = await context.newPage();
    await page.goto(`${w.webUrl}/idioma/en?volver=/seguir`);
    await page.waitForURL((u) => u.pathname === '/seguir');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('h1').innerText()).toBe('Check my case');
    await expectAccessiblePage(page);

    // A wrong reference first: named in English, what was typed kept.
    await typeInto(page, 'Case number', 'T-12');
    await typeInto(page, 'Identity number', THIRD_PARTY_CEDULA);
    await pressButton(page, 'Send the code', '/seguir');
    const summary = await page.locator('.govuk-error-summary').innerText();
    expect(summary).toContain('The case number starts with T- followed by 10 letters or numbers');
    expect(summary).toContain('Enter the result of the sum');
    expect(await page.getByLabel('Identity number').inputValue()).toBe(THIRD_PARTY_CEDULA);
    await expectAccessiblePage(page);

    await page.getByLabel('Case number').fill('');
    await typeInto(page, 'Case number', reference);
    const question = await page.locator('label[for="captchaAnswer"]').innerText();
    expect(question).toMatch(/^What is \d+ \+ \d+\?$/);
    const mark = w.h.smtp.messages().length;
    await typeInto(page, question, sum(question));
    await pressButton(page, 'Send the code', '/seguir/codigo');
    expect(await page.locator('h1').innerText()).toBe('Check your email');
    await expectAccessiblePage(page);
    const mail = await w.h.smtp.waitForMessage((m) => m.subject.includes(reference) && w.h.smtp.messages().indexOf(m) >= mark);
    const code = /\b(\d{6})\b/.exec(mail.text)![1]!;
    await typeInto(page, 'Code received by email', code);
    await pressButton(page, 'See my case', '/tramite');

    expect(await page.locator('h1').innerText()).toBe(`Your case ${reference}`);
    const text = await main(page);
    expect(text).toMatch(/Status\s+Being reviewed by the legal unit/);
    expect(text).toMatch(/Who has your case\s+The legal unit of the province of Pichincha/);
    expect(text).toMatch(/Next step\s+The legal unit of the province of Pichincha is reviewing the power of attorney\. You do not need to do anything\./);
    expect(text).toMatch(/IESS deadline to answer\s+\S/);
    expect(text).not.toMatch(/Your deadline/);
    expect(text).toMatch(/Expected answer\s+Around \w+, \d+ \w+ \d{4}\. 8 in 10 recent cases, before \w+, \d+ \w+ \d{4}\./);
    expect(text).toContain('Worked out from the times of the last 6 cases of the legal unit of the province of Pichincha in the last 90 days');
    for (const step of [
      'Case started online',
      'Email verified',
      'Appointment booked',
      'Attended at the agency',
      'Documents reviewed: complete',
      'Power of attorney sent to the province’s legal unit',
    ])
      expect(text).toContain(step.replace('’', "'"));
    await expectAccessiblePage(page);

    // The same page in Spanish, by the switch.
    await followLink(page, 'Español', '/tramite');
    expect(await page.locator('html').getAttribute('lang')).toBe('es-EC');
    const es = await main(page);
    expect(es).toMatch(/Quién tiene su trámite\s+La unidad jurídica de la provincia de Pichincha/);
    expect(es).toMatch(/Plazo del IESS para responder\s+\S/);
    expect(es).toMatch(/Respuesta prevista\s+Hacia el \S+, \d+ de \S+ de \d{4}\./);
    expect(es).toContain('Poder notarial enviado a la unidad jurídica de la provincia');
    expect(es).not.toContain('Pendiente de');
    await expectAccessiblePage(page);
    await context.close();
  });

  it('shows each agency’s next free day, recent wait and time to answer beside Transparencia, with a chart and its table, in both languages', async () => {
    const context = await w.phone('es-EC');
    const page = await context.newPage();
    await page.goto(`${w.webUrl}/transparencia`);
    await expectAccessiblePage(page);
    await followLink(page, 'Cada agencia: primer día con cupos, espera y tiempo de respuesta', '/agencias');
    expect(await page.locator('h1').innerText()).toBe('Las agencias: cupos y tiempos');
    const list = await main(page);
    expect(list).toContain(LONG_AGENCY);
    expect(list).toMatch(/Espera hasta el llamado\s+30 minutos \(8 de cada 10, en menos de 42 minutos\)/);
    expect(list).toMatch(/Tiempo hasta la respuesta\s+25 minutos/);
    expect(list).toMatch(/Primer día con cupos\s+\S+, \d+ de \S+ de \d{4} \(\d+ cupos?\)/);
    expect(list).toMatch(/Espera hasta el llamado\s+Pocos trámites \(2\)/);
    await expectAccessiblePage(page);

    await followLink(page, LONG_AGENCY, '/agencias/UIO-NORTE');
    const agency = await main(page);
    expect(agency).toContain('De lunes a viernes, de 08:00 a 17:00');
    expect(agency).toContain('Espera mediana hasta el llamado, por mes');
    const table = await page.locator('table').innerText();
    expect(table).toContain('30 minutos');
    expect(table).toContain('25 minutos');
    expect(await page.locator('figure.app-chart').count()).toBe(2);
    await expectAccessiblePage(page);

    await followLink(page, 'English', '/agencias/UIO-NORTE');
    const english = await main(page);
    expect(english).toMatch(/Wait until called\s+30 minutes \(8 in 10, in less than 42 minutes\)/);
    expect(english).toContain('Median time to answer, by month');
    await expectAccessiblePage(page);
    await page.goto(`${w.webUrl}/transparencia`);
    expect(await main(page)).toContain('“Volumen de Quejas” (number of complaints)');
    await expectAccessiblePage(page);
    await page.goto(`${w.webUrl}/agencias/NO-EXISTE`);
    expect(await page.locator('h1').innerText()).toBe('There is no such agency');
    await context.close();
  });
});
