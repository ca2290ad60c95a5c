import type { Principal } from '@tramites/api';
import { completeDocuments001ByAttorney } from '@tramites/testing';
import { DeskCases, type ApiHarness } from '@tramites/testing/api';
import { scrollWidthOverflow, startOfficerWeb, type OfficerWeb } from '@tramites/testing/web';
import type { Browser, BrowserContext, Page } from 'playwright-core';

const MANAGER = { username: 'gestor.quito', password: 'Gestor-Quito-2026', sub: 'officer-uio-norte-1' };
const LEGAL = { username: 'juridico.pichincha', password: 'Juridico-Pich-2026', sub: 'legal-pichincha-1' };
const OTHER_LAWYER: Principal = { sub: 'legal-pichincha-2', role: 'legal_unit', province: 'PICHINCHA' };
const PHONE = { width: 360, height: 740 };

/**
 * The legal unit decides with the deed in view (ADR 0028), in Debian's Chromium: the window
 * captures the deed's scan with the checklist (kept when the checklist is refused); the inbox names
 * the case, its holder, its agency and the deadline in local time; the lawyer sees the scan beside
 * the decision form with the deed's notary, its validity and the parties by name, opens the case by
 * its reference, takes the review, and a colleague can neither take nor decide it; the holder
 * decides and the registry names the deed. axe on every page, the lawyer at 360 px.
 */
