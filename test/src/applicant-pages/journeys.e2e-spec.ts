import { generateSigningKeyPair, signingKeyEnvLines, signingKeysFromEnv } from '@tramites/activities/src/issuance';
import { caseWorkflowId, type CredentialCaseView } from '@tramites/contracts';
import { nationalityName, toLocalDate } from '@tramites/domain';
import { TestRows } from '@tramites/testing/rows';
import { loadTrustAnchors } from '@tramites/activities';
import {
  affiliateFixture,
  createTestPki,
  employerFixture,
  observedDocuments002,
  seedAffiliate,
  seedEmployer,
  signedPdf,
  slotStartingSoon,
  unsignedPdf,
  workHistoryAnswers,
  type TestPki,
} from '@tramites/testing';
import { attendAtWindow, type ApiHarness } from '@tramites/testing/api';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectNoAxeViolations, startApplicantWeb, type ApplicantWeb } from '@tramites/testing/web';

/** A small phone (GOV.UK's 320 px reflow; our applicants' phones are 360). */
const PHONE = { width: 360, height: 740 };

/**
 * The applicant's pages (apps/web) in Debian's Chromium against the real API, worker,
 * Temporal and PostgreSQL: the booking of a turno with nothing but an email, its confirmation
 * (page and PDF), the checklist, rescheduling and cancelling; the 003 password page by
 * keyboard only; axe (WCAG 2.2 AA) on every page visited.
 */
