import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { caseWorkflowId, type CredentialCaseView } from '@tramites/contracts';
import { loadTrustAnchors } from '@tramites/signing';
import {
  createTestPki,
  employerFixture,
  recordHistory,
  seedEmployer,
  signedPdf,
  uniquePrivateRuc,
  unsignedPdf,
  type EmployerFixture,
  type TestPki,
} from '@tramites/testing';
import { TestRows } from '@tramites/testing/rows';
import { expectAccessiblePage, startOfficerWeb, type OfficerWeb } from '@tramites/testing/web';
import type { BrowserContext, Page } from 'playwright-core';

const SIGNER = 'María Fernanda Quiñónez Etxeberría de los Ángeles';
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(2000, 7), Buffer.from([0xff, 0xd9])]);
/** A scan of 1.2 MB: more than the sheet's 1 MB. */
const BIG_PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1_200_000, 0x20), Buffer.from('\n%%EOF\n')]);

/**
 * Sheet 004 by the Ventanilla Virtual in Chromium, on a phone (360 px; reflow at 320 and 360 px and axe on
 * every page), as a foreign employer without cédula in English and as a qualified artisan in Spanish: the
 * files the sheet asks of each, every refusal at upload naming the file and the rule while the other files
 * stay chosen, the signed documents accepted with their signer, the provincial office's observation and
 * approval, then the password set through the emailed link.
 */
