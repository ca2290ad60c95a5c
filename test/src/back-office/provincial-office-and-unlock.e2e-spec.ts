import { loadTrustAnchors } from '@tramites/activities';
import { caseWorkflowId, type CredentialCaseView } from '@tramites/contracts';
import { composeForeignerCode } from '@tramites/domain';
import {
  affiliateFixture,
  createTestPki,
  employerFixture,
  seedAffiliate,
  seedEmployer,
  signedPdf,
  unsignedPdf,
  workHistoryAnswers,
  type AffiliateFixture,
  type TestPki,
} from '@tramites/testing';
import type { ApiHarness } from '@tramites/testing/api';
import { TestRows } from '@tramites/testing/rows';
import { backdateAccessToken, backdateAuthTime, expectAccessiblePage, startOfficerWeb, type OfficerWeb } from '@tramites/testing/web';
import type { Browser, BrowserContext, Page } from 'playwright-core';

const MANAGER = { username: 'gestor.quito', password: 'Gestor-Quito-2026', sub: 'officer-uio-norte-1' };
/** A case manager of another agency (GYE-CENTRO): the Quito office's cases are not theirs. */
const OTHER_AGENCY = { username: 'gestor.guayaquil', password: 'Gestor-Gye-2026', sub: 'officer-gye-centro-1' };
const DESK = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 740 };
/** Longer ago than the step-up window of the office's decision (apps/api/src/auth/step-up.ts, 5 minutes). */
const SIGNED_IN_LONG_AGO = 10 * 60;
const SIGNER = 'María Fernanda de los Ángeles Villavicencio Santamaría';
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(2000, 7), Buffer.from([0xff, 0xd9])]);

/**
 * The provincial office's page for the Ventanilla Virtual (sheet 004, online) and the agency's
 * unlock of a locked 003 password, in Debian's Chromium with the demo officer of the office's
 * agency: the inbox, the case with its files viewable and each signature in words, an observation
 * corrected by the applicant, the approval, and the password set through the emailed link; a
 * credential locked by five wrong rounds, unlocked at the agency page, then the affiliate passes.
 * axe and reflow (320 and 360 px) on every officer page, at a desk's width and on a phone.
 */
