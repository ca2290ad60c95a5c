import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Principal } from '@tramites/api';
import { createFileBlobStore } from '@tramites/activities';
import { generateSigningKeyPair, signingKeyEnvLines, signingKeysFromEnv } from '@tramites/activities/src/issuance';
import { attendAtWindow, bookCaseThroughApi } from '@tramites/testing/api';
import { TestRows } from '@tramites/testing/rows';
import { expectAccessiblePage, startApplicantWeb, type ApplicantWeb } from '@tramites/testing/web';
import type { BrowserContext, Page } from 'playwright-core';

const OFFICER: Principal = { sub: 'officer-uio-norte-1', role: 'case_manager', agencyId: 'UIO-NORTE' };

/** The signing key's variables, as `npm start` writes them (KEY='value' lines). */
const envOf = (lines: string[]): Record<string, string> =>
  Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).replace(/^'|'$/g, '')]));

/**
 * `/requisitos` and `/verificacion` in English (ADR 0031), on a phone by the keyboard: each
 * requirement translated with the sheet's Spanish wording beside it, marked lang="es-EC"; the
 * verification's answers in English; every page held to axe and reflow at 320 and 360 px.
 */
describe('the requirements and the verification pages in English', () => {
  const keys = envOf(signingKeyEnvLines(generateSigningKeyPair('suite-web-en-1')));
  const blobDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tramites-en-blobs-'));
  let w: ApplicantWeb;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    w = await startApplicantWeb(
      'web_requirements_en',
      { SIGNING_PUBLIC_KEYS: keys['SIGNING_PUBLIC_KEYS'] ?? '', BLOB_DIR: blobDir },
      { signing: signingKeysFromEnv({ ...keys, NODE_ENV: 'test' }), blobStore: createFileBlobStore(blobDir) },
    );
    context = await w.phone('en');
    page = await context.newPage();
    await page.goto(`${w.webUrl}/idioma/en?volver=/requisitos`);
  });
  afterAll(async () => {
    await context?.close();
    await w?.close();
    fs.rmSync(blobDir, { recursive: true, force: true });
  });

  /** Follows a link by the keyboard, as a person without a mouse does. */
  async function follow(name: string | RegExp, path: string): Promise<void> {
    await page.getByRole('link', { name }).first().focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === path);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expectAccessiblePage(page);
  }

  it('lists the procedures and their requirements in English, the sheets’ Spanish beside each', async () => {
    expect(new URL(page.url()).pathname).toBe('/requisitos');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('What each procedure requires');
    await expectAccessiblePage(page);
    await follow('Employer password for the IESS portal', '/requisitos/EMPLOYER_PORTAL_PASSWORD');
    expect(await page.locator('main').innerText()).toContain('Who files the procedure?');
    await follow('The legal representative', '/requisitos/EMPLOYER_PORTAL_PASSWORD/legal_representative');

    const artisan = page.locator('#req-004\\.artisan_qualification');
    const words = await artisan.innerText();
    expect(words).toContain('Artisan qualification (qualified artisans): plain copy or scanned file');
    expect(words).toContain('(only if you are a qualified artisan)');
    expect(words).toContain('Source: Sheet 004');
    // The sheet's own words, marked as Spanish for screen readers and translators.
    expect(await artisan.locator('[lang="es-EC"]').first().innerText()).toBe(
      '«Calificación artesanal (artesanos calificados): copia simple o archivo escaneado»',
    );
    expect(await page.locator('main').innerText()).toContain('This is a translation: the Spanish wording of the IESS procedure sheets');
    expect(await page.getByRole('heading', { level: 2, name: /^Documents to bring/ }).count()).toBe(1);
    expect(await page.getByRole('heading', { level: 2, name: 'Opening hours' }).count()).toBe(1);
    expect(await page.locator('main').innerText()).not.toContain('Horario de atención');
  });

  it('verifies an issued document in English: a wrong number names the rule and keeps it, a real one and its QR code are found', async () => {
    const token = `Bearer ${await w.h.token({ sub: 'PYEN00001', role: 'applicant' })}`;
    const deps = { http: w.h.http, smtp: w.h.smtp, dataSource: w.h.db.dataSource };
    const caseId = await bookCaseThroughApi(deps, token, 'PYEN00001', { fullName: 'María Belén Giménez Acuña', nationality: 'PRY', birthDate: '1991-03-08' });
    await attendAtWindow(deps, caseId, `Bearer ${await w.h.token(OFFICER)}`, OFFICER.sub);
    const rows = new TestRows(w.h.db.dataSource);
    let issued = await rows.issuedDocument(caseId);
    for (let i = 0; i < 100 && !issued; i += 1) {
      await new Promise((r) => setTimeout(r, 200));
      issued = await rows.issuedDocument(caseId);
    }
    expect(issued).toBeDefined();

    await page.goto(`${w.webUrl}/verificacion`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Verify an IESS document');
    await expectAccessiblePage(page);
    const field = page.getByLabel('Verification number');
    await field.fill('VN-12');
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === '/verificacion');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('The number is not valid: check that you copied all of it');
    expect(await page.getByLabel('Verification number').inputValue()).toBe('VN-12');
    await expectAccessiblePage(page);

    await page.getByLabel('Verification number').fill(issued!.verification_number);
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === '/verificacion');
    expect(await page.locator('.govuk-panel').innerText()).toContain('The IESS issued this document');
    const found = await page.locator('main').innerText();
    expect(found).toContain('The IESS issued a document with this number: Foreigner identification code (Código de identificación para extranjeros).');
    expect(found).toContain('Verification number');
    await expectAccessiblePage(page);

    const statement = issued!.statement;
    await page.goto(`${w.webUrl}/verificacion?t=${encodeURIComponent(statement)}`);
    expect(await page.locator('.govuk-panel').innerText()).toContain('Authentic document');
    const qr = await page.locator('main').innerText();
    expect(qr).toContain('the IESS signature is valid and the document is in the register of issued documents');
    expect(qr).toContain('María Belén Giménez Acuña');
    await expectAccessiblePage(page);

    await page.goto(`${w.webUrl}/verificacion?t=not.a.statement`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Document not valid');
    expect(await page.locator('main').innerText()).toContain('Do not accept this document as issued by the IESS.');
    await expectAccessiblePage(page);
  });
});
