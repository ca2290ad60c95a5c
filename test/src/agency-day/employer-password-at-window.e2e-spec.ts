import { employerFixture, seedEmployer, THIRD_PARTY_CEDULA } from '@tramites/testing';
import { type ApiHarness, DeskCases } from '@tramites/testing/api';
import { DESK_WIDTH, expectAccessiblePage, PHONE_WIDTH, signedInAt, startOfficerWeb, type OfficerWeb } from '@tramites/testing/web';
import type { Page } from 'playwright-core';

const MANAGER = { username: 'gestor.quito', password: 'Gestor-Quito-2026' };

/** A long name with accents, as a third party writes it on the key-delivery request. */
const THIRD_PARTY = 'María José Ñáñez de la Cruz Villavicencio';

/**
 * Sheet 004 in person (ADR 0030, amended): the last item of a day at the agency. An officer opens
 * the employer's portal password for the third party authorised on the key-delivery request, with
 * the «Confirmación del Turno en Línea» presented; lands on the case; records the window's documents
 * once with a signature missing (observed, the reasons in words), then correctly (the link goes to
 * the employer's registered address, masked); the link sets the password. An employer the registry
 * does not know is refused in words the officer can act on. axe and reflow on every page.
 */
describe('004 (employer portal password) at the window in Chromium', () => {
  let w: OfficerWeb;
  let h: ApiHarness;
  let cases: DeskCases;

  beforeAll(async () => {
    w = await startOfficerWeb('employer_password_at_window');
    ({ h } = w);
    cases = new DeskCases(h);
  });
  afterAll(async () => {
    await w?.close();
  });

  const signedIn = (path: string, viewport = DESK_WIDTH) => signedInAt(w, MANAGER, path, viewport);

  async function linkTokenFor(email: string): Promise<string> {
    const message = await h.smtp.waitForMessage((m) => m.to.includes(email) && m.subject.startsWith('Enlace para generar su clave'), 15_000);
    return /#token=([A-Za-z0-9_-]+)/.exec(message.text)![1]!;
  }

  /** One document of the window's form, by its heading: presented in original, signed as `signature` when it is signed. */
  async function present(page: Page, title: string, signature?: 'Manuscrita' | 'Sin firma', fields: Record<string, string> = {}): Promise<void> {
    const doc = page.getByRole('group', { name: title, exact: true });
    await doc.getByRole('checkbox', { name: 'Lo presentó' }).check();
    await doc.getByRole('checkbox', { name: 'Original' }).check();
    if (signature) await doc.getByRole('radio', { name: signature }).check();
    for (const [label, value] of Object.entries(fields)) await doc.getByLabel(label, { exact: true }).fill(value);
  }

  async function recordWindow(page: Page, signature: 'Manuscrita' | 'Sin firma', legalRep: string): Promise<void> {
    await page.getByRole('link', { name: 'Revisar documentos en ventanilla' }).click();
    await page.waitForURL((u) => u.pathname.endsWith('/ventanilla'));
    await present(page, 'Solicitud de entrega de clave', 'Manuscrita', {
      'Nombres y apellidos del tercero autorizado': THIRD_PARTY,
      'Cédula del tercero autorizado': THIRD_PARTY_CEDULA,
    });
    await present(page, 'Cédula del tercero autorizado');
    await present(page, 'Cédula del representante legal', undefined, { 'Número de cédula (opcional)': legalRep });
    await present(page, 'Acuerdo de Responsabilidad y Uso de la información', signature);
    await page.getByRole('button', { name: 'Registrar los documentos' }).click();
    await page.waitForURL((u) => /^\/oficina\/escritorio\/tramites\/[0-9a-f-]{36}$/.test(u.pathname));
  }

  it('an authorised third party brings the key-delivery request: opened with the turno, observed for a missing signature, then accepted; the link sets the password', async () => {
    const employer = await seedEmployer(
      h.db.dataSource,
      employerFixture({
        name: 'Compañía Exportadora de Cacao Fino de Aroma del Litoral Ecuatoriano S.A.',
        email: `clave.patronal.ventanilla.${Date.now()}@exportadora-cacao-fino-aroma-litoral.example.ec`,
      }),
    );
    const { context, page } = await signedIn('/oficina/escritorio/sin-turno');
    await page.getByRole('radio', { name: '004 · Generación de clave patronal de acceso al portal IESS' }).check();
    await page.getByRole('radio', { name: 'El tercero autorizado' }).check();
    await page.getByLabel('Nombres y apellidos de quien presenta').fill(THIRD_PARTY);
    await page.getByLabel('Documento de identidad de quien presenta').selectOption('cedula');
    await page.getByLabel('Número del documento de quien presenta').fill(THIRD_PARTY_CEDULA);
    await page.getByLabel('RUC del empleador').fill(employer.id);
    // Forgotten at first: the page keeps what was typed and names the turno's field.
    await page.getByRole('button', { name: 'Abrir el trámite' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Escriba la referencia de la «Confirmación del Turno en Línea»');
    expect(await page.locator('#filerName').inputValue()).toBe(THIRD_PARTY);
    expect(await page.locator('#employerId').inputValue()).toBe(employer.id);
    await page.getByLabel('Referencia de la «Confirmación del Turno en Línea»').fill('TL-004123');
    await page.getByRole('button', { name: 'Abrir el trámite' }).click();

    await page.waitForURL((u) => /^\/oficina\/escritorio\/tramites\/[0-9a-f-]{36}$/.test(u.pathname));
    const caseId = page.url().split('/').pop() ?? '';
    const facts = await page.locator('.app-identity-bar').innerText();
    expect(facts).toContain(employer.name);
    expect(facts).toContain('004 · Generación de clave patronal de acceso al portal IESS');
    expect(facts).toContain(`RUC ${employer.id}`);
    expect(facts).toContain(`${THIRD_PARTY}, tercero autorizado (cédula de identidad ${THIRD_PARTY_CEDULA})`);
    expect(facts).toContain('Confirmación del Turno en Línea TL-004123');
    expect(facts).toContain('En ventanilla: revisar documentos');
    expect(await page.locator('.app-timeline').innerText()).not.toBe('');
    await expectAccessiblePage(page);

    // The agency's queue of open cases lists it, with the employer and the status in words.
    await page.goto(`${w.webUrl}/oficina/escritorio?cola=open`);
    const row = page.getByRole('row').filter({ hasText: employer.name });
    expect(await row.innerText()).toContain('En ventanilla: revisar documentos');
    await page.goto(`${w.webUrl}/oficina/escritorio/tramites/${caseId}`);
    // The officer takes it, as any case of the agency.
    await page.getByRole('button', { name: /^Asignarme/ }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('.app-identity-bar').innerText()).toContain('Asignado a usted');

    // Once with the responsibility agreement unsigned: observed, the reason in words, a correction deadline.
    await recordWindow(page, 'Sin firma', employer.legalRepIdentity);
    const observed = await page.locator('main').innerText();
    expect(observed).toContain('Documentos observados');
    expect(observed).not.toContain('Trámite negado');
    expect(observed).toContain('la firma manuscrita es imprescindible');
    expect(observed).toContain('Esperando corrección');
    expect(observed).toMatch(/puede corregir hasta el \w+, \d+ de \w+ de \d{4}/);
    await expectAccessiblePage(page);

    // Then signed by hand: accepted, and the single-use link goes to the employer's registered address (masked).
    await recordWindow(page, 'Manuscrita', employer.legalRepIdentity);
    const accepted = await page.locator('main').innerText();
    expect(accepted).toContain('Documentos aceptados');
    expect(accepted).toContain('Enlace enviado al correo registrado');
    expect(accepted).not.toContain(employer.email);
    expect(await page.locator('#enlace-enviado').innerText()).toMatch(/\*\*\*@exportadora-cacao-fino-aroma-litoral\.example\.ec/);
    await context.close();

    // At 360 px the case page reads and reflows as well.
    const phone = await signedIn(`/oficina/escritorio/tramites/${caseId}`, PHONE_WIDTH);
    expect(await phone.page.locator('.app-identity-bar').innerText()).toContain(employer.name);
    await expectAccessiblePage(phone.page);
    await phone.context.close();

    const token = await linkTokenFor(employer.email);
    await h.http().post('/password-links/password').send({ token, password: 'Patronal2026y', passwordConfirmation: 'Patronal2026y' }).expect(200);
    await cases.waitForStatus(caseId, 'issued');
    const issued = await signedIn(`/oficina/escritorio/tramites/${caseId}`);
    expect(await issued.page.locator('main').innerText()).toContain('Clave creada');
    await issued.context.close();
  });

  it('an employer the registry does not know is refused in words the officer can act on, the form kept (keyboard only, 360 px)', async () => {
    const unknown = employerFixture().id;
    const { context, page } = await signedIn('/oficina/escritorio/sin-turno', PHONE_WIDTH);
    const tabTo = async (id: string): Promise<void> => {
      for (let i = 0; i < 80; i += 1) {
        if ((await page.evaluate('document.activeElement && document.activeElement.id')) === id) return;
        await page.keyboard.press('Tab');
      }
      throw new Error(`the keyboard never reached #${id}`);
    };
    const type = async (id: string, value: string): Promise<void> => {
      await tabTo(id);
      await page.keyboard.type(value);
    };
    await page.keyboard.press('Tab');
    await tabTo('procedure');
    // 000, 001, 002, 004: the arrows move the choice; up from the first is the last.
    await page.keyboard.press('ArrowUp');
    await tabTo('filerRole');
    await page.keyboard.press('ArrowUp'); // the last filer: the legal representative (004 only)
    await type('filerName', 'Carlos Andrés Vera Mora');
    await tabTo('identityType');
    await page.keyboard.press('C'); // «Cédula de identidad»
    await type('identityNumber', '1710034065');
    await type('employerId', unknown);
    await type('appointmentReference', 'TL-004124');
    await page.keyboard.press('Enter');
    await page.locator('.govuk-error-summary').waitFor();
    const summary = await page.locator('.govuk-error-summary').innerText();
    expect(await page.getByRole('radio', { name: /^004 · / }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: 'El representante legal' }).isChecked()).toBe(true);
    expect(summary).toContain('registro de empleador');
    expect(summary).toContain('revise el número con la persona');
    expect(await page.locator('#employerId').inputValue()).toBe(unknown);
    expect(await page.locator('#appointmentReference').inputValue()).toBe('TL-004124');
    await expectAccessiblePage(page);

    // A registered employer that has not generated the key-delivery request: refused on the employer, with the way on.
    const noRequest = await seedEmployer(h.db.dataSource, employerFixture({ keyRequestNumber: null }));
    await page.locator('#employerId').fill(noRequest.id);
    await page.locator('#appointmentReference').fill('TL-004125');
    await page.getByRole('button', { name: 'Abrir el trámite' }).click();
    await page.locator('.govuk-error-summary a[href="#employerId"]').waitFor();
    const again = await page.locator('.govuk-error-summary').innerText();
    expect(again).toContain('no ha generado la solicitud de entrega de clave');
    expect(again).toContain('vuelve con la «Solicitud de entrega de clave» impresa y firmada');
    await context.close();
  });
});