describe('the provincial office reviews the Ventanilla Virtual; the agency unlocks a 003 password', () => {
  let w: OfficerWeb;
  let h: ApiHarness;
  let browser: Browser;
  let pki: TestPki;
  const rows = (): TestRows => new TestRows(h.db.dataSource);

  beforeAll(async () => {
    pki = await createTestPki({ commonName: SIGNER });
    w = await startOfficerWeb('office_review_unlock', { trustAnchors: loadTrustAnchors(pki.caPem) });
    ({ h, browser } = w);
  });
  afterAll(async () => {
    await w?.close();
  });

  async function captcha(): Promise<string> {
    const res = await h.http().get('/captcha').expect(200);
    const [a, b] = (res.body.question as string).match(/\d+/g)!.map(Number);
    return `${res.body.captchaId}:${(a ?? 0) + (b ?? 0)}`;
  }
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  async function signedIn(path: string, viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: 'es-EC', viewport });
    const page = await w.signIn(context, MANAGER.username, MANAGER.password, path);
    await page.waitForURL((u) => u.pathname === path);
    return { context, page };
  }
  async function submitForm(page: Page, button: string): Promise<void> {
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: button }).click()]);
  }
  /** axe and reflow (320 and 360 px) as the page is, then axe at the other width: a desk's or a phone's. */
  async function accessible(page: Page): Promise<void> {
    await expectAccessiblePage(page);
    const before = page.viewportSize() ?? PHONE;
    await page.setViewportSize(before.width > PHONE.width ? PHONE : DESK);
    await w.axe(page);
    await page.setViewportSize(before);
  }
  async function query(caseId: string): Promise<CredentialCaseView> {
    return (await h.env.client.workflow.getHandle(caseWorkflowId(caseId)).query('getCase')) as CredentialCaseView;
  }

  it('004: the office sees the files and the signatures in words, observes the cédula, the applicant corrects, the office approves, the password is set', async () => {
    const e = await seedEmployer(
      h.db.dataSource,
      employerFixture({
        name: 'Importadora y Exportadora de Maquinaria Agrícola del Pichincha Cía. Ltda.',
        email: 'yusleidy.mendoza.paez@outlook.com',
        legalRepName: SIGNER,
      }),
    );
    const started = await h
      .http()
      .post('/portal-passwords/employer')
      .send({
        channel: 'virtual',
        employerId: e.id,
        filerRole: 'legal_representative',
        filer: { identityNumber: e.legalRepIdentity, fullName: SIGNER },
        captchaToken: await captcha(),
      })
      .expect(201);
    const { caseId, accessToken } = started.body as { caseId: string; accessToken: string };
    const upload = async (bytes: Uint8Array | Buffer, name: string): Promise<string> => {
      const res = await h.http().post(`/cases/${caseId}/uploads`).set(bearer(accessToken)).attach('file', Buffer.from(bytes), name);
      expect([200, 201]).toContain(res.status);
      return res.body.documentId as string;
    };
    const request = await signedPdf(pki, { text: 'Solicitud de entrega de clave' });
    const files = {
      ruc: await upload(unsignedPdf(`RUC ${e.id}`), 'ruc-importadora.pdf'),
      key_delivery_request: await upload(request, 'solicitud-entrega-clave-firmada-electronicamente.pdf'),
      cedula: await upload(JPEG, 'cedula-representante.jpg'),
      responsibility_agreement: await upload(await signedPdf(pki, { text: 'Acuerdo de responsabilidad' }), 'acuerdo.pdf'),
    };
    const submit = async (ids: typeof files) =>
      h
        .http()
        .post(`/cases/${caseId}/submission`)
        .set(bearer(accessToken))
        .send({
          uploads: Object.entries(ids).map(([kind, documentId]) => ({ documentId, kind, ...(kind === 'cedula' ? { belongsTo: 'legal_representative' } : {}) })),
          requestDetail: 'Solicito la clave patronal del portal del IESS.',
        })
        .expect(200);
    expect((await submit(files)).body.status).toBe('office_review');
    const reference = `T-${caseId.replace(/-/g, '').slice(0, 10).toUpperCase()}`;

    // The inbox of the office's agency names the submission; the menu leads to it.
    const desk = await signedIn('/oficina', DESK);
    await Promise.all([desk.page.waitForNavigation(), desk.page.getByRole('link', { name: 'Ventanilla Virtual' }).first().click()]);
    expect(new URL(desk.page.url()).pathname).toBe('/oficina/ventanilla-virtual');
    const inbox = await desk.page.locator('main').innerText();
    expect(inbox).toContain(reference);
    expect(inbox).toContain('Importadora y Exportadora de Maquinaria Agrícola del Pichincha Cía. Ltda.');
    await accessible(desk.page);
    await Promise.all([desk.page.waitForNavigation(), desk.page.getByRole('link', { name: reference }).click()]);
    const page = desk.page;
    let main = await page.locator('main').innerText();
    expect(main).toContain(`Solicitud ${reference}`);
    expect(main).toContain('solicitud-entrega-clave-firmada-electronicamente.pdf');
    // Each signed document: valid, the signer, the certificate's issuer, the signing time in local time.
    const requestCard = page.locator('.govuk-summary-card', { hasText: 'solicitud-entrega-clave' });
    const card = await requestCard.innerText();
    expect(card).toMatch(/Firma electrónica\s+Válida/);
    expect(card).toContain(SIGNER);
    expect(card).toMatch(/Emisor del certificado\s+\S*CN=/);
    expect(card).toMatch(/Firmado\s+.*\d{1,2}:\d{2}/);
    expect(await page.locator('.govuk-summary-card', { hasText: 'ruc-importadora.pdf' }).innerText()).toContain('No se pide para este documento');
    await accessible(page);

    // The file itself, through the web with the officer's session, the same bytes; the read is logged.
    const href = await requestCard.getByRole('link', { name: /^Abrir/ }).getAttribute('href');
    const file = await desk.context.request.get(`${w.webUrl}${href}`);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toContain('application/pdf');
    expect(Buffer.compare(await file.body(), Buffer.from(request))).toBe(0);

    // Another agency's officer reaches neither the case nor its files: 403 in the pages and in the API, nothing shown.
    const elsewhere = await browser.newContext({ locale: 'es-EC', viewport: DESK });
    const otherPage = await w.signIn(elsewhere, OTHER_AGENCY.username, OTHER_AGENCY.password, '/oficina');
    await otherPage.waitForURL((u) => u.pathname === '/oficina');
    for (const path of [`/oficina/ventanilla-virtual/${caseId}`, href!]) {
      const refused = await otherPage.goto(`${w.webUrl}${path}`);
      expect(refused?.status()).toBe(403);
      const shown = await otherPage.locator('body').innerText();
      expect(shown).not.toContain('solicitud-entrega-clave');
      expect(shown).not.toContain(SIGNER);
    }
    await w.axe(otherPage);
    const otherToken = bearer(await h.token({ sub: OTHER_AGENCY.sub, role: 'case_manager', agencyId: 'GYE-CENTRO' }));
    expect((await h.http().get(`/cases/${caseId}`).set(otherToken)).status).toBe(403);
    expect((await h.http().get(`/cases/${caseId}/uploads/${files.key_delivery_request}`).set(otherToken)).status).toBe(403);
    await elsewhere.close();
    const reads = (await rows().accessLog(caseId, MANAGER.sub)).map((r) => r.action);
    expect(reads).toEqual(expect.arrayContaining([`download_upload:${files.key_delivery_request}`]));

    // Observing with no reason: the form says so and nothing is decided.
    await submitForm(page, 'Observar la solicitud');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Escriba al menos una observación');
    expect((await query(caseId)).status).toBe('office_review');
    await accessible(page);
    // A sign-in older than the step-up window: the provider asks for the password, the reasons come back as typed.
    const observation = 'La imagen está borrosa: cargue una copia legible de la cédula.';
    await page.getByLabel('Observación sobre cédula de identidad (opcional)').fill(observation);
    const sessionId = (await desk.context.cookies(`${w.webUrl}/oficina`)).find((c) => c.name === 'tramites_oficina')?.value ?? '';
    await backdateAccessToken(h.db.dataSource, sessionId, SIGNED_IN_LONG_AGO, w.provider);
    await backdateAuthTime(h.db.dataSource, sessionId, SIGNED_IN_LONG_AGO);
    await page.getByRole('button', { name: 'Observar la solicitud' }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/interaccion/'));
    await page.getByLabel('Usuario').fill(MANAGER.username);
    await page.getByLabel('Contraseña').fill(MANAGER.password);
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.waitForURL((u) => u.pathname === `/oficina/ventanilla-virtual/${caseId}` && u.searchParams.get('confirmar') === '1');
    expect(await page.getByText('Confirmó su identidad.').count()).toBe(1);
    expect((await query(caseId)).status).toBe('office_review');
    expect(await page.getByLabel('Observación sobre cédula de identidad (opcional)').inputValue()).toBe(observation);
    await submitForm(page, 'Observar la solicitud');
    main = await page.locator('main').innerText();
    expect(main).toContain('Solicitud observada');
    expect(main).toMatch(/Observada por Ana Gestora Quito/);
    expect(main).toContain('Cédula de identidad (cedula-representante.jpg): La imagen está borrosa');
    expect((await query(caseId)).status).toBe('awaiting_correction');
    await accessible(page);

    // The applicant uploads the cédula again and sends; the office approves on its page.
    await submit({ ...files, cedula: await upload(Buffer.concat([JPEG, Buffer.from([0])]), 'cedula-legible.jpg') });
    const phone = await signedIn(`/oficina/ventanilla-virtual/${caseId}`, PHONE);
    expect(await phone.page.locator('main').innerText()).toMatch(/La decisión anterior de la oficina\s+Observada por Ana Gestora Quito/);
    expect(await phone.page.locator('main').innerText()).toContain('cedula-legible.jpg');
    await accessible(phone.page);
    const mark = h.smtp.messages().length;
    await submitForm(phone.page, 'Aprobar la solicitud');
    main = await phone.page.locator('main').innerText();
    expect(main).toContain('Solicitud aprobada');
    expect(main).toMatch(/Aprobada por Ana Gestora Quito/);
    await accessible(phone.page);
    const events = (await rows().caseEvents(caseId)).map((r) => r.type);
    expect(events).toEqual(expect.arrayContaining(['DOCUMENTS_OBSERVED', 'OFFICE_APPROVED']));
    expect((await rows().accessLogEntry(caseId, 'office_review'))?.actor_id).toBe(MANAGER.sub);

    // The employer sets the password through the emailed link.
    const message = await h.smtp.waitForMessage(
      (m) => m.to.includes(e.email) && m.subject.startsWith('Enlace para generar su clave') && h.smtp.messages().indexOf(m) >= mark,
      15_000,
    );
    const token = /#token=([A-Za-z0-9_-]+)/.exec(message.text)![1]!;
    const applicant = await browser.newContext({ locale: 'es-EC', viewport: PHONE });
    const own = await applicant.newPage();
    await own.goto(`${w.webUrl}/portal/clave#token=${token}`);
    await own.waitForURL((u) => u.pathname === '/portal/clave/nueva');
    await own.locator('#password').fill('Patronal2026x');
    await own.locator('#passwordConfirmation').fill('Patronal2026x');
    await Promise.all([own.waitForSelector('.govuk-panel'), own.locator('#passwordConfirmation').press('Enter')]);
    expect((await rows().portalCredential('employer', e.id))?.password_hash).toMatch(/^\$argon2id\$/);
    await Promise.all([applicant.close(), phone.context.close(), desk.context.close()]);
  });

  it('003: a credential locked by five wrong rounds is found by the foreigner code, unlocked with a reason, and the affiliate then passes', async () => {
    const a: AffiliateFixture = await seedAffiliate(
      h.db.dataSource,
      affiliateFixture({
        identityNumber: composeForeignerCode(String(Date.now()).slice(-10)),
        fullName: 'Yusleidy Carolina Mendoza Páez de la Santísima Trinidad',
        email: 'yusleidy.mendoza.paez@outlook.com',
      }),
    );
    const started = await h
      .http()
      .post('/portal-passwords/affiliate')
      .send({ identityNumber: a.identityNumber, captchaToken: await captcha() })
      .expect(201);
    const { caseId, accessToken } = started.body as { caseId: string; accessToken: string };
    let view = started.body.case as CredentialCaseView;
    const answers = (v: CredentialCaseView, wrong: boolean) => ({
      ordinal: v.identityCheck!.ordinal,
      birthDay: wrong ? (Number(a.birthDate.slice(8, 10)) % 28) + 1 : Number(a.birthDate.slice(8, 10)),
      birthMonth: Number(a.birthDate.slice(5, 7)),
      workHistory: workHistoryAnswers(a, v.identityCheck!.workHistory),
      personal: {},
    });
    for (let round = 1; round <= 5; round += 1) {
      const res = await h.http().post(`/cases/${caseId}/identity-check`).set(bearer(accessToken)).send(answers(view, true));
      expect(res.status).toBe(round < 5 ? 422 : 423);
      if (round < 5) view = res.body.error.case as CredentialCaseView;
    }
    expect((await query(caseId)).status).toBe('locked');

    // The agency's page: a number that is not a cédula nor a code is refused by name; the person is found by the foreigner code.
    const { context, page } = await signedIn('/oficina/clave-afiliado', PHONE);
    await accessible(page);
    await page.getByLabel('Cédula o código de extranjero del afiliado').fill('12345');
    await submitForm(page, 'Buscar la clave');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('cédula (10 dígitos) o un código de extranjero (12 dígitos');
    expect(await page.getByLabel('Cédula o código de extranjero del afiliado').inputValue()).toBe('12345');
    await accessible(page);
    await page.getByLabel('Cédula o código de extranjero del afiliado').fill(a.identityNumber);
    await submitForm(page, 'Buscar la clave');
    let main = await page.locator('main').innerText();
    expect(main).toContain('Yusleidy Carolina Mendoza Páez de la Santísima Trinidad');
    expect(main).toMatch(/Estado de la clave\s+Bloqueada desde el .* tras 5 intentos fallidos/);
    expect(main).toMatch(/Fecha de nacimiento según el registro\s+\S+ 17 de abril de 1988/);
    expect(main).toMatch(/Trámites en línea que esperan el desbloqueo\s+1/);
    expect(new URL(page.url()).pathname).toBe('/oficina/clave-afiliado');
    expect(page.url()).not.toContain(a.identityNumber);
    expect((await rows().accessLog(caseId, MANAGER.sub)).map((r) => r.action)).toContain('read_credential_status');
    await accessible(page);

    // A reason is required; then the unlock, logged on the case, and the case goes on.
    await submitForm(page, 'Desbloquear la clave');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Explique el desbloqueo');
    await accessible(page);
    // An unlock needs a fresh sign-in: the provider asks for the password, the reason comes back as typed, nothing is unlocked meanwhile.
    const reason = 'Presentó su pasaporte original y el registro coincide.';
    await page.getByLabel('Motivo del desbloqueo').fill(reason);
    const sessionId = (await context.cookies(`${w.webUrl}/oficina`)).find((c) => c.name === 'tramites_oficina')?.value ?? '';
    await backdateAccessToken(h.db.dataSource, sessionId, SIGNED_IN_LONG_AGO, w.provider);
    await backdateAuthTime(h.db.dataSource, sessionId, SIGNED_IN_LONG_AGO);
    await page.getByRole('button', { name: 'Desbloquear la clave' }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/interaccion/'));
    expect((await query(caseId)).status).toBe('locked');
    await page.getByLabel('Usuario').fill(MANAGER.username);
    await page.getByLabel('Contraseña').fill(MANAGER.password);
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.waitForURL((u) => u.pathname === '/oficina/clave-afiliado' && u.searchParams.get('confirmar') === '1');
    expect(page.url()).not.toContain(a.identityNumber);
    expect(await page.getByText('Confirmó su identidad.').count()).toBe(1);
    expect(await page.getByLabel('Motivo del desbloqueo').inputValue()).toBe(reason);
    expect((await query(caseId)).status).toBe('locked');
    await accessible(page);
    await submitForm(page, 'Desbloquear la clave');
    main = await page.locator('main').innerText();
    expect(main).toContain('Clave desbloqueada');
    expect(main).toContain('su trámite en línea continúa');
    await accessible(page);
    const unlocked = (await rows().caseEvents(caseId)).find((r) => r.type === 'CREDENTIAL_UNLOCKED');
    expect(unlocked?.actor_id).toBe(MANAGER.sub);
    await context.close();

    // The affiliate answers rightly and goes on to the email.
    view = await query(caseId);
    expect(view.status).toBe('identity_check');
    const passed = await h.http().post(`/cases/${caseId}/identity-check`).set(bearer(accessToken)).send(answers(view, false)).expect(200);
    expect(passed.body.status).toBe('awaiting_email');
  });
});