describe('the legal unit sees the deed', () => {
  let w: OfficerWeb;
  let h: ApiHarness;
  let browser: Browser;
  let cases: DeskCases;

  beforeAll(async () => {
    w = await startOfficerWeb('agency_day_deed');
    ({ h, browser } = w);
    cases = new DeskCases(h);
  });
  afterAll(async () => {
    await w?.close();
  });

  async function signedIn(who: { username: string; password: string }, path: string, viewport = PHONE): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: 'es-EC', viewport });
    const page = await w.signIn(context, who.username, who.password, path);
    await page.waitForURL((u) => u.pathname === path);
    return { context, page };
  }

  /** A real JPEG (a scanned page drawn by Chromium), as a scanner at the window would produce. */
  async function scannedJpeg(page: Page): Promise<Buffer> {
    const dataUrl = (await page.evaluate(`(() => {
      const c = document.createElement('canvas');
      c.width = 600; c.height = 800;
      const g = c.getContext('2d');
      g.fillStyle = '#fff'; g.fillRect(0, 0, 600, 800);
      g.fillStyle = '#000'; g.font = '28px serif';
      g.fillText('ESCRITURA PÚBLICA DE PODER ESPECIAL', 40, 80);
      g.fillText('Notaría Primera del cantón Quito', 40, 130);
      return c.toDataURL('image/jpeg', 0.8);
    })()`)) as string;
    return Buffer.from(dataUrl.split(',')[1] ?? '', 'base64');
  }

  const reference = (caseId: string): string => `T-${caseId.replace(/-/g, '').slice(0, 10).toUpperCase()}`;

  it('the window captures the deed’s scan; the lawyer sees it beside the form, takes the review, a colleague cannot decide it, and the holder decides', async () => {
    // The grantor as the employers' registry names it (a row of its own unless the registry already has one).
    await h.db.dataSource.query(
      `INSERT INTO employers (id, id_type, name, province, email, legal_rep_identity, legal_rep_name)
       VALUES ('1790016919001', 'ruc', 'Textiles Andinos S.A.', 'PICHINCHA', 'rrhh@textiles-andinos.example.ec', '1710034065', 'Rosa Elena Andrade Mora')
       ON CONFLICT (id) DO NOTHING`,
    );
    const [employer] = (await h.db.dataSource.query(`SELECT name FROM employers WHERE id = '1790016919001'`)) as Array<{ name: string }>;
    const grantor = employer?.name ?? '';
    const { caseId, poderId, deedNumber } = await cases.booked001ByAttorney('Martín Alejandro Suárez Peña', { validUntil: '2027-12-31' });
    const officer = `Bearer ${await h.token({ sub: MANAGER.sub, role: 'case_manager', agencyId: 'UIO-NORTE' })}`;
    expect((await h.http().post(`/cases/${caseId}/check-in`).set('Authorization', officer)).status).toBe(200);

    // At the window: the deed's scan with the checklist; nothing ticked yet, so the checklist is refused, the scan is kept.
    const window = await signedIn(MANAGER, `/oficina/escritorio/tramites/${caseId}/ventanilla`, { width: 1280, height: 900 });
    const jpeg = await scannedJpeg(window.page);
    await window.page.locator('#escritura').setInputFiles({ name: 'escritura-poder.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    await Promise.all([window.page.waitForNavigation(), window.page.getByRole('button', { name: 'Registrar los documentos' }).click()]);
    const refused = await window.page.locator('main').innerText();
    expect(refused).toContain('Marque al menos un documento presentado');
    expect(refused).toContain('Escaneo de la escritura guardado: escritura-poder.jpg');
    await w.axe(window.page);
    // The same file again is the same document (content-addressed): one scan on the case.
    const again = await h.http().post(`/cases/${caseId}/deed-scan`).set('Authorization', officer).attach('file', jpeg, 'escritura-poder.jpg');
    expect({ status: again.status, created: again.body.created }).toEqual({ status: 200, created: false });
    await window.context.close();
    // The rest of the checklist, as the window records it: accepted, the poder goes to the legal unit.
    const { documents, sutRecord } = completeDocuments001ByAttorney({ id: MANAGER.sub, role: 'case_manager' });
    expect((await h.http().post(`/cases/${caseId}/documents`).set('Authorization', officer).send({ documents, sutRecord })).status).toBe(200);
    await cases.waitForStatus(caseId, 'legal_review');

    // The inbox: the case's reference, its holder, its agency, the deadline in local time, nobody on it yet.
    const { context, page } = await signedIn(LEGAL, '/oficina/juridico');
    await page.getByRole('row').filter({ hasText: deedNumber }).waitFor();
    const row = page.getByRole('row').filter({ hasText: deedNumber });
    const rowText = await row.innerText();
    expect(rowText).toContain(reference(caseId));
    expect(rowText).toContain('Martín Alejandro Suárez Peña');
    expect(rowText).toContain('Centro de Atención Universal Quito Norte');
    expect(rowText).toMatch(/Vence el .+ \d{4}, \d{1,2}:\d{2}/);
    expect(rowText).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(rowText).toContain('Sin tomar');
    await w.axe(page);

    // The poder's page: the deed's notary and validity, the grantor and the attorney by name, the case it came from.
    await Promise.all([page.waitForNavigation(), row.getByRole('link', { name: reference(caseId) }).click()]);
    const deedFacts = await page.locator('main').innerText();
    expect(deedFacts).toMatch(/Notaría\s+Notaría Primera del cantón Quito/);
    expect(deedFacts).toMatch(/Vigencia según la escritura\s+Hasta el viernes, 31 de diciembre de 2027/);
    expect(deedFacts).toMatch(new RegExp(`Poderdante \\(empleador\\)\\s+${grantor.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} · 1790016919001`));
    expect(deedFacts).toContain(`Luis Alberto Mena Vera · ${poderId.split(':')[1]}`);
    expect(deedFacts).not.toMatch(/\d{4}-\d{2}-\d{2}(?![-\w])/);
    expect(await scrollWidthOverflow(page)).toBeLessThanOrEqual(0);
    const poderUrl = page.url();
    // The case's reference opens the case, read-only for the legal unit: its holder, who filed and what the window recorded.
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: reference(caseId) }).click()]);
    expect(new URL(page.url()).pathname).toBe(`/oficina/juridico/tramites/${caseId}`);
    const casePage = await page.locator('main').innerText();
    expect(casePage).toContain(`Trámite ${reference(caseId)}`);
    expect(casePage).toContain('Martín Alejandro Suárez Peña');
    expect(casePage).toMatch(/Presenta\s+Apoderado/);
    expect(casePage).toContain('En la unidad jurídica (poder)');
    expect(casePage).toMatch(/Copia del poder notarial[^\n]*\s+Cumple/);
    expect(await scrollWidthOverflow(page)).toBeLessThanOrEqual(0);
    await w.axe(page);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Volver al poder' }).click()]);
    expect(page.url()).toBe(poderUrl);

    // The scan beside the decision, viewable and downloadable.
    const scan = page.getByRole('img', { name: `Escaneo de la escritura ${deedNumber}` });
    await scan.waitFor();
    expect(await scan.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(600);
    const download = await page.request.get(
      await page
        .getByRole('link', { name: 'Descargar el escaneo de la escritura' })
        .getAttribute('href')
        .then((x) => `${w.webUrl}${x}`),
    );
    expect(download.status()).toBe(200);
    expect(download.headers()['content-type']).toBe('image/jpeg');
    expect(download.headers()['content-disposition']).toMatch(/^attachment/);
    expect((await download.body()).equals(jpeg)).toBe(true);
    // Each read of the scan is in the officers' access log.
    const reads = (await h.db.dataSource.query(`SELECT count(*)::int AS n FROM case_access_log WHERE case_id = $1 AND action LIKE 'read_poder_deed:%'`, [
      caseId,
    ])) as Array<{
      n: number;
    }>;
    expect(reads[0]?.n).toBeGreaterThanOrEqual(2);
    await w.axe(page);

    // She takes the review.
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Tomar la revisión' }).click()]);
    expect(await page.getByRole('heading', { name: 'Revisión tomada' }).count()).toBe(1);
    expect(await page.locator('main').innerText()).toContain('Usted tomó esta revisión');

    // A colleague of the province can neither take it nor decide it, and is told who has it.
    const colleague = `Bearer ${await h.token(OTHER_LAWYER)}`;
    const poderPath = `/legal/poderes/${encodeURIComponent(poderId)}`;
    const takeToo = await h.http().post(`${poderPath}/claim`).set('Authorization', colleague);
    expect({ status: takeToo.status, code: takeToo.body.error?.code }).toEqual({ status: 409, code: 'PODER.CLAIMED_BY_OTHER' });
    expect(takeToo.body.error.message).toContain('María Abogada Pichincha tomó esta revisión');
    const endorse = await h.http().post(`${poderPath}/endorsement`).set('Authorization', colleague).send({});
    expect({ status: endorse.status, code: endorse.body.error?.code }).toEqual({ status: 409, code: 'PODER.CLAIMED_BY_OTHER' });
    const reject = await h.http().post(`${poderPath}/rejection`).set('Authorization', colleague).send({ reasonCode: 'PODER.EXPIRED' });
    expect(reject.body.error?.code).toBe('PODER.CLAIMED_BY_OTHER');
    const seen = await h.http().get(`${poderPath}/review`).set('Authorization', colleague);
    expect(seen.body.separationOfDuties).toEqual({ mayDecide: false, reason: expect.stringContaining('María Abogada Pichincha') });
    const letGo = await h.http().delete(`${poderPath}/claim`).set('Authorization', colleague);
    expect(letGo.body.error?.code).toBe('PODER.CLAIMED_BY_OTHER');
    await cases.waitForStatus(caseId, 'legal_review');

    // The holder decides (signed in a moment ago: no second password).
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sumillar el poder' }).click()]);
    expect(await page.getByRole('heading', { name: 'Poder sumillado' }).count()).toBe(1);
    await w.axe(page);
    await cases.waitForStatus(caseId, 'issued');

    // The registry names the notary, the validity in words, the grantor and the attorney.
    await page.goto(`${w.webUrl}/oficina/juridico/registro?attorneyId=${poderId.split(':')[1]}`);
    const entry = await page.getByRole('row').filter({ hasText: deedNumber }).innerText();
    expect(entry).toContain('Notaría Primera del cantón Quito');
    expect(entry).toContain('viernes, 31 de diciembre de 2027');
    expect(entry).toContain(grantor);
    expect(entry).toContain('Luis Alberto Mena Vera');
    await w.axe(page);
    await context.close();
  });
});