describe('the applicant web pages in Chromium', () => {
  let h: ApiHarness;
  let app: ApplicantWeb;
  let webUrl: string;
  let browser: Browser;
  let pki: TestPki;
  const axeChecked: string[] = [];
  /** The rows the journeys look up or assert on. */
  const rows = (): TestRows => new TestRows(h.db.dataSource);

  beforeAll(async () => {
    // The worker signs the issued documents with a key the API publishes (the QR code is verified).
    // 004: the electronic signatures of the uploads are verified against this test CA.
    pki = await createTestPki({ commonName: 'Carlos Andrés Vera Mora' });
    const keys = Object.fromEntries(
      signingKeyEnvLines(generateSigningKeyPair('suite-web-1')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).replace(/^'|'$/g, '')]),
    );
    app = await startApplicantWeb(
      'web_journeys',
      { SIGNING_PUBLIC_KEYS: keys['SIGNING_PUBLIC_KEYS'] ?? '' },
      { signing: signingKeysFromEnv({ ...keys, NODE_ENV: 'test' }), trustAnchors: loadTrustAnchors(pki.caPem) },
    );
    ({ h, webUrl, browser } = app);
  });
  afterAll(async () => {
    await app?.close();
  });

  async function axe(page: Page): Promise<void> {
    await expectNoAxeViolations(page);
    axeChecked.push(new URL(page.url()).pathname);
  }

  async function continueTo(page: Page, button: string | RegExp, path: string): Promise<void> {
    await page.getByRole('button', { name: button }).click();
    await page.waitForURL((u) => u.pathname === path);
  }

  /** The searchable nationality (accessible-autocomplete over the native select): type its name, take the option. */
  async function chooseNationality(page: Page, code: string): Promise<void> {
    const name = nationalityName(code, 'es');
    await page.locator('#nationality').fill(name);
    await page.getByRole('option', { name, exact: true }).click();
    expect(await page.locator('select[name="nationality"]').inputValue()).toBe(code);
  }

  function captchaAnswer(question: string): string {
    const [a, b] = question.match(/\d+/g)!.map(Number);
    return String((a ?? 0) + (b ?? 0));
  }

  it('books a turno with nothing but an email, shows the confirmation and its PDF, the checklist, reschedules and cancels', async () => {
    const context: BrowserContext = await browser.newContext({ viewport: PHONE, locale: 'es-EC' });
    const page = await context.newPage();
    const email = 'lucia.web@example.ec';

    await page.goto(webUrl);
    expect(await page.getAttribute('html', 'lang')).toBe('es-EC');
    await axe(page);
    await page.getByRole('button', { name: 'Reservar un turno' }).click();
    await axe(page);
    await page.getByRole('button', { name: 'Comenzar ahora' }).click();
    await page.waitForURL(/\/turno\/tramite$/);

    // The error summary names the field and the rule; the page keeps working.
    await continueTo(page, 'Continuar', '/turno/tramite');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Elija el trámite que va a realizar');
    expect(await page.title()).toMatch(/^Error: /);
    await axe(page);
    await page.getByLabel('Asignación de código de identificación para extranjeros', { exact: true }).check();
    await continueTo(page, 'Continuar', '/turno/quien');
    await axe(page);
    await page.getByLabel('El titular').check();
    await continueTo(page, 'Continuar', '/turno/provincia');
    await axe(page);
    await page.getByLabel('¿En qué provincia quiere ser atendido?').selectOption('PICHINCHA');
    await continueTo(page, 'Continuar', '/turno/contacto');

    await page.getByLabel('Número de identificación').fill('PW1234567');
    await page.getByLabel('Correo electrónico').fill('no-es-un-correo');
    await page.getByLabel('Celular').fill('0991234567');
    await continueTo(page, 'Continuar', '/turno/contacto');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Escriba un correo electrónico válido');
    expect(await page.getByLabel('Correo electrónico').inputValue()).toBe('no-es-un-correo');
    expect(await page.getByLabel('Número de identificación').inputValue()).toBe('PW1234567');
    await axe(page);
    await page.locator('.govuk-error-summary a[href="#email"]').click();
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('email');
    await page.getByLabel('Correo electrónico').fill(email);
    await continueTo(page, 'Continuar', '/turno/titular');

    await axe(page);
    // The holder, one question per page.
    await page.getByLabel('Nombres y apellidos').fill('Lucía Fernanda Rojas Mejía');
    await continueTo(page, 'Continuar', '/turno/nacionalidad');
    await axe(page);
    await chooseNationality(page, 'VEN');
    await continueTo(page, 'Continuar', '/turno/documento');
    await axe(page);
    await page.getByLabel('Pasaporte').check();
    // The holder's passport number was asked once, on «Sus datos».
    expect(await page.locator('main').innerText()).toContain('Número del documento: PW1234567');
    await continueTo(page, 'Continuar', '/turno/nacimiento');
    await axe(page);
    await page.getByLabel('Día').fill('12');
    await page.getByLabel('Mes').fill('4');
    await page.getByLabel('Año').fill('1990');
    await continueTo(page, 'Continuar', '/turno/revisar');

    await axe(page);
    expect(await page.locator('.govuk-summary-list').innerText()).toContain('Lucía Fernanda Rojas Mejía');
    await page.getByLabel(/¿Cuánto es/).fill('999');
    await continueTo(page, 'Enviar el código a mi correo', '/turno/revisar');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('El resultado no es correcto');
    const question = await page.locator('label[for="captchaAnswer"]').innerText();
    await page.getByLabel(/¿Cuánto es/).fill(captchaAnswer(question));
    await continueTo(page, 'Enviar el código a mi correo', '/turno/codigo');

    await axe(page);
    const mail = await h.smtp.waitForMessage((m) => m.to.includes(email) && /verific/i.test(m.subject));
    const code = /\b(\d{6})\b/.exec(mail.text)![1]!;
    await page.getByLabel('Código de verificación').fill(code);
    await continueTo(page, 'Verificar', '/turno/agencia');

    await axe(page);
    await page.getByLabel('Centro de Atención Universal Quito Norte').check();
    await continueTo(page, 'Continuar', '/turno/fecha');
    await axe(page);
    const days = page.locator('main ul.govuk-list a');
    await days.nth(1).click();
    await page.waitForURL(/dia=/);
    await axe(page);
    await page.locator('input[name="slotId"]').first().check();
    await continueTo(page, 'Reservar el turno', '/turno/confirmacion');

    await axe(page);
    expect(await page.locator('.govuk-panel').innerText()).toContain('Turno reservado');
    const summary = await page.locator('.govuk-summary-list').innerText();
    expect(summary).toContain('Centro de Atención Universal Quito Norte');
    // One name per procedure, the sheet's (000).
    expect(summary).toContain('Asignación de código de identificación para extranjeros');
    expect(await page.locator('main').innerText()).not.toContain('Número de turno');
    const firstDay = await page.locator('.govuk-summary-list__row', { hasText: 'Día' }).locator('dd').innerText();

    const pdf = await page.request.get(`${webUrl}/turno/confirmacion.pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

    // The checklist of the sheet, each requirement traced to it.
    await page.getByRole('link', { name: 'Revise los documentos que debe llevar' }).click();
    await page.waitForURL(/\/requisitos\/FOREIGNER_CODE\/holder$/);
    await axe(page);
    const checklist = await page.locator('main').innerText();
    expect(checklist).toContain('Pasaporte: original y copia simple');
    expect(checklist).toContain('Fuente: Ficha 000, Requisitos Generales, 2. Pasaporte');
    await page.goBack();

    // Reschedule to another day.
    await page.getByRole('link', { name: 'Cambiar el día o la hora' }).click();
    await page.waitForURL(/\/turno\/fecha$/);
    await days.nth(3).click();
    await page.waitForURL(/dia=/);
    await page.locator('input[name="slotId"]').first().check();
    await continueTo(page, 'Cambiar el turno', '/turno/confirmacion');
    const newDay = await page.locator('.govuk-summary-list__row', { hasText: 'Día' }).locator('dd').innerText();
    expect(newDay).not.toBe(firstDay);

    // Cancel: the reason is required.
    await page.getByRole('link', { name: 'Cancelar el turno' }).click();
    await page.waitForURL(/\/turno\/cancelar$/);
    await axe(page);
    await continueTo(page, 'Cancelar el turno', '/turno/cancelar');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Escriba el motivo de la cancelación');
    await page.getByLabel('Motivo de la cancelación').fill('Viajo esa semana');
    await continueTo(page, 'Cancelar el turno', '/turno/cancelar');
    expect(await page.locator('.govuk-panel').innerText()).toContain('Turno cancelado');
    await axe(page);

    // The same form sent again (another tab left open): the API's 409 CASE.CLOSED is a page that says the case ended, never a 5xx.
    await page.goto(`${webUrl}/turno/cancelar`);
    await page.getByLabel('Motivo de la cancelación').fill('Viajo esa semana');
    const [again] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Cancelar el turno' }).click(),
    ]);
    expect(again.status()).toBe(409);
    expect(await page.locator('h1').innerText()).toBe('Su trámite ya terminó');
    expect(await page.locator('main').innerText()).toContain('El trámite ya terminó: fue cancelado.');
    await axe(page);
    await context.close();
  });

  it('refuses a form posted without the session CSRF token, and sets the security headers', async () => {
    const res = await fetch(`${webUrl}/turno/tramite`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'procedure=FOREIGNER_CODE',
      redirect: 'manual',
    });
    expect(res.status).toBe(403);
    const home = await fetch(webUrl);
    expect(home.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(home.headers.get('content-security-policy')).toContain("script-src 'self'");
    // A plain visit keeps no session (ADR 0021); a form's page does, in an HttpOnly, SameSite cookie.
    expect(home.headers.get('set-cookie')).toBeNull();
    const form = await fetch(`${webUrl}/turno/tramite`);
    expect(form.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Lax/);
  });

  it('003: identity, questions (a failed attempt) and email in the pages; the emailed link opens /portal/clave and the password is set with the keyboard only; a used link says so (also without JavaScript)', async () => {
    const a = await seedAffiliate(h.db.dataSource, affiliateFixture({ personal: { P1: 'Toby', P2: 'Cuenca' } }));
    const start = await browser.newContext({ viewport: PHONE, locale: 'es-EC' });
    const web1 = await start.newPage();
    await web1.goto(`${webUrl}/clave-afiliado`);
    await axe(web1);
    await web1.getByLabel('Cédula o código de extranjero').fill(a.identityNumber);
    await web1.getByLabel(/¿Cuánto es/).fill(captchaAnswer(await web1.locator('label[for="captchaAnswer"]').innerText()));
    await continueTo(web1, 'Continuar', '/clave-afiliado/preguntas');
    await axe(web1);
    // Nothing personal before the identity is proved: the name appears only after the questions.
    expect(await web1.locator('main').innerText()).not.toContain(a.fullName);
    const handle = h.env.client.workflow.getHandle(caseWorkflowId(await rows().caseIdOf(a.identityNumber, 'AFFILIATE_PORTAL_PASSWORD')));
    async function answer(wrongDay: boolean): Promise<void> {
      const check = ((await handle.query('getCase')) as CredentialCaseView).identityCheck!;
      await web1
        .getByLabel('Día de nacimiento')
        .fill(wrongDay ? String((Number(a.birthDate.slice(8, 10)) % 28) + 1) : String(Number(a.birthDate.slice(8, 10))));
      await web1.getByLabel('Mes de nacimiento').selectOption(String(Number(a.birthDate.slice(5, 7))));
      for (const [id, value] of Object.entries(workHistoryAnswers(a, check.workHistory))) await web1.locator(`input[name="W_${id}"][value="${value}"]`).check();
      for (const q of check.personal) await web1.locator(`#P_${q.id}`).fill(a.personal![q.id]!);
    }
    // A wrong day of birth costs one of the five attempts; new questions are asked.
    await answer(true);
    await continueTo(web1, 'Continuar', '/clave-afiliado/preguntas');
    expect(await web1.locator('.govuk-error-summary').innerText()).toContain('Le quedan 4 intentos');
    await answer(false);
    await continueTo(web1, 'Continuar', '/clave-afiliado/correo');
    await axe(web1);
    expect(await web1.locator('main').innerText()).toContain(a.fullName);
    const mark = h.smtp.messages().length;
    await web1.getByLabel('Correo electrónico').fill(a.email);
    await continueTo(web1, 'Enviar el enlace', '/clave-afiliado/enlace');
    await axe(web1);
    expect(await web1.locator('h1').innerText()).toBe('Revise su correo');
    const message = await h.smtp.waitForMessage(
      (m) => m.to.includes(a.email) && m.subject.startsWith('Enlace para generar su clave') && h.smtp.messages().indexOf(m) >= mark,
      15_000,
    );
    const token = /#token=([A-Za-z0-9_-]+)/.exec(message.text)![1]!;
    await start.close();

    const context = await browser.newContext({ viewport: PHONE, locale: 'es-EC' });
    const page = await context.newPage();
    await page.goto(`${webUrl}/portal/clave#token=${token}`);
    await page.waitForURL((u) => u.pathname === '/portal/clave/nueva');
    expect(page.url()).not.toContain(token);
    await axe(page);
    expect(await page.locator('main').innerText()).toContain('Declaración de información fidedigna');

    /** Tab until the element with this id has the focus (keyboard only: no clicks). */
    async function tabTo(id: string): Promise<void> {
      for (let i = 0; i < 40; i += 1) {
        await page.keyboard.press('Tab');
        if ((await page.evaluate('document.activeElement && document.activeElement.id')) === id) return;
      }
      throw new Error(`Tab never reached #${id}`);
    }
    // First a weak password: the error summary names the rule; then the right one.
    await tabTo('declarationAccepted');
    await page.keyboard.press('Space');
    await tabTo('password');
    await page.keyboard.type('corta');
    await tabTo('passwordConfirmation');
    await page.keyboard.type('corta');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.govuk-error-summary');
    expect(await page.locator('.govuk-error-summary').innerText()).toMatch(/8/);
    expect(await page.evaluate('document.activeElement ? document.activeElement.className : ""')).toContain('govuk-error-summary');
    await axe(page);
    if (!(await page.locator('#declarationAccepted').isChecked())) {
      await tabTo('declarationAccepted');
      await page.keyboard.press('Space');
    }
    await tabTo('password');
    await page.keyboard.type('ClaveNueva2026');
    await tabTo('passwordConfirmation');
    await page.keyboard.type('ClaveNueva2026');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.govuk-panel');
    expect(await page.locator('.govuk-panel').innerText()).toContain('Su clave quedó registrada');
    await axe(page);
    await context.close();

    // Without JavaScript: the page asks for the link; a used one is named as used.
    const noJs = await browser.newContext({ viewport: PHONE, locale: 'es-EC', javaScriptEnabled: false });
    const plain = await noJs.newPage();
    await plain.goto(`${webUrl}/portal/clave`);
    await plain.getByLabel('Enlace recibido por correo').fill(message.text.match(/http\S+#token=\S+/)![0]!);
    await plain.getByRole('button', { name: 'Continuar' }).click();
    await plain.waitForSelector('h1');
    expect(await plain.locator('h1').innerText()).toBe('Este enlace ya se usó');
    await noJs.close();
  });

  /** The booking pages, as an applicant fills them, for a slot that starts in a few minutes (check-in is today). Returns the case reference shown. */
  async function bookForToday(page: Page, who: { procedure: string; identity: string; email: string; fullName: string; nationality: string }): Promise<string> {
    await page.goto(`${webUrl}/turno/tramite`);
    await page.getByLabel(who.procedure, { exact: true }).check();
    await continueTo(page, 'Continuar', '/turno/quien');
    await page.getByLabel('El titular').check();
    await continueTo(page, 'Continuar', '/turno/provincia');
    await page.getByLabel('¿En qué provincia quiere ser atendido?').selectOption('PICHINCHA');
    await continueTo(page, 'Continuar', '/turno/contacto');
    await page.getByLabel('Número de identificación').fill(who.identity);
    await page.getByLabel('Correo electrónico').fill(who.email);
    await page.getByLabel('Celular').fill('0987654321');
    await continueTo(page, 'Continuar', '/turno/titular');
    await axe(page);
    await page.getByLabel('Nombres y apellidos').fill(who.fullName);
    await continueTo(page, 'Continuar', '/turno/nacionalidad');
    await chooseNationality(page, who.nationality);
    await continueTo(page, 'Continuar', '/turno/documento');
    await page.getByLabel('Pasaporte').check();
    await continueTo(page, 'Continuar', '/turno/nacimiento');
    await page.getByLabel('Día').fill('12');
    await page.getByLabel('Mes').fill('4');
    await page.getByLabel('Año').fill('1990');
    await continueTo(page, 'Continuar', '/turno/revisar');
    await page.getByLabel(/¿Cuánto es/).fill(captchaAnswer(await page.locator('label[for="captchaAnswer"]').innerText()));
    await continueTo(page, 'Enviar el código a mi correo', '/turno/codigo');
    const mail = await h.smtp.waitForMessage((m) => m.to.includes(who.email) && /verific/i.test(m.subject));
    await page.getByLabel('Código de verificación').fill(/\b(\d{6})\b/.exec(mail.text)![1]!);
    await continueTo(page, 'Verificar', '/turno/agencia');
    await page.getByLabel('Centro de Atención Universal Quito Norte').check();
    await continueTo(page, 'Continuar', '/turno/fecha');
    const slotId = await slotStartingSoon(h.db.dataSource, 'UIO-NORTE');
    await page.goto(`${webUrl}/turno/fecha?dia=${toLocalDate(Date.now())}`);
    await page.locator(`input[value="${slotId}"]`).check();
    await continueTo(page, 'Reservar el turno', '/turno/confirmacion');
    await axe(page);
    return /T-[0-9A-F]{10}/.exec(await page.locator('main').innerText())![0];
  }

  it('my case: the status in words, the course, the issued document to download and a complaint; then /verificacion finds the document and /transparencia counts the complaint', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'es-EC' });
    const page = await context.newPage();
    const email = 'marco.web@example.ec';
    const identity = 'PX7654321';
    // The booking pages again, quickly, for a slot that starts in a few minutes (check-in is today).
    await bookForToday(page, {
      procedure: 'Asignación de código de identificación para extranjeros',
      identity,
      email,
      fullName: 'María José Pérez Gómez',
      nationality: 'VEN',
    });
    await page.getByRole('link', { name: 'Ver el estado de su trámite' }).click();
    await page.waitForURL(/\/tramite$/);
    await axe(page);
    expect(await page.locator('main').innerText()).toContain('Turno reservado');
    const caseId = await rows().caseIdOf(identity);

    // The officer attends at the window and records a complete filing: the code is issued.
    const officer = `Bearer ${await h.token({ sub: 'officer-web-1', role: 'case_manager', agencyId: 'UIO-NORTE' })}`;
    await attendAtWindow({ http: h.http, smtp: h.smtp, dataSource: h.db.dataSource }, caseId, officer, 'officer-web-1');
    for (let i = 0; i < 100; i += 1) {
      const view = await h.http().get(`/cases/${caseId}`).set('Authorization', officer);
      if (view.body.status === 'issued') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await page.reload();
    const main = await page.locator('main').innerText();
    expect(main).toContain('Documento emitido');
    expect(main).toContain('Atendido en la agencia');
    expect(main).toContain('Código de identificación emitido');
    await axe(page);
    const pdf = await page.request.get(`${webUrl}/tramite/documento.pdf`);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

    // A complaint: too short first (the error names the rule and keeps the text), then filed.
    await page.getByLabel('Describa lo que pasó').fill('Mal');
    await continueTo(page, 'Enviar la queja', '/tramite/queja');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('10 caracteres o más');
    expect(await page.getByLabel('Describa lo que pasó').inputValue()).toBe('Mal');
    await page.getByLabel('Describa lo que pasó').fill('Me atendieron una hora después de la hora de mi turno.');
    await continueTo(page, 'Enviar la queja', '/tramite/queja');
    expect(await page.locator('.govuk-panel').innerText()).toContain('Queja registrada');
    expect(await rows().complaintCount(caseId)).toBe(1);

    // /verificacion: the number printed on the document is found; a made-up one is refused.
    const number = /VN-[A-Z0-9-]+/.exec(main)![0];
    await page.goto(`${webUrl}/verificacion`);
    await axe(page);
    await page.getByLabel('Número de verificación').fill('VN-12');
    await continueTo(page, 'Verificar', '/verificacion');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('El número no es válido');
    await page.getByLabel('Número de verificación').fill(number);
    await continueTo(page, 'Verificar', '/verificacion');
    expect(await page.locator('.govuk-panel').innerText()).toContain('El IESS emitió este documento');
    await axe(page);
    // The document's QR code opens `${VERIFY_BASE_URL}?t=<signed statement>` (npm start: this page).
    const { statement } = (await rows().issuedDocument(caseId))!;
    await page.goto(`${webUrl}/verificacion?t=${encodeURIComponent(statement)}`);
    expect(await page.locator('.govuk-panel').innerText()).toContain('Documento auténtico');
    expect(await page.locator('.govuk-summary-list').innerText()).toContain('María José Pérez Gómez');
    await axe(page);

    // /transparencia: the table of each sheet, with the complaint just filed, and its CSV.
    await page.goto(`${webUrl}/transparencia`);
    await axe(page);
    expect(await page.locator('main').innerText()).toContain('Volumen de Quejas');
    expect(await page.locator('main').innerText()).toMatch(/Quejas: 1\./);
    const csv = await page.request.get(`${webUrl}/transparencia.csv`);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(await csv.text()).toContain('Volumen de Quejas');
    await context.close();
  });

  it('001 by an attorney: the poder page, then the same verification and booking', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'es-EC' });
    const page = await context.newPage();
    const email = 'luis.apoderado@example.ec';
    await page.goto(`${webUrl}/turno/tramite`);
    await page.getByLabel('Código de identificación para extranjeros bajo relación de dependencia').check();
    await continueTo(page, 'Continuar', '/turno/quien');
    await axe(page);
    await page.getByLabel('El apoderado').check();
    await continueTo(page, 'Continuar', '/turno/provincia');
    await page.getByLabel('¿En qué provincia quiere ser atendido?').selectOption('PICHINCHA');
    await continueTo(page, 'Continuar', '/turno/contacto');
    await page.getByLabel('Número de identificación').fill('1710034065');
    await page.getByLabel('Correo electrónico').fill(email);
    await page.getByLabel('Celular').fill('0991112233');
    await continueTo(page, 'Continuar', '/turno/titular');
    expect(await page.locator('h1').innerText()).toBe('¿Cuáles son los nombres y apellidos de la persona extranjera?');
    await page.getByLabel('Nombres y apellidos').fill('Pedro Antonio Silva Rojas');
    await continueTo(page, 'Continuar', '/turno/nacionalidad');
    await chooseNationality(page, 'COL');
    await continueTo(page, 'Continuar', '/turno/documento');
    await page.getByLabel('Pasaporte').check();
    await page.getByLabel('Número del documento').fill('AC4455667');
    await continueTo(page, 'Continuar', '/turno/nacimiento');
    await page.getByLabel('Día').fill('31');
    await page.getByLabel('Mes').fill('2');
    await page.getByLabel('Año').fill('1985');
    await continueTo(page, 'Continuar', '/turno/nacimiento');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('La fecha de nacimiento debe ser una fecha real');
    expect(await page.getByLabel('Día').inputValue()).toBe('31');
    await page.getByLabel('Día').fill('28');
    await continueTo(page, 'Continuar', '/turno/poder');
    await axe(page);
    await page.getByLabel('RUC del empleador que otorgó el poder').fill('1790016919001');
    await page.getByLabel('Sus nombres y apellidos (apoderado)').fill('Luis Alberto Mena Vera');
    await page.getByLabel('Número de la escritura').fill('2026-17-01-P01234');
    await page.getByLabel('Notaría').fill('Notaría Primera del cantón Quito');
    await continueTo(page, 'Continuar', '/turno/revisar');
    expect(await page.locator('.govuk-summary-list').innerText()).toContain('Escritura 2026-17-01-P01234');
    await page.getByLabel(/¿Cuánto es/).fill(captchaAnswer(await page.locator('label[for="captchaAnswer"]').innerText()));
    await continueTo(page, 'Enviar el código a mi correo', '/turno/codigo');
    const mail = await h.smtp.waitForMessage((m) => m.to.includes(email) && /verific/i.test(m.subject));
    await page.getByLabel('Código de verificación').fill('000000');
    await continueTo(page, 'Verificar', '/turno/codigo');
    expect(await page.locator('.govuk-error-summary').innerText()).toMatch(/intento/);
    await page.getByLabel('Código de verificación').fill(/\b(\d{6})\b/.exec(mail.text)![1]!);
    await continueTo(page, 'Verificar', '/turno/agencia');
    await page.getByLabel('Centro de Atención Universal Quito Norte').check();
    await continueTo(page, 'Continuar', '/turno/fecha');
    await page.locator('main ul.govuk-list a').nth(2).click();
    await page.waitForURL(/dia=/);
    await page.locator('input[name="slotId"]').first().check();
    await continueTo(page, 'Reservar el turno', '/turno/confirmacion');
    expect(await page.locator('.govuk-summary-list').innerText()).toContain('El apoderado');
    await page.getByRole('link', { name: 'Revise los documentos que debe llevar' }).click();
    await page.waitForURL(/\/requisitos\/FOREIGNER_CODE_EMPLOYMENT\/attorney$/);
    expect(await page.locator('main').innerText()).toContain('Fuente: Ficha 001, Requisitos Específicos, Requisito adicional, 2. Poder notarial');
    await context.close();
  });

  it('002 and follow my case: a certificate booked in one browser is opened in another with its reference, the identity number and an emailed code; the observations and their deadline in business days show; a made-up reference gets the same answer and never opens', async () => {
    const identity = 'PN2468013';
    const email = 'rosa.sigue@example.ec';
    const booking = await browser.newContext({ viewport: PHONE, locale: 'es-EC' });
    const reference = await bookForToday(await booking.newPage(), {
      procedure: 'Certificado de no afiliación al IESS para extranjeros',
      identity,
      email,
      fullName: 'Rosa Elena Quispe Mamani',
      nationality: 'PER',
    });
    await booking.close();

    // Another browser (another day, a phone): nothing but the reference, the identity number and the mailbox.
    const context = await browser.newContext({ viewport: PHONE, locale: 'es-EC' });
    const page = await context.newPage();
    await page.goto(`${webUrl}/tramite`);
    expect(await page.locator('h1').innerText()).toBe('No hay un trámite abierto en esta sesión');
    await page.goto(webUrl);
    await page.getByRole('link', { name: 'Vea el estado de su trámite' }).click();
    await page.waitForURL((u) => u.pathname === '/seguir');
    await axe(page);
    await page.getByLabel('Número de trámite').fill('12345');
    await page.getByLabel('Número de identificación').fill(identity);
    await continueTo(page, 'Enviar el código', '/seguir');
    const summary = await page.locator('.govuk-error-summary').innerText();
    expect(summary).toContain('El número de trámite empieza con T-');
    expect(summary).toContain('Escriba el resultado de la operación');
    expect(await page.getByLabel('Número de identificación').inputValue()).toBe(identity);
    await axe(page);
    const mark = h.smtp.messages().length;
    await page.getByLabel('Número de trámite').fill(reference.toLowerCase());
    await page.getByLabel(/¿Cuánto es/).fill(captchaAnswer(await page.locator('label[for="captchaAnswer"]').innerText()));
    await continueTo(page, 'Enviar el código', '/seguir/codigo');
    expect(page.url()).not.toContain(identity);
    expect(page.url().toUpperCase()).not.toContain(reference);
    await axe(page);
    const notice = await page.locator('main').innerText();
    const mail = await h.smtp.waitForMessage(
      (m) => m.to.includes(email) && m.subject.startsWith('Código para consultar su trámite') && h.smtp.messages().indexOf(m) >= mark,
    );
    const code = /\b(\d{6})\b/.exec(mail.text)![1]!;
    await page.getByLabel('Código recibido por correo').fill(code === '000000' ? '111111' : '000000');
    await continueTo(page, 'Ver mi trámite', '/seguir/codigo');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Le quedan 4 intento(s)');
    await axe(page);
    await page.getByLabel('Código recibido por correo').fill(code);
    await continueTo(page, 'Ver mi trámite', '/tramite');
    await axe(page);
    let main = await page.locator('main').innerText();
    expect(main).toContain(`Su trámite ${reference}`);
    expect(main).toContain('Certificado de no afiliación');
    expect(main).toMatch(/Estado\s+Turno reservado/);

    // At the window the officer observes the request letter: the page names it and the deadline in business days.
    const caseId = await rows().caseIdOf(identity);
    const officer = `Bearer ${await h.token({ sub: 'officer-web-2', role: 'case_manager', agencyId: 'UIO-NORTE' })}`;
    expect((await h.http().post(`/cases/${caseId}/check-in`).set('Authorization', officer)).status).toBe(200);
    const { documents, sutRecord } = observedDocuments002({ id: 'officer-web-2', role: 'case_manager' });
    const observed = await h.http().post(`/cases/${caseId}/documents`).set('Authorization', officer).send({ documents, sutRecord });
    expect(observed.body.status).toBe('awaiting_correction');
    await page.reload();
    main = await page.locator('main').innerText();
    expect(main).toContain('Observaciones por corregir');
    // The applicant's own deadline, apart from the office's; who holds the case and the next step in words.
    expect(main).toMatch(/Su plazo\s+\S.* \(quedan? \d+ días? hábil(es)?\)/);
    expect(main).toMatch(/Estado\s+Tiene observaciones por corregir/);
    expect(main).toMatch(/Quién tiene su trámite\s+Usted/);
    expect(main).toMatch(/Próximo paso\s+Usted: corregir lo observado y presentarlo en la agencia hasta el /);
    expect(main).toContain('Documentos revisados: con observaciones');
    await axe(page);
    await context.close();

    // A reference of nobody: the same page, the same words, no email; no code opens it.
    const stranger = await browser.newContext({ viewport: PHONE, locale: 'es-EC' });
    const other = await stranger.newPage();
    const before = h.smtp.messages().length;
    await other.goto(`${webUrl}/seguir`);
    await other.getByLabel('Número de trámite').fill('T-0123456789');
    await other.getByLabel('Número de identificación').fill(identity);
    await other.getByLabel(/¿Cuánto es/).fill(captchaAnswer(await other.locator('label[for="captchaAnswer"]').innerText()));
    await continueTo(other, 'Enviar el código', '/seguir/codigo');
    expect(await other.locator('main').innerText()).toBe(notice);
    await other.getByLabel('Código recibido por correo').fill(code);
    await continueTo(other, 'Ver mi trámite', '/seguir/codigo');
    expect(await other.locator('.govuk-error-summary').innerText()).toContain('El código no es correcto');
    expect(h.smtp.messages().length).toBe(before);
    await stranger.close();
  });

  it('004 Ventanilla Virtual: what to bring in person; the form of the sheet; four uploads checked by content and signature (refusals named per file); the provincial review; the emailed link opens /portal/clave', async () => {
    const e = await seedEmployer(h.db.dataSource, employerFixture({ email: 'patronal.web@example.ec' }));
    const context = await browser.newContext({ viewport: PHONE, locale: 'es-EC' });
    const page = await context.newPage();
    await page.goto(webUrl);
    await page.getByRole('link', { name: 'Obtenga la clave patronal' }).click();
    await page.waitForURL((u) => u.pathname === '/clave-empleador');
    await axe(page);
    await page.getByRole('link', { name: 'Vea qué debe llevar' }).click();
    await page.waitForURL((u) => u.pathname === '/clave-empleador/ventanilla');
    await axe(page);
    await page.getByRole('link', { name: 'El representante legal' }).click();
    await page.waitForURL((u) => u.pathname === '/requisitos/EMPLOYER_PORTAL_PASSWORD/legal_representative');
    expect(await page.locator('main').innerText()).toContain('Ficha 004');

    await page.goto(`${webUrl}/clave-empleador/virtual`);
    await axe(page);
    await continueTo(page, 'Continuar', '/clave-empleador/virtual');
    const summary = await page.locator('.govuk-error-summary').innerText();
    expect(summary).toContain('Escriba el RUC del empleador');
    expect(summary).toContain('Elija quién presenta la solicitud');
    await axe(page);
    await page.getByLabel('RUC del empleador').fill(e.id);
    await page.getByLabel('El representante legal').check();
    await page.getByLabel('Su número de cédula').fill(e.legalRepIdentity);
    await page.getByLabel('Sus nombres y apellidos').fill('Carlos Andrés Vera Mora');
    await page.getByLabel(/¿Cuánto es/).fill(captchaAnswer(await page.locator('label[for="captchaAnswer"]').innerText()));
    await continueTo(page, 'Continuar', '/clave-empleador/documentos');
    await axe(page);

    const pdf = (name: string, bytes: Uint8Array) => ({ name, mimeType: 'application/pdf', buffer: Buffer.from(bytes) });
    const jpeg = {
      name: 'cedula.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(2000, 7), Buffer.from([0xff, 0xd9])]),
    };
    const png = { name: 'cedula.pdf', mimeType: 'application/pdf', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]) };
    // First: a PNG named .pdf as the cédula and a request without its electronic signature.
    await page.locator('#ruc').setInputFiles(pdf('ruc.pdf', unsignedPdf(`RUC ${e.id}`)));
    await page.locator('#key_delivery_request').setInputFiles(pdf('solicitud.pdf', unsignedPdf('Solicitud de entrega de clave')));
    await page.locator('#cedula').setInputFiles(png);
    await page.locator('#responsibility_agreement').setInputFiles(pdf('acuerdo.pdf', await signedPdf(pki, { text: 'Acuerdo de responsabilidad' })));
    await page.getByLabel('Detalle de su pedido').fill('Solicito la clave patronal del portal del IESS.');
    await continueTo(page, 'Enviar los documentos', '/clave-empleador/documentos');
    let errors = await page.locator('.govuk-error-summary').innerText();
    expect(errors).toContain('El archivo «cedula.pdf» no es JPG ni PDF');
    await axe(page);
    expect(await page.getByLabel('Detalle de su pedido').inputValue()).toBe('Solicito la clave patronal del portal del IESS.');
    expect(await page.locator('main').innerText()).toContain('Ya cargado: ruc.pdf');
    await page.locator('#cedula').setInputFiles(jpeg);
    await continueTo(page, 'Enviar los documentos', '/clave-empleador/documentos');
    errors = await page.locator('.govuk-error-summary').innerText();
    expect(errors).toContain('Solicitud de entrega de clave: en la Ventanilla Virtual la firma electrónica es imprescindible');
    await page.locator('.govuk-error-summary a[href="#key_delivery_request"]').click();
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('key_delivery_request');
    await page.locator('#key_delivery_request').setInputFiles(pdf('solicitud-firmada.pdf', await signedPdf(pki, { text: 'Solicitud de entrega de clave' })));
    await continueTo(page, 'Enviar los documentos', '/clave-empleador/estado');
    await axe(page);
    let main = await page.locator('main').innerText();
    expect(main).toMatch(/Estado\s+En revisión de la oficina provincial/);
    expect(main).toMatch(/Firmas electrónicas\s+Solicitud de entrega de clave: firmada por Carlos Andrés Vera Mora; Acuerdo de Responsabilidad/);

    // The provincial office approves (an officer of the employer's province, through the API).
    const caseId = await rows().caseIdOf(e.legalRepIdentity, 'EMPLOYER_PORTAL_PASSWORD');
    const mark = h.smtp.messages().length;
    const officer = `Bearer ${await h.token({ sub: 'officer-web-3', role: 'case_manager', agencyId: 'UIO-NORTE' })}`;
    expect((await h.http().post(`/cases/${caseId}/office-review`).set('Authorization', officer).send({ decision: 'approve' })).status).toBe(200);
    await page.getByRole('button', { name: 'Actualizar el estado' }).click();
    await page.waitForURL((u) => u.pathname === '/clave-empleador/estado');
    main = await page.locator('main').innerText();
    expect(main).toContain('Aprobado: enviamos el enlace');
    await axe(page);

    const message = await h.smtp.waitForMessage(
      (m) => m.to.includes(e.email) && m.subject.startsWith('Enlace para generar su clave') && h.smtp.messages().indexOf(m) >= mark,
      15_000,
    );
    const token = /#token=([A-Za-z0-9_-]+)/.exec(message.text)![1]!;
    await page.goto(`${webUrl}/portal/clave#token=${token}`);
    await page.waitForURL((u) => u.pathname === '/portal/clave/nueva');
    await axe(page);
    await page.getByLabel('Nueva clave', { exact: true }).fill('Patronal2026x');
    await page.getByLabel('Repita la nueva clave').fill('Patronal2026x');
    await page.getByRole('button', { name: 'Registrar la clave' }).click();
    await page.waitForSelector('.govuk-panel');
    expect(await page.locator('.govuk-panel').innerText()).toContain('Su clave quedó registrada');
    const cred = await rows().portalCredential('employer', e.id);
    expect(cred?.password_hash).toMatch(/^\$argon2id\$/);
    await context.close();
  });

  afterAll(() => {
    expect(axeChecked.length).toBeGreaterThan(15);
  });
});
