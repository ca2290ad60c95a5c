import { randomUUID } from 'node:crypto';
import type { Principal } from '@tramites/api';
import { completeDocuments001ByAttorney, completeDocuments001ByEmployer, THIRD_PARTY_CEDULA } from '@tramites/testing';
import { type ApiHarness, DeskCases } from '@tramites/testing/api';
import { DESK_WIDTH, PHONE_WIDTH, scrollWidthOverflow, signedInAt, startOfficerWeb, type OfficerWeb } from '@tramites/testing/web';
import type { Page } from 'playwright-core';

const MANAGER = { username: 'gestor.quito', password: 'Gestor-Quito-2026', sub: 'officer-uio-norte-1' };
const LEGAL = { username: 'juridico.pichincha', password: 'Juridico-Pich-2026' };

/**
 * Walk-ins at the desk (sheet 001, NOTA: a person of a vulnerable group needs no online turno) by
 * whoever the sheet lets file: a pregnant attorney with her poder, which then reaches the legal unit's
 * inbox, and an authorised third party typed with the keyboard only at 360 px; each lands on the new
 * case, which shows who files, the employer, the contact and the priority. axe on every page.
 */
describe('walk-ins at the desk in Chromium', () => {
  let w: OfficerWeb;
  let h: ApiHarness;
  let cases: DeskCases;

  beforeAll(async () => {
    w = await startOfficerWeb('walk_ins');
    ({ h } = w);
    cases = new DeskCases(h);
  });
  afterAll(async () => {
    await w?.close();
  });

  const signedIn = (who: { username: string; password: string }, path: string, viewport = DESK_WIDTH) => signedInAt(w, who, path, viewport);

  const officer: Principal = { sub: MANAGER.sub, role: 'case_manager', agencyId: 'UIO-NORTE' };

  const fitsItsWidth = async (page: Page): Promise<void> => expect(await scrollWidthOverflow(page)).toBeLessThanOrEqual(0);

  /** Tab from where the focus is until the element with `id` has it. */
  async function tabTo(page: Page, id: string): Promise<void> {
    for (let i = 0; i < 80; i += 1) {
      if ((await page.evaluate('document.activeElement && document.activeElement.id')) === id) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`the keyboard never reached #${id}`);
  }

  it('a pregnant attorney walks in with her poder: the case opens checked in and shows her, the employer, the contact and the priority; after the window the poder is in the legal unit’s inbox', async () => {
    const deed = `2026-17-01-P${randomUUID().slice(0, 8).toUpperCase()}`;
    const { context, page } = await signedIn(MANAGER, '/oficina/escritorio/sin-turno');
    await w.axe(page);
    await fitsItsWidth(page);
    await page.getByRole('radio', { name: /^001 · / }).check();
    await page.getByRole('radio', { name: 'Mujer embarazada' }).check();
    await page.getByRole('radio', { name: 'El apoderado' }).check();
    await page.getByLabel('Nombres y apellidos de quien presenta').fill('Ana Lucía Torres Vega');
    await page.getByLabel('Documento de identidad de quien presenta').selectOption('cedula');
    await page.getByLabel('Número del documento de quien presenta').fill(THIRD_PARTY_CEDULA);
    await page.getByLabel('Correo electrónico de quien presenta').fill('ana.torres@example.ec');
    await page.getByLabel('Celular de quien presenta').fill('0991234567');
    await page.getByLabel('RUC del empleador').fill('1790016919001');
    await page.getByLabel('Número de la escritura del poder').fill(deed);
    await page.getByLabel('Notaría que otorgó el poder').fill('Notaría Primera del cantón Quito');
    await page.getByLabel('Nombres y apellidos completos del titular').fill('Jorge Luis Salazar Vera');
    await page.getByLabel('Nacionalidad del titular').selectOption('COL');
    await page.getByRole('radio', { name: 'Pasaporte' }).check();
    await page.getByLabel('Número del documento del titular').fill(`AB${deed.slice(-8)}`);
    await page.getByLabel('Fecha de nacimiento del titular').fill('1985-03-14');
    await page.getByRole('button', { name: 'Abrir el trámite' }).click();

    // Lands on the new case (the read model is written before the answer), not on "No existe ese trámite".
    await page.waitForURL((u) => /^\/oficina\/escritorio\/tramites\/[0-9a-f-]{36}$/.test(u.pathname));
    const caseId = page.url().split('/').pop() ?? '';
    const facts = await page.locator('.app-identity-bar').innerText();
    expect(facts).toContain('Jorge Luis Salazar Vera');
    expect(facts).toContain('001 · Asignación de código de identificación para extranjeros bajo relación de dependencia');
    expect(facts).not.toContain('solicitado por el empleador');
    expect(facts).toContain(`Ana Lucía Torres Vega, apoderado (cédula de identidad ${THIRD_PARTY_CEDULA})`);
    expect(facts).toContain('Mujer embarazada: atención prioritaria sin turno en línea');
    expect(facts).toContain('RUC 1790016919001');
    expect(facts).toContain('ana.torres@example.ec · 0991234567');
    expect(facts).toContain(`Escritura ${deed}, Notaría Primera del cantón Quito`);
    expect(facts).toContain('pasaporte');
    expect(facts).toContain('Colombia');
    expect(facts).toContain('14 de marzo de 1985');
    expect(await page.locator('main').innerText()).toContain('Llegó: revisar documentos');
    await w.axe(page);
    await fitsItsWidth(page);
    await context.close();

    // The window accepts the documents: the poder goes to the province's legal unit.
    const { documents, sutRecord } = completeDocuments001ByAttorney({ id: officer.sub, role: 'case_manager' });
    await h
      .http()
      .post(`/cases/${caseId}/documents`)
      .set('Authorization', `Bearer ${await h.token(officer)}`)
      .send({ documents, sutRecord })
      .expect(200);
    await cases.waitForStatus(caseId, 'legal_review');
    const legal = await signedIn(LEGAL, '/oficina/juridico');
    let inbox = '';
    for (let i = 0; i < 50 && !inbox.includes(deed); i += 1) {
      if (i > 0) {
        await new Promise((r) => setTimeout(r, 200));
        await legal.page.reload();
      }
      inbox = await legal.page.locator('main').innerText();
    }
    expect(inbox).toContain(deed);
    await w.axe(legal.page);
    // The poder's page names who checked the documents at the window (never their id).
    await legal.page.getByRole('row').filter({ hasText: deed }).getByRole('link').first().click();
    await legal.page.waitForURL((u) => u.pathname.startsWith('/oficina/juridico/poderes/'));
    const poder = await legal.page.locator('main').innerText();
    expect(poder).toContain('Ana Gestora Quito');
    expect(poder).not.toMatch(/officer-uio/);
    // The deed as the walk-in's filing recorded it: its notary, and no validity stated.
    expect(poder).toMatch(/Notaría\s+Notaría Primera del cantón Quito/);
    expect(poder).toMatch(/Vigencia según la escritura\s+La escritura no indica vigencia/);
    await w.axe(legal.page);
    await legal.context.close();

    // Endorsed: the registry names the lawyer who endorsed it.
    const lawyer: Principal = { sub: 'legal-pichincha-1', role: 'legal_unit', province: 'PICHINCHA' };
    const poderId = `1790016919001:${THIRD_PARTY_CEDULA}:${deed}`;
    await h
      .http()
      .post(`/legal/poderes/${encodeURIComponent(poderId)}/endorsement`)
      .set('Authorization', `Bearer ${await h.token(lawyer)}`)
      .send({})
      .expect(200);
    const registry = await h
      .http()
      .get(`/legal/poderes?attorneyId=${THIRD_PARTY_CEDULA}`)
      .set('Authorization', `Bearer ${await h.token(lawyer)}`)
      .expect(200);
    expect(registry.body.items).toContainEqual(
      expect.objectContaining({ deedNumber: deed, endorsedBy: lawyer.sub, endorsedByName: 'María Abogada Pichincha' }),
    );
  });

  it('an authorised third party walks in, typed with the keyboard only at 360 px: a wrong value is kept and named in Spanish, then the case opens and shows the third party', async () => {
    const { context, page } = await signedIn(MANAGER, '/oficina/escritorio/sin-turno', PHONE_WIDTH);
    await fitsItsWidth(page);
    await w.axe(page);
    const type = async (id: string, value: string): Promise<void> => {
      await tabTo(page, id);
      await page.keyboard.type(value);
    };
    const choose = async (id: string): Promise<void> => {
      await tabTo(page, id);
      await page.keyboard.press('Space');
    };
    await page.keyboard.press('Tab');
    await tabTo(page, 'procedure');
    // The radios of one group: the arrows move the choice (000, 001, 002).
    await page.keyboard.press('ArrowDown');
    await choose('vulnerableGroup'); // the first: adulto mayor
    await tabTo(page, 'filerRole');
    // Holder, third party, employer, attorney: the arrows move the choice.
    await page.keyboard.press('ArrowDown');
    await type('filerName', 'Luis Alberto Mena Vera');
    await tabTo(page, 'identityType');
    await page.keyboard.press('C'); // type-ahead: the first option that begins with C, «Cédula de identidad»
    await type('identityNumber', '0912345670'); // a wrong check digit
    await type('email', 'luis.mena@example.ec');
    await type('mobile', '0987654321');
    await type('employerId', '1790016919001');
    await type('fullName', 'Carlos Eduardo Rivas Pérez');
    await tabTo(page, 'nationality');
    await page.keyboard.type('Venezuela');
    await choose('documentType'); // pasaporte
    await type('documentNumber', 'AB1234567');
    await type('birthDate', '1990-04-12');
    await page.keyboard.press('Enter');

    await page.waitForLoadState('load');
    const summary = page.locator('.govuk-error-summary');
    expect(await summary.innerText()).toContain('La cédula de quien presenta no es válida');
    expect(await page.locator('#identityNumber').inputValue()).toBe('0912345670');
    expect(await page.locator('#filerName').inputValue()).toBe('Luis Alberto Mena Vera');
    expect(await page.getByRole('radio', { name: 'El tercero autorizado' }).isChecked()).toBe(true);
    expect(await page.locator('#nationality').inputValue()).toBe('VEN');
    await w.axe(page);
    await fitsItsWidth(page);

    // Corrected with the keyboard: select the field's text and type it again.
    await page.locator('.govuk-error-summary a').first().focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(THIRD_PARTY_CEDULA);
    await tabTo(page, 'birthDate');
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => /^\/oficina\/escritorio\/tramites\/[0-9a-f-]{36}$/.test(u.pathname));
    const facts = await page.locator('.app-identity-bar').innerText();
    expect(facts).toContain(`Luis Alberto Mena Vera, tercero autorizado (cédula de identidad ${THIRD_PARTY_CEDULA})`);
    expect(facts).toContain('Adulto mayor: atención prioritaria sin turno en línea');
    expect(facts).toContain('luis.mena@example.ec · 0987654321');
    expect(facts).toContain('Venezuela');
    expect(facts).not.toContain('solicitado por el empleador');
    await w.axe(page);
    await fitsItsWidth(page);
    await context.close();
  });

  it('the employer walks in; the API answers once the case is on the desk, and the desk reads its filing', async () => {
    const opened = await h
      .http()
      .post('/cases')
      .set('Authorization', `Bearer ${await h.token(officer)}`)
      .set('Idempotency-Key', randomUUID())
      .send({
        procedure: 'FOREIGNER_CODE_EMPLOYMENT',
        province: 'PICHINCHA',
        filerRole: 'employer',
        employerId: '1790016919001',
        booker: { email: 'maria.andrade@example.ec', mobile: '0991234567' },
        holder: { fullName: 'Pedro Pablo Gómez Ruiz', nationality: 'PER', documentType: 'visa', documentNumber: 'V5566778', birthDate: '1979-11-02' },
        walkIn: {
          agencyId: 'UIO-NORTE',
          vulnerableGroup: 'disabled',
          identityNumber: '1712345675',
          identityType: 'cedula',
          fullName: 'María Fernanda Andrade Loor',
        },
      })
      .expect(201);
    const caseId = opened.body.caseId as string;
    // At once, with no waiting of our own: the desk's view of the case (from the read model) answers.
    const desk = await h
      .http()
      .get(`/desk/cases/${caseId}`)
      .set('Authorization', `Bearer ${await h.token(officer)}`)
      .expect(200);
    expect(desk.body.filing).toMatchObject({
      filerRole: 'employer',
      filerName: 'María Fernanda Andrade Loor',
      filerIdentityType: 'cedula',
      filerIdentityNumber: '1712345675',
      employerId: '1790016919001',
      email: 'maria.andrade@example.ec',
      mobile: '0991234567',
      vulnerableGroup: 'disabled',
      poder: null,
    });
    // The window's documents of an employer's 001 are accepted without a turno (the priority stands in for it).
    const { documents, sutRecord } = completeDocuments001ByEmployer({ id: officer.sub, role: 'case_manager' });
    const reviewed = await h
      .http()
      .post(`/cases/${caseId}/documents`)
      .set('Authorization', `Bearer ${await h.token(officer)}`)
      .send({ documents, sutRecord })
      .expect(200);
    expect(reviewed.body.checklist.outcome).toBe('accepted');
  });
});
