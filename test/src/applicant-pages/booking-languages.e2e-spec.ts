import { nationalityName } from '@tramites/domain';
import { extractText } from '@tramites/testing/pdf';
import { expectAccessiblePage, startApplicantWeb, type ApplicantWeb } from '@tramites/testing/web';
import type { Page } from 'playwright-core';

/**
 * The booking as foreigners make it: a Paraguayan applicant books in English on a 360 px phone
 * with the keyboard only and long real values (a 48-character email, a long name with accents),
 * every page checked by axe and for reflow at 320 and 360 px; the confirmation and its PDF in
 * English name "Paraguay". And any nationality passes the holder's page (no JavaScript: the
 * native select), named in the page's language.
 */
describe('the booking in the applicant’s language, for any nationality', () => {
  let w: ApplicantWeb;

  beforeAll(async () => {
    w = await startApplicantWeb('web_booking_languages');
  });
  afterAll(async () => {
    await w?.close();
  });

  const main = (page: Page): Promise<string> => page.locator('main').innerText();

  /** Presses a button by the keyboard (focus, Enter) and waits for the page it leads to. */
  async function pressButton(page: Page, name: string | RegExp, path: string): Promise<void> {
    await page.getByRole('button', { name }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === path);
  }

  async function typeInto(page: Page, label: string, value: string): Promise<void> {
    await page.getByLabel(label, { exact: true }).focus();
    await page.keyboard.type(value);
  }

  async function chooseRadio(page: Page, label: string): Promise<void> {
    await page.getByLabel(label, { exact: true }).focus();
    await page.keyboard.press('Space');
  }

  it('a Paraguayan books in English at 360 px with the keyboard only; confirmation and PDF in English name Paraguay', async () => {
    const email = 'maria.de.los.angeles.benitez.escobar@outlook.com';
    const fullName = 'María de los Ángeles Benítez Escobar de Villalba';
    const passport = 'PY4471982';
    const context = await w.phone('en');
    const page = await context.newPage();
    await page.goto(`${w.webUrl}/turno`);
    expect(await page.locator('html').getAttribute('lang')).toBe('es-EC');
    await page.getByRole('link', { name: 'English' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === '/turno');

    // The start page says truly what will be asked and how long it takes.
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('h1').innerText()).toBe('Book an appointment');
    const start = await main(page);
    for (const asked of [
      'identity number',
      'email address',
      'mobile',
      'full name, nationality, identity document',
      'date of birth',
      'a simple sum',
      'about 10 minutes',
    ])
      expect(start).toContain(asked);
    await expectAccessiblePage(page);
    await page.getByRole('button', { name: 'Start now' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === '/turno/tramite');

    await expectAccessiblePage(page);
    await chooseRadio(page, 'Foreigner identification code');
    await pressButton(page, 'Continue', '/turno/quien');
    await expectAccessiblePage(page);
    await chooseRadio(page, 'The holder (the foreign person)');
    await pressButton(page, 'Continue', '/turno/provincia');
    await expectAccessiblePage(page);
    const province = page.getByLabel('In which province do you want to be served?');
    await province.focus();
    for (let i = 0; i < 30 && (await province.inputValue()) !== 'PICHINCHA'; i++) await page.keyboard.press('ArrowDown');
    await pressButton(page, 'Continue', '/turno/contacto');

    // An error in English names the field and its rule, and keeps what was typed.
    await typeInto(page, 'Identity number', passport);
    await typeInto(page, 'Email address', email);
    await pressButton(page, 'Continue', '/turno/contacto');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Enter your mobile number');
    expect(await page.title()).toMatch(/^Error: /);
    expect(await page.getByLabel('Email address').inputValue()).toBe(email);
    await expectAccessiblePage(page);
    await typeInto(page, 'Mobile phone', '0991234567');
    await pressButton(page, 'Continue', '/turno/titular');

    // The holder, one question per page: a long name with accents, the nationality searched by typing, the passport not asked again.
    expect(await page.locator('h1').innerText()).toBe('What is your full name?');
    await expectAccessiblePage(page);
    await typeInto(page, 'What is your full name?', fullName);
    await pressButton(page, 'Continue', '/turno/nacionalidad');
    expect(await page.locator('h1').innerText()).toBe('What is your nationality?');
    await page.locator('#nationality').focus();
    await page.keyboard.type('parag');
    await page.getByRole('option', { name: 'Paraguay', exact: true }).waitFor();
    await expectAccessiblePage(page);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    expect(await page.locator('select[name="nationality"]').inputValue()).toBe('PRY');
    await pressButton(page, 'Continue', '/turno/documento');
    expect(await main(page)).toContain(`Document number: ${passport}`);
    expect(await page.getByLabel('Document number').count()).toBe(0);
    await expectAccessiblePage(page);
    await chooseRadio(page, 'Passport');
    await pressButton(page, 'Continue', '/turno/nacimiento');
    expect(await page.locator('h1').innerText()).toBe('What is your date of birth?');
    await typeInto(page, 'Day', '7');
    await typeInto(page, 'Month', '11');
    await typeInto(page, 'Year', '1991');
    await expectAccessiblePage(page);
    await pressButton(page, 'Continue', '/turno/revisar');

    // Check answers, in English, with the nationality by name and the captcha's question in English.
    expect(await page.locator('h1').innerText()).toBe('Check your answers before continuing');
    const answers = await page.locator('.govuk-summary-list').innerText();
    for (const shown of ['Foreigner identification code', 'Paraguay', `Passport ${passport}`, fullName, email, 'Thursday, 7 November 1991'])
      expect(answers).toContain(shown);
    expect(answers).not.toContain('PRY');
    await expectAccessiblePage(page);
    const question = await page.locator('label[for="captchaAnswer"]').innerText();
    const [a, b] = /^What is (\d+) \+ (\d+)\?$/.exec(question)!.slice(1).map(Number);
    await typeInto(page, question, String((a ?? 0) + (b ?? 0)));
    await pressButton(page, 'Email me the code', '/turno/codigo');

    // The code page with the long address: it wraps, the page stays 360 px wide (and 320).
    expect(await main(page)).toContain(email);
    await expectAccessiblePage(page);
    const mail = await w.h.smtp.waitForMessage((m) => m.to.includes(email) && /verific/i.test(m.subject));
    await typeInto(page, 'Verification code', /\b(\d{6})\b/.exec(mail.text)![1]!);
    await pressButton(page, 'Verify', '/turno/agencia');

    await expectAccessiblePage(page);
    await chooseRadio(page, 'Centro de Atención Universal Quito Norte');
    await pressButton(page, 'Continue', '/turno/fecha');

    // The day list says which days have free seats, and how many.
    expect(await page.locator('h1').innerText()).toBe('Choose the day and time');
    const dayList = await page.locator('ul.app-days').innerText();
    expect(dayList).toMatch(/\(\d+ free seats?\)/);
    await expectAccessiblePage(page);
    const withSeats = page
      .locator('ul.app-days li', { hasText: /free seat/ })
      .nth(1)
      .locator('a');
    await withSeats.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/dia=/);
    await expectAccessiblePage(page);
    await page.locator('input[name="slotId"]').first().focus();
    await page.keyboard.press('Space');
    await pressButton(page, 'Book the appointment', '/turno/confirmacion');

    // Confirmation as GOV.UK's: one reference, one procedure name, in English.
    expect(await page.locator('.govuk-panel').innerText()).toMatch(/Appointment booked\s+Case number\s+T-[0-9A-F]{10}/);
    expect(await page.locator('h1').innerText()).toBe('Appointment booked');
    expect(await page.getByRole('heading', { level: 2, name: 'Online Appointment Confirmation' }).count()).toBe(1);
    const confirmation = await main(page);
    for (const shown of ['Foreigner identification code', fullName, 'The holder (the foreign person)', 'Appointment booked'])
      expect(confirmation).toContain(shown);
    expect(confirmation).toMatch(/(Monday|Tuesday|Wednesday|Thursday|Friday), \d{1,2} [A-Z][a-z]+ \d{4}/);
    expect(confirmation).not.toMatch(/Número|Trámite|Generación de Código/);
    await expectAccessiblePage(page);

    const pdf = await page.request.get(`${w.webUrl}/turno/confirmacion.pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-disposition']).toContain('appointment-confirmation.pdf');
    const text = extractText(await pdf.body());
    for (const shown of [
      'Online Appointment Confirmation',
      'Case number',
      'Nationality',
      'Paraguay',
      'Foreigner identification code (sheet 000)',
      'The procedure is free of charge',
    ])
      expect(text).toContain(shown);
    expect(text).not.toContain('PRY');
    expect(text).not.toContain('Número');
    await context.close();
  });

  it('a Uruguayan, an Indian, a Honduran and a stateless person pass the holder’s page without JavaScript, named in the page’s language', async () => {
    const context = await w.browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${w.webUrl}/turno/tramite`);
    await page.getByLabel('Certificado de no afiliación al IESS para extranjeros', { exact: true }).check();
    await pressButton(page, 'Continuar', '/turno/quien');
    await page.getByLabel('El tercero autorizado').check();
    await pressButton(page, 'Continuar', '/turno/provincia');
    await page.getByLabel('¿En qué provincia quiere ser atendido?').selectOption('GUAYAS');
    await pressButton(page, 'Continuar', '/turno/contacto');
    await page.getByLabel('Número de identificación').fill('0912345675');
    await page.getByLabel('Correo electrónico').fill('yusleidy.mendoza.paez@outlook.com');
    await page.getByLabel('Celular').fill('0987654321');
    await pressButton(page, 'Continuar', '/turno/titular');
    await page.getByLabel('Nombres y apellidos').fill('José Ignacio Fernández Oyarzún');
    await pressButton(page, 'Continuar', '/turno/nacionalidad');
    const select = page.locator('select[name="nationality"]');
    expect(await select.locator('option').count()).toBeGreaterThan(250);
    await select.selectOption('URY');
    await pressButton(page, 'Continuar', '/turno/documento');
    await page.getByLabel('Pasaporte').check();
    await page.getByLabel('Número del documento').fill('AB1234567');
    await pressButton(page, 'Continuar', '/turno/nacimiento');
    await page.getByLabel('Día').fill('1');
    await page.getByLabel('Mes').fill('2');
    await page.getByLabel('Año').fill('1980');
    await pressButton(page, 'Continuar', '/turno/revisar');
    for (const code of ['URY', 'IND', 'HND', 'XXA']) {
      if (code !== 'URY') {
        // «Cambiar» the nationality from the check-answers page: back to it with the other answers kept.
        await page.locator('a[href="/turno/nacionalidad"]').click();
        await page.waitForURL((u) => u.pathname === '/turno/nacionalidad');
        await select.selectOption(code);
        await pressButton(page, 'Continuar', '/turno/documento');
        await pressButton(page, 'Continuar', '/turno/nacimiento');
        await pressButton(page, 'Continuar', '/turno/revisar');
      }
      expect(await page.locator('.govuk-summary-list').innerText()).toContain(nationalityName(code, 'es'));
    }

    // The same answers read in English name the nationality in English.
    await page.goto(`${w.webUrl}/idioma/en?volver=/turno/revisar`);
    expect(await page.locator('.govuk-summary-list').innerText()).toContain('Stateless person (1954 Convention)');
    // A code that is no nationality is refused, naming the field.
    await page.goto(`${w.webUrl}/turno/nacionalidad`);
    const refused = await page.request.post(`${w.webUrl}/turno/nacionalidad`, {
      form: { _csrf: await page.locator('input[name="_csrf"]').inputValue(), nationality: 'ZZZ' },
    });
    expect(refused.status()).toBe(400);
    expect(await refused.text()).toContain('Choose the nationality');
    await context.close();
  });
});
