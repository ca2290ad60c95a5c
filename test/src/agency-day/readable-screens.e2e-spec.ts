import type { Principal } from '@tramites/api';
import { caseReference } from '@tramites/contracts';
import { NATIONALITIES } from '@tramites/domain';
import { observedDocuments000 } from '@tramites/testing';
import { type ApiHarness, DeskCases } from '@tramites/testing/api';
import { DESK_WIDTH, PHONE_WIDTH, scrollWidthOverflow, signedInAt, startOfficerWeb, type OfficerWeb } from '@tramites/testing/web';
import type { Locator, Page } from 'playwright-core';

const MANAGER = { username: 'gestor.quito', password: 'Gestor-Quito-2026', sub: 'officer-uio-norte-1' };
const AUDITOR = { username: 'auditor', password: 'Auditor-2026' };
const ADMIN = { username: 'admin', password: 'Admin-2026' };

const NATIONALITY_CODES = new Set(NATIONALITIES.map((n) => n.code));

/**
 * What a person cannot read on an officer's screen: the raw data behind it. Every value must be
 * in Spanish words, local time and names (ADR 0030).
 */
function rawData(text: string): string[] {
  const found: string[] = [];
  const look = (what: string, re: RegExp): void => {
    for (const m of text.matchAll(re)) found.push(`${what}: «${m[0]}»`);
  };
  look('ISO timestamp', /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}[^\s]*/g);
  look('English document type', /\b(passport|home_country_id)\b/gi);
  look('a code in snake_case', /\b[a-z]+(?:_[a-z]+)+\b/g);
  look('an event type or reason code', /\b[A-Z]+(?:_[A-Z]+)+\b|\b[A-Z]{2,}\.[A-Z_]{2,}\b/g);
  look('an officer id', /\b(?:officer|legal|auditor|admin|supervisor)-[a-z0-9]+(?:-[a-z0-9]+)*\b/g);
  look('the word system', /\bsystem\b/gi);
  look('JSON', /[{}]/g);
  for (const m of text.matchAll(/\b[A-Z]{3}\b/g)) if (NATIONALITY_CODES.has(m[0])) found.push(`a nationality code: «${m[0]}»`);
  return found;
}

/**
 * The officers' pages of a case scanned for raw data: the desk's case page (the possible duplicate
 * and its decision, the checklist's correction deadline, the timeline's actors) and the auditor's
 * (opened by the T- reference, the events' data as labelled fields); a wide table that does not
 * run over the timeline; the administrator's agency and province chosen from lists, another
 * province refused by the API. axe on every page; 360 px and a desk's width.
 */