describe('Ventanilla Virtual (004) pages: a foreign employer and an artisan', () => {
  let w: OfficerWeb;
  let pki: TestPki;
  const rows = (): TestRows => new TestRows(w.h.db.dataSource);

  beforeAll(async () => {
    pki = await createTestPki({ commonName: SIGNER });
    const anchors = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tramites-anchors-')), 'anchors.pem');
    fs.writeFileSync(anchors, pki.caPem);
    // The API judges the signed documents at upload, the worker again at submission: the same authorities (as npm start gives both).
    // The officers' pages too: the provincial office's page decides (the demo officer of UIO-NORTE, Pichincha's office).
    w = await startOfficerWeb('vv_pages', { trustAnchors: loadTrustAnchors(pki.caPem) }, { SIGNATURE_TRUST_ANCHORS: anchors });
  });
  afterAll(async () => {
    await w?.close();
  });

  /** A phone (360 px) whose browser speaks `locale`: the site's language is the applicant's choice. */
  const phone = (locale: string): Promise<BrowserContext> =>
    w.browser.newContext({ locale, viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });
  const pdf = (name: string, bytes: Uint8Array) => ({ name, mimeType: 'application/pdf', buffer: Buffer.from(bytes) });
  const jpeg = (name: string) => ({ name, mimeType: 'image/jpeg', buffer: JPEG });
  const main = (page: Page): Promise<string> => page.locator('main').innerText();
  async function press(page: Page, button: string, pathname: string): Promise<void> {
    await page.getByRole('button', { name: button }).focus();
    await Promise.all([page.waitForEvent('framenavigated'), page.keyboard.press('Enter')]);
    await page.waitForLoadState();
    // A page that stayed names why (its error summary), instead of a bare timeout.
    const errors = new URL(page.url()).pathname === pathname ? [] : await page.locator('.govuk-error-summary').allInnerTexts();
    expect({ pathname: new URL(page.url()).pathname, errors }).toEqual({ pathname, errors: [] });
  }
  async function captcha(page: Page): Promise<string> {
    const [a, b] = (await page.locator('label[for="captchaAnswer"]').innerText()).match(/\d+/g)!.map(Number);
    return String((a ?? 0) + (b ?? 0));
  }
  async function fileForm(
    page: Page,
    e: EmployerFixture,
    labels: { employerId: string; filer: string; identity: string; name: string; go: string },
    identity: string,
  ) {
    await page.getByLabel(labels.employerId, { exact: true }).fill(e.id);
    await page.getByLabel(labels.filer).check();
    await page.getByLabel(labels.identity).fill(identity);
    await page.getByLabel(labels.name).fill(SIGNER);
    await page.locator('#captchaAnswer').fill(await captcha(page));
    await press(page, labels.go, '/clave-empleador/documentos');
    await expectAccessiblePage(page);
  }
  /** The provincial office's page of the case (the demo officer of UIO-NORTE, Pichincha's office), on a desk's screen. */
  async function officeDesk(caseId: string): Promise<{ office: BrowserContext; desk: Page }> {
    const office = await w.browser.newContext({ locale: 'es-EC', viewport: { width: 1280, height: 900 } });
    const desk = await w.signIn(office, 'gestor.quito', 'Gestor-Quito-2026', `/oficina/ventanilla-virtual/${caseId}`);
    await desk.waitForURL((u) => u.pathname === `/oficina/ventanilla-virtual/${caseId}`);
    return { office, desk };
  }
  /** The office observes one document, in words, on its page. */
  async function observeOnDesk(desk: Page, observation: string | RegExp, words: string): Promise<void> {
    await desk.getByLabel(observation).fill(words);
    await Promise.all([desk.waitForNavigation(), desk.getByRole('button', { name: 'Observar la solicitud' }).click()]);
    expect(await desk.locator('main').innerText()).toContain('Solicitud observada');
  }
  /**
   * The office opens the case again, sees the corrected file and approves it on its page; the applicant's
   * status page, refreshed, says so. The number of emails before the approval: the link's comes after.
   */
  async function approveOnDesk(
    office: { office: BrowserContext; desk: Page },
    caseId: string,
    correctedFile: string,
    page: Page,
    applicant: { refresh: string; approved: string },
  ): Promise<number> {
    const { desk } = office;
    const mark = w.h.smtp.messages().length;
    await desk.goto(`${w.webUrl}/oficina/ventanilla-virtual/${caseId}`);
    expect(await desk.locator('main').innerText()).toContain(correctedFile);
    await Promise.all([desk.waitForNavigation(), desk.getByRole('button', { name: 'Aprobar la solicitud' }).click()]);
    expect(await desk.locator('main').innerText()).toContain('Solicitud aprobada');
    await office.office.close();
    await page.getByRole('button', { name: applicant.refresh }).click();
    await page.waitForURL((u) => u.pathname === '/clave-empleador/estado');
    expect(await main(page)).toContain(applicant.approved);
    await expectAccessiblePage(page);
    return mark;
  }
  /** The password set through the link emailed to the employer after `mark`, on the page in the applicant's language. */
  async function setPasswordByEmailedLink(
    page: Page,
    e: EmployerFixture,
    mark: number,
    labels: { password: string; confirmation: string; submit: string | RegExp },
  ): Promise<void> {
    const message = await w.h.smtp.waitForMessage((m) => m.to.includes(e.email) && /#token=/.test(m.text) && w.h.smtp.messages().indexOf(m) >= mark, 15_000);
    const token = /#token=([A-Za-z0-9_-]+)/.exec(message.text)![1]!;
    await page.goto(`${w.webUrl}/portal/clave#token=${token}`);
    await page.waitForURL((u) => u.pathname === '/portal/clave/nueva');
    await expectAccessiblePage(page);
    await page.getByLabel(labels.password, { exact: true }).fill('Patronal2026x');
    await page.getByLabel(labels.confirmation).fill('Patronal2026x');
    await page.getByRole('button', { name: labels.submit }).click();
    await page.waitForSelector('.govuk-panel');
    expect((await rows().portalCredential('employer', e.id))?.password_hash).toMatch(/^\$argon2id\$/);
  }

  it('a foreign employer without cédula, in English: passport instead of cédula; a photo named .pdf and a 1.2 MB scan refused at upload by name while the others stay chosen; observed, corrected, approved; the password set', async () => {
    const e = await seedEmployer(
      w.h.db.dataSource,
      employerFixture({ id: `PA${Date.now() % 10_000_000}`, idType: 'passport', name: SIGNER, email: 'yusleidy.mendoza.paez@outlook.com' }),
    );
    const context = await phone('en');
    const page = await context.newPage();
    await page.goto(`${w.webUrl}/idioma/en?volver=${encodeURIComponent('/clave-empleador')}`);
    await page.waitForURL((u) => u.pathname === '/clave-empleador');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await main(page)).toContain('their foreigner identification code, passport or visa');
    await expectAccessiblePage(page);
    await page.getByRole('link', { name: 'See what to bring' }).click();
    await page.waitForURL((u) => u.pathname === '/clave-empleador/ventanilla');
    await expectAccessiblePage(page);
    await page.getByRole('link', { name: 'Use the Ventanilla Virtual' }).click();
    await page.waitForURL((u) => u.pathname === '/clave-empleador/virtual');
    await expectAccessiblePage(page);
    await fileForm(
      page,
      e,
      {
        employerId: "Employer's RUC",
        filer: 'The employer, a natural person, filing for themselves',
        identity: 'Your cédula number',
        name: 'Your full name',
        go: 'Continue',
      },
      e.id,
    );

    // The sheet's alternatives for a foreigner without cédula, no cédula field.
    expect(await page.locator('#cedula').count()).toBe(0);
    expect(await page.locator('fieldset legend').allInnerTexts()).toContain('Identity document of a foreigner without a cédula');
    await page.locator('#ruc').setInputFiles(pdf('RUC_escaneado_en_alta_resolucion_2026.pdf', BIG_PDF));
    await page.locator('#key_delivery_request').setInputFiles(pdf('Solicitud_entrega_clave_firmada_electronicamente.pdf', JPEG));
    await page.locator('#responsibility_agreement').setInputFiles(pdf('Acuerdo_responsabilidad_firmado.pdf', await signedPdf(pki, { text: 'Acuerdo' })));
    await page.locator('#passport').setInputFiles(jpeg('Pasaporte_pagina_de_datos.jpg'));
    // Known to the registry by its passport: the RUC's number is typed beside its scan.
    await page.getByLabel("Employer's RUC number").fill(uniquePrivateRuc());
    await page.getByLabel('Details of your request').fill('Solicito la clave patronal del portal del IESS para registrar a mis trabajadores.');
    await press(page, 'Send the documents', '/clave-empleador/documentos');
    const summary = await page.locator('.govuk-error-summary').innerText();
    expect(summary).toContain('The file «RUC_escaneado_en_alta_resolucion_2026.pdf» is 1.2 MB, more than the 1 MB maximum');
    expect(summary).toContain('The file «Solicitud_entrega_clave_firmada_electronicamente.pdf» is not a PDF (it is a JPG image)');
    // The files that were fine are kept, each in its own field; what was typed too.
    expect(await page.locator('#responsibility_agreement-hint').innerText()).toContain(
      `Already uploaded: Acuerdo_responsabilidad_firmado.pdf, signed by ${SIGNER}`,
    );
    expect(await page.locator('#passport-hint').innerText()).toContain('Already uploaded: Pasaporte_pagina_de_datos.jpg');
    expect(await page.locator('#ruc-hint').innerText()).not.toContain('Already uploaded');
    expect(await page.getByLabel('Details of your request').inputValue()).toContain('Solicito la clave patronal');
    await expectAccessiblePage(page);

    await page.locator('.govuk-error-summary a[href="#ruc"]').focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('ruc');
    await page.locator('#ruc').setInputFiles(pdf('ruc.pdf', unsignedPdf('RUC')));
    await page.locator('#key_delivery_request').setInputFiles(pdf('Solicitud_firmada.pdf', await signedPdf(pki, { text: 'Solicitud de entrega de clave' })));
    await press(page, 'Send the documents', '/clave-empleador/estado');
    let status = await main(page);
    expect(status).toMatch(/Status\s+Being reviewed by the provincial office/);
    expect(status).not.toContain('Waiting for your documents');
    expect(status).toContain(`Solicitud de entrega de clave (key delivery request): signed by ${SIGNER}`);
    await expectAccessiblePage(page);

    // The provincial office, on its page: the passport observed in words.
    const caseId = await rows().caseIdOf(e.id, 'EMPLOYER_PORTAL_PASSWORD');
    const office = await officeDesk(caseId);
    const { desk } = office;
    expect(await desk.locator('.govuk-summary-card', { hasText: 'Solicitud_firmada.pdf' }).innerText()).toContain(SIGNER);
    await observeOnDesk(desk, 'Observación sobre pasaporte (opcional)', 'El pasaporte escaneado no se lee: cárguelo de nuevo con mejor resolución.');
    await page.reload();
    status = await main(page);
    expect(status).toContain('Observed: upload the observed documents again');
    expect(status).toContain('El pasaporte escaneado no se lee');
    expect(status).toContain('Documents sent');
    await expectAccessiblePage(page);
    await page.getByRole('link', { name: 'Upload the documents' }).click();
    await page.waitForURL((u) => u.pathname === '/clave-empleador/documentos');
    expect(await main(page)).toContain('The provincial office observed: Pasaporte (Pasaporte_pagina_de_datos.jpg): El pasaporte escaneado no se lee');
    expect(await main(page)).toMatch(/You have until \w+day, \d{1,2} December 2026, 17:00/);
    await expectAccessiblePage(page);
    await page.locator('#ruc').setInputFiles(pdf('ruc.pdf', unsignedPdf('RUC')));
    await page.locator('#key_delivery_request').setInputFiles(pdf('Solicitud_firmada.pdf', await signedPdf(pki, { text: 'Solicitud de entrega de clave' })));
    await page.locator('#responsibility_agreement').setInputFiles(pdf('Acuerdo_firmado.pdf', await signedPdf(pki, { text: 'Acuerdo' })));
    // A new scan (other bytes: the same bytes again would be the same document).
    await page.locator('#passport').setInputFiles({ ...jpeg('Pasaporte_nitido.jpg'), buffer: Buffer.concat([JPEG, Buffer.from([0])]) });
    await page.getByLabel("Employer's RUC number").fill(uniquePrivateRuc());
    await page.getByLabel('Details of your request').fill('Cargo de nuevo el pasaporte, escaneado con mejor resolución.');
    await press(page, 'Send the documents', '/clave-empleador/estado');
    expect(await main(page)).toContain('Being reviewed by the provincial office');

    const mark = await approveOnDesk(office, caseId, 'Pasaporte_nitido.jpg', page, {
      refresh: 'Refresh the status',
      approved: "Approved: we sent the link to set the password to the employer's registered email",
    });
    await setPasswordByEmailedLink(page, e, mark, { password: 'New password', confirmation: 'Repeat the new password', submit: /password/i });
    // The typed RUC's path of the workflow (TYPED_RUC_PATCH), replayed on every run.
    const handle = w.h.env.client.workflow.getHandle(caseWorkflowId(await rows().caseIdOf(e.id, 'EMPLOYER_PORTAL_PASSWORD')));
    for (let i = 0; i < 100 && ((await handle.query('getCase')) as CredentialCaseView).status !== 'issued'; i += 1)
      await new Promise((r) => setTimeout(r, 200));
    await recordHistory(handle, '004-virtual-foreign-employer-typed-ruc');
    await context.close();
  });

  it('a qualified artisan, in Spanish: the Calificación Artesanal asked too; accepted with the signatures verified, observed and corrected, approved on the office’s page; the password set', async () => {
    const e = await seedEmployer(
      w.h.db.dataSource,
      employerFixture({ isArtisan: true, name: 'Taller de Ebanistería Artesanal Quiñónez Etxeberría', email: 'taller.quinonez@example.ec' }),
    );
    const context = await phone('es-EC');
    const page = await context.newPage();
    await page.goto(`${w.webUrl}/clave-empleador/virtual`);
    await expectAccessiblePage(page);
    await fileForm(
      page,
      e,
      {
        employerId: 'RUC del empleador',
        filer: 'El representante legal del empleador',
        identity: 'Su número de cédula',
        name: 'Sus nombres y apellidos',
        go: 'Continuar',
      },
      e.legalRepIdentity,
    );
    expect(await page.locator('label[for="artisan_qualification"]').innerText()).toBe('Calificación artesanal');
    await page.locator('#ruc').setInputFiles(pdf('ruc.pdf', unsignedPdf('RUC')));
    await page.locator('#key_delivery_request').setInputFiles(pdf('solicitud.pdf', await signedPdf(pki, { text: 'Solicitud' })));
    await page.locator('#cedula').setInputFiles(jpeg('cedula.jpg'));
    await page.locator('#responsibility_agreement').setInputFiles(pdf('acuerdo-sin-firma.pdf', unsignedPdf('Acuerdo')));
    await page.getByLabel('Detalle de su pedido').fill('Solicito la clave patronal del portal del IESS.');
    await press(page, 'Enviar los documentos', '/clave-empleador/documentos');
    const summary = await page.locator('.govuk-error-summary').innerText();
    expect(summary).toContain('Acuerdo de Responsabilidad y Uso de la información («acuerdo-sin-firma.pdf»): no tiene firma electrónica');
    expect(summary).toContain('Elija el archivo: Calificación artesanal');
    await expectAccessiblePage(page);
    await page.locator('#responsibility_agreement').setInputFiles(pdf('acuerdo.pdf', await signedPdf(pki, { text: 'Acuerdo' })));
    await page.locator('#artisan_qualification').setInputFiles(pdf('calificacion-artesanal.pdf', unsignedPdf('Calificación artesanal')));
    await press(page, 'Enviar los documentos', '/clave-empleador/estado');
    expect(await main(page)).toMatch(/Estado\s+En revisión de la oficina provincial/);
    await expectAccessiblePage(page);

    // The provincial office, on its page: the Calificación Artesanal observed in words; the artisan corrects it.
    const caseId = await rows().caseIdOf(e.legalRepIdentity, 'EMPLOYER_PORTAL_PASSWORD');
    const office = await officeDesk(caseId);
    const { desk } = office;
    await observeOnDesk(desk, /Observación sobre calificación artesanal/i, 'La calificación artesanal está vencida: cargue la vigente.');
    await page.reload();
    expect(await main(page)).toContain('Con observaciones: cargue otra vez los documentos observados');
    expect(await main(page)).toContain('La calificación artesanal está vencida');
    await page.getByRole('link', { name: 'Cargue los documentos' }).click();
    await page.waitForURL((u) => u.pathname === '/clave-empleador/documentos');
    expect(await main(page)).toContain('La oficina provincial observó');
    await expectAccessiblePage(page);
    await page.locator('#ruc').setInputFiles(pdf('ruc.pdf', unsignedPdf('RUC')));
    await page.locator('#key_delivery_request').setInputFiles(pdf('solicitud.pdf', await signedPdf(pki, { text: 'Solicitud' })));
    await page.locator('#cedula').setInputFiles(jpeg('cedula.jpg'));
    await page.locator('#responsibility_agreement').setInputFiles(pdf('acuerdo.pdf', await signedPdf(pki, { text: 'Acuerdo' })));
    await page.locator('#artisan_qualification').setInputFiles(pdf('calificacion-artesanal-vigente.pdf', unsignedPdf('Calificación artesanal vigente')));
    await page.getByLabel('Detalle de su pedido').fill('Cargo la calificación artesanal vigente.');
    await press(page, 'Enviar los documentos', '/clave-empleador/estado');
    expect(await main(page)).toContain('En revisión de la oficina provincial');

    const mark = await approveOnDesk(office, caseId, 'calificacion-artesanal-vigente.pdf', page, {
      refresh: 'Actualizar el estado',
      approved: 'Aprobado: enviamos el enlace para generar la clave al correo registrado del empleador',
    });
    await setPasswordByEmailedLink(page, e, mark, { password: 'Nueva clave', confirmation: 'Repita la nueva clave', submit: 'Registrar la clave' });
    await context.close();
  });
});
