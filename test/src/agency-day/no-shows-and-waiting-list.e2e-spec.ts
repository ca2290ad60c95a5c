import { randomUUID } from 'node:crypto';
import { WaitingListOffers } from '@tramites/activities';
import { addBusinessDays } from '@tramites/domain';
import { AgendaRepository, SmsOutboxRepository } from '@tramites/persistence';
import { TEST_SECRET } from '@tramites/testing';
import type { ApiHarness } from '@tramites/testing/api';
import { TestRows } from '@tramites/testing/rows';
import { expectNoAxeViolations, startApplicantWeb, type ApplicantWeb } from '@tramites/testing/web';
import type { Browser, Page } from 'playwright-core';

const PHONE = { width: 360, height: 740 };

/**
 * The waiting list in Chromium (ADR 0029): an applicant who finds the day full asks to be told when a seat
 * frees, is told by email (and SMS) when one does, and takes it from the link on another device, keyboard only;
 * axe on every page.
 */
describe('agency day: the waiting list in the browser', () => {
  let h: ApiHarness;
  let app: ApplicantWeb;
  let webUrl: string;
  let apiUrl: string;
  let browser: Browser;
  const rows = (): TestRows => new TestRows(h.db.dataSource);

  beforeAll(async () => {
    app = await startApplicantWeb('waiting_list_web');
    ({ h, webUrl, apiUrl, browser } = app);
  });
  afterAll(async () => {
    await app?.close();
  });

  async function continueTo(page: Page, button: string | RegExp, path: string): Promise<void> {
    await page.getByRole('button', { name: button }).click();
    await page.waitForURL((u) => u.pathname === path);
  }

  it('a full day offers "avísenme si se libera un turno"; the freed seat is offered by email and SMS and taken from the link', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'es-EC' });
    const page = await context.newPage();
    const email = 'espera.web@example.ec';
    const identity = 'PE7654321';

    await page.goto(`${webUrl}/turno`);
    await page.getByRole('button', { name: 'Comenzar ahora' }).click();
    await page.waitForURL(/\/turno\/tramite$/);
    await page.getByLabel('Asignación de código de identificación para extranjeros', { exact: true }).check();
    await continueTo(page, 'Continuar', '/turno/quien');
    await page.getByLabel('El titular').check();
    await continueTo(page, 'Continuar', '/turno/provincia');
    await page.getByLabel('¿En qué provincia quiere ser atendido?').selectOption('PICHINCHA');
    await continueTo(page, 'Continuar', '/turno/contacto');
    await page.getByLabel('Número de identificación').fill(identity);
    await page.getByLabel('Correo electrónico').fill(email);
    await page.getByLabel('Celular').fill('0998877665');
    await continueTo(page, 'Continuar', '/turno/titular');
    // The holder, one question per page; the nationality is searchable (accessible-autocomplete); the passport number was asked once, on «Sus datos».
    await page.getByLabel('Nombres y apellidos').fill('Ana Sofía Pérez Lugo');
    await continueTo(page, 'Continuar', '/turno/nacionalidad');
    await page.locator('#nationality').fill('Venezuela');
    await page.getByRole('option', { name: /^Venezuela/ }).click();
    await continueTo(page, 'Continuar', '/turno/documento');
    await page.getByLabel('Pasaporte').check();
    await continueTo(page, 'Continuar', '/turno/nacimiento');
    await page.getByLabel('Día').fill('3');
    await page.getByLabel('Mes').fill('5');
    await page.getByLabel('Año').fill('1988');
    await continueTo(page, 'Continuar', '/turno/revisar');
    const question = await page.locator('label[for="captchaAnswer"]').innerText();
    const [x, y] = question.match(/\d+/g)!.map(Number);
    await page.getByLabel(/¿Cuánto es/).fill(String((x ?? 0) + (y ?? 0)));
    await continueTo(page, 'Enviar el código a mi correo', '/turno/codigo');
    const mail = await h.smtp.waitForMessage((m) => m.to.includes(email) && /verific/i.test(m.subject));
    await page.getByLabel('Código de verificación').fill(/\b(\d{6})\b/.exec(mail.text)![1]!);
    await continueTo(page, 'Verificar', '/turno/agencia');
    await page.getByLabel('Centro de Atención Universal Quito Norte').check();
    await continueTo(page, 'Continuar', '/turno/fecha');

    // Someone else holds the day's 14:00 seat, and every other seat is taken: the day is full.
    const dayLink = page.locator('main ul.govuk-list a').nth(1);
    const day = new URL(`${webUrl}${(await dayLink.getAttribute('href')) ?? ''}`).searchParams.get('dia') ?? '';
    const agenda = new AgendaRepository(h.db.dataSource);
    const slots = await agenda.availability('UIO-NORTE', day);
    const other = randomUUID();
    await agenda.reserve(other, slots[8]?.slotId ?? '', 'P-OTRO', `T-${other.slice(0, 10)}`);
    await rows().fillDay('UIO-NORTE', day);

    await dayLink.click();
    await page.waitForURL(/dia=/);
    expect(await page.locator('main').innerText()).toContain('No quedan cupos');
    await expectNoAxeViolations(page);
    // Keyboard only: the checkbox and the button of the waiting list.
    await page.getByLabel(/Pertenezco a un grupo vulnerable/).focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Avísenme si se libera un turno' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === '/turno/lista');
    expect(await page.locator('h1').innerText()).toBe('Está en la lista de espera');
    expect(await page.locator('main').innerText()).toContain('Usted es la primera persona de la lista');
    await expectNoAxeViolations(page);

    // A day with seats is no day to wait for: the API says so.
    const caseId = await rows().caseIdOf(identity);
    const token = await h.token({ sub: identity, role: 'applicant', caseId });
    const freeDay = addBusinessDays(day, 3);
    expect((await agenda.availability('UIO-NORTE', freeDay)).some((s) => s.available > 0)).toBe(true);
    const refused = await h
      .http()
      .post(`/cases/${caseId}/waiting-list`)
      .set('Authorization', `Bearer ${token}`)
      .send({ agencyId: 'UIO-NORTE', day: freeDay, mobile: '0998877665' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('WAITING_LIST.DAY_NOT_FULL');

    // The other person cancels: the seat is held for the applicant, told by email and SMS.
    const offers = new WaitingListOffers({ dataSource: h.db.dataSource, secret: TEST_SECRET, offerBaseUrl: `${webUrl}/turno/lista/oferta`, holdMinutes: 30 });
    const held = await offers.releaseAndOffer(other);
    expect(held?.caseId).toBe(caseId);
    const offerMail = await h.smtp.waitForMessage((m) => m.to.includes(email) && /se liberó un turno/i.test(m.subject));
    const link = /(http:\/\/127\.0\.0\.1:\d+\/turno\/lista\/oferta\/[A-Za-z0-9_-]+)/.exec(offerMail.text)?.[1] ?? '';
    expect(link).not.toBe('');
    expect((await new SmsOutboxRepository(h.db.dataSource).ofCase(caseId)).map((r) => r.template)).toEqual(['WAITING_LIST_OFFER']);

    // From the link, on another device: the seat, and the button that takes it.
    const phone = await browser.newContext({ viewport: PHONE, locale: 'es-EC' });
    const offerPage = await phone.newPage();
    await offerPage.goto(link);
    expect(await offerPage.locator('h1').innerText()).toBe('Se liberó un turno para usted');
    expect(await offerPage.locator('.govuk-summary-list').innerText()).toContain('Centro de Atención Universal Quito Norte');
    await expectNoAxeViolations(offerPage);
    await offerPage.getByRole('button', { name: 'Tomar este turno' }).focus();
    await offerPage.keyboard.press('Enter');
    await offerPage.waitForSelector('.govuk-panel');
    expect(await offerPage.locator('.govuk-panel').innerText()).toContain('Turno confirmado');
    await expectNoAxeViolations(offerPage);
    expect((await rows().caseRow(caseId))?.status).toBe('scheduled');
    const slot = await rows().slot(held?.slotId ?? '');
    expect(slot?.booked).toBe(slot?.capacity);

    // The link served once: opened again, it says the seat is no longer held for them.
    const again = await fetch(`${apiUrl}/waiting-list/offers/${link.split('/').pop()}/take`, { method: 'POST' });
    expect(again.status).toBe(410);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('WAITING_LIST.OFFER_ENDED');
    await offerPage.goto(link);
    expect(await offerPage.locator('h1').innerText()).toBe('Este turno ya no está reservado');
    await expectNoAxeViolations(offerPage);
    await phone.close();
    await context.close();
  });
});