describe('readable officer screens in Chromium', () => {
  let w: OfficerWeb;
  let h: ApiHarness;
  let cases: DeskCases;

  beforeAll(async () => {
    w = await startOfficerWeb('readable_screens');
    ({ h } = w);
    cases = new DeskCases(h);
  });
  afterAll(async () => {
    await w?.close();
  });

  const signedIn = (who: { username: string; password: string }, path: string, viewport = DESK_WIDTH) => signedInAt(w, who, path, viewport);

  async function expectReadable(where: Locator): Promise<void> {
    expect(rawData(await where.innerText())).toEqual([]);
  }

  const fitsItsWidth = async (page: Page): Promise<void> => expect(await scrollWidthOverflow(page)).toBeLessThanOrEqual(0);

  const manager: Principal = { sub: MANAGER.sub, role: 'case_manager', agencyId: 'UIO-NORTE' };

  it('the desk’s case page and the auditor’s speak in words: local times, Spanish document types and nationalities, officers by name, the duplicate decision, no JSON', async () => {
    // Signed in once: the officers' directory knows the case manager's and the auditor's names.
    const desk = await signedIn(MANAGER, '/oficina');
    const audit = await signedIn(AUDITOR, '/oficina');

    // A possible duplicate (a Colombian with a passport, then a visa) on the desk's page, at both widths.
    const person = { fullName: 'Valentina Ruiz Ospina', nationality: 'COL', birthDate: '1991-05-17' };
    const { caseId: duplicate, code } = await cases.possibleDuplicate(person);
    const page = desk.page;
    await page.goto(`${w.webUrl}/oficina/escritorio/tramites/${duplicate}`);
    await expectReadable(page.locator('main'));
    const main = await page.locator('main').innerText();
    expect(main).toContain('Colombia');
    expect(main).toContain('pasaporte');
    await w.axe(page);
    // The candidates' table scrolls inside its column: it does not run over the timeline.
    const table = await page.locator('.app-table-scroll').boundingBox();
    const timeline = await page.locator('.app-timeline').boundingBox();
    expect((table?.x ?? 0) + (table?.width ?? 0)).toBeLessThanOrEqual(timeline?.x ?? 0);
    await page.setViewportSize(PHONE_WIDTH);
    await fitsItsWidth(page);
    await page.setViewportSize(DESK_WIDTH);

    await page.getByLabel('Es la misma persona: se le entrega su código').check();
    await page.getByLabel('Motivo de la decisión').fill('Mismo rostro y datos del pasaporte anterior');
    await page.getByRole('button', { name: 'Registrar la decisión' }).click();
    expect(await page.getByRole('heading', { name: 'Decisión registrada' }).count()).toBe(1);
    await cases.waitForStatus(duplicate, 'issued');
    await page.reload();
    const decided = await page.locator('main').innerText();
    expect(decided).toContain(`Es la misma persona: se le entregó su código ${code}.`);
    expect(decided).toContain('Motivo: «Mismo rostro y datos del pasaporte anterior»');
    expect(await page.locator('.app-timeline').innerText()).toContain('(gestor, UIO-NORTE)');
    await expectReadable(page.locator('main'));
    await w.axe(page);

    // An observed 000: the checklist's correction deadline in local words, by the case manager's name.
    const { caseId: observed } = await cases.booked000('Mateo Andrés Quintero Silva');
    await cases.attended(observed, MANAGER.sub, observedDocuments000);
    await cases.waitForStatus(observed, 'awaiting_correction');
    await page.goto(`${w.webUrl}/oficina/escritorio/tramites/${observed}`);
    expect(await page.locator('main').innerText()).toMatch(/El solicitante puede corregir hasta el \w+, \d+ de \w+ de \d{4}, \d{2}:\d{2}\./);
    expect(await page.locator('.app-timeline').innerText()).toContain('Ana');
    await expectReadable(page.locator('main'));
    await w.axe(page);
    await page.setViewportSize(PHONE_WIDTH);
    await fitsItsWidth(page);
    await desk.context.close();

    // The auditor opens each case by the reference the applicant and the window see.
    for (const caseId of [duplicate, observed]) {
      await audit.page.goto(`${w.webUrl}/oficina/auditoria`);
      await audit.page.getByLabel('Abrir un trámite por su referencia o su número').fill(caseReference(caseId));
      await audit.page.getByRole('button', { name: 'Abrir el trámite' }).click();
      await audit.page.waitForURL((u) => u.pathname === `/oficina/auditoria/tramites/${caseId}`);
      expect(await audit.page.getByRole('heading', { level: 1 }).innerText()).toBe(`Trámite ${caseReference(caseId)}`);
      const events = audit.page.getByRole('table', { name: 'Eventos del trámite' });
      await expectReadable(events);
      expect(await events.locator('pre').count()).toBe(0);
      await w.axe(audit.page);
    }
    const events = await audit.page.getByRole('table', { name: 'Eventos del trámite' }).innerText();
    expect(events).toContain('Resultado: observado');
    expect(events).toContain('(gestor, UIO-NORTE)');

    // At a phone's width, the timeline's table scrolls inside its region, the page does not.
    await audit.page.setViewportSize(PHONE_WIDTH);
    await fitsItsWidth(audit.page);
    await audit.page.setViewportSize(DESK_WIDTH);
    // Who read the case: by name (the identifier beside it, to filter by).
    await audit.page.goto(`${w.webUrl}/oficina/auditoria/lecturas?caseId=${observed}`);
    const reads = await audit.page.getByRole('table', { name: 'Consultas registradas de trámites' }).innerText();
    expect(reads).toContain('Ana Gestora Quito');
    expect(reads).toContain('Gestor de casos');
    await w.axe(audit.page);

    // Actions across cases: Spanish roles in the filter, named actors and labelled data in the results.
    await audit.page.goto(`${w.webUrl}/oficina/auditoria`);
    expect(await audit.page.getByLabel('Rol').locator('option').allInnerTexts()).toEqual(
      expect.arrayContaining(['Gestor de casos', 'Unidad jurídica', 'Solicitante', 'El sistema']),
    );
    await audit.page.getByLabel('Rol').selectOption({ label: 'Gestor de casos' });
    await audit.page.getByRole('button', { name: 'Buscar', exact: true }).click();
    await expectReadable(audit.page.getByRole('table', { name: 'Acciones encontradas' }));
    await w.axe(audit.page);
    // A reference that names no case is said so, with the reference kept.
    await audit.page.getByLabel('Abrir un trámite por su referencia o su número').fill('T-0000000000');
    await audit.page.getByRole('button', { name: 'Abrir el trámite' }).click();
    expect(await audit.page.locator('.govuk-error-summary').innerText()).toContain('No hay ningún trámite con esa referencia');
    expect(await audit.page.getByLabel('Abrir un trámite por su referencia o su número').inputValue()).toBe('T-0000000000');
    await audit.context.close();

    const readByTheManager = await h
      .http()
      .get(`/desk/cases/${observed}`)
      .set('Authorization', `Bearer ${await h.token(manager)}`)
      .expect(200);
    expect(readByTheManager.body.timeline.some((e: { actor: { name: string | null } }) => e.actor.name === 'Ana Gestora Quito')).toBe(true);
  });

  it('the administrator chooses an officer’s agency and province from lists; an agency saved under another province is refused by the API in words', async () => {
    const { context, page } = await signedIn(ADMIN, '/oficina/admin/funcionarios');
    await w.axe(page);
    const agency = page.getByLabel('Agencia de gestor.guayaquil');
    expect(await agency.evaluate((e) => e.tagName)).toBe('SELECT');
    await page.getByLabel('Rol de gestor.guayaquil').selectOption('case_manager');
    await agency.selectOption('UIO-NORTE');
    await page.getByLabel('Provincia de gestor.guayaquil').selectOption('GUAYAS');
    await page.getByRole('button', { name: 'Guardar el rol de gestor.guayaquil' }).click();
    const summary = page.locator('.govuk-error-summary');
    expect(await summary.innerText()).toContain('La agencia UIO-NORTE es de PICHINCHA, no de GUAYAS');
    // What was chosen stays chosen.
    expect(await page.getByLabel('Agencia de gestor.guayaquil').inputValue()).toBe('UIO-NORTE');
    expect(await page.getByLabel('Provincia de gestor.guayaquil').inputValue()).toBe('GUAYAS');
    await w.axe(page);
    const [officer] = (await h.db.dataSource.query(`SELECT agency_id, province FROM dev_officers WHERE username = 'gestor.guayaquil'`)) as Array<{
      agency_id: string | null;
      province: string | null;
    }>;
    expect(officer).toEqual({ agency_id: 'GYE-CENTRO', province: 'GUAYAS' });
    // The agency's own province (left empty): saved with the agency's.
    await page.getByLabel('Provincia de gestor.guayaquil').selectOption('');
    await page.getByRole('button', { name: 'Guardar el rol de gestor.guayaquil' }).click();
    await page.waitForURL((u) => u.searchParams.get('aviso') === 'rol');
    const [moved] = (await h.db.dataSource.query(`SELECT agency_id, province FROM dev_officers WHERE username = 'gestor.guayaquil'`)) as Array<{
      agency_id: string | null;
      province: string | null;
    }>;
    expect(moved).toEqual({ agency_id: 'UIO-NORTE', province: 'PICHINCHA' });
    await page.setViewportSize(PHONE_WIDTH);
    await fitsItsWidth(page);
    await context.close();
  });
});
