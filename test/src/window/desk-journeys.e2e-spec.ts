import type { Principal } from '@tramites/api';
import { caseEmailMessageId } from '@tramites/mail';
import { BackOfficeTestRows } from '@tramites/testing/rows';
import { backdateAuthTime, startOfficerWeb, type OfficerWeb } from '@tramites/testing/web';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type ApiHarness, DeskCases } from '@tramites/testing/api';

const MANAGER = { username: 'gestor.quito', password: 'Gestor-Quito-2026', sub: 'officer-uio-norte-1' };
const LEGAL = { username: 'juridico.pichincha', password: 'Juridico-Pich-2026', sub: 'legal-pichincha-1' };

/**
 * The case manager's and the legal unit's day in Debian's Chromium:
 * the work queue, a 000 at the window observed then issued, a 001 with a poder endorsed by the
 * legal unit after re-authentication, the separation of duties refused in words, a claim
 * conflict, and the work queue used with the keyboard only; axe (WCAG 2.2 AA) on every page.
 */
describe('the desk in Chromium', () => {
  let w: OfficerWeb;
  let h: ApiHarness;
  let browser: Browser;
  let cases: DeskCases;
  let rows: BackOfficeTestRows;

  beforeAll(async () => {
    w = await startOfficerWeb('desk_journeys');
    ({ h, browser } = w);
    cases = new DeskCases(h);
    rows = new BackOfficeTestRows(h.db.dataSource);
  });
  afterAll(async () => {
    await w?.close();
  });

  async function signedIn(who: { username: string; password: string }, path: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: 'es-EC' });
    const page = await w.signIn(context, who.username, who.password, path);
    await page.waitForURL((u) => u.pathname === path.split('?')[0]);
    return { context, page };
  }

  /** The window form: one document of the sheet, by its heading. */
  async function present(
    page: Page,
    heading: string,
    how: { original?: boolean; copy?: boolean; signature?: 'Manuscrita' | 'Electrónica'; fields?: Record<string, string> },
  ): Promise<void> {
    const doc = page.getByRole('group', { name: heading, exact: true });
    await doc.getByLabel('Lo presentó').check();
    if (how.original) await doc.getByLabel('Original', { exact: true }).check();
    if (how.copy) await doc.getByLabel('Copia', { exact: true }).check();
    if (how.signature) await doc.getByRole('radio', { name: how.signature }).check();
    for (const [label, value] of Object.entries(how.fields ?? {})) await doc.getByLabel(label).fill(value);
  }

  const auditor: Principal = { sub: 'auditor-1', role: 'auditor' };

  const sessionIdOf = async (context: BrowserContext): Promise<string> =>
    (await context.cookies(`${w.webUrl}/oficina`)).find((c) => c.name === 'tramites_oficina')?.value ?? '';

  it('000 at the window: the day’s queue, claim, check-in, the checklist observes an electronic signature, then accepts and the code is issued', async () => {
    const { caseId, passport } = await cases.booked000('Carlos Eduardo Rivas Pérez');
    const { context, page } = await signedIn(MANAGER, '/oficina/escritorio');
    await w.axe(page);
    // The day's appointments by hour: the case is there, with its reference and time left in words.
    const row = page.getByRole('row').filter({ hasText: 'Carlos Eduardo Rivas Pérez' });
    await row.getByRole('link').click();
    await page.waitForURL((u) => u.pathname === `/oficina/escritorio/tramites/${caseId}`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Carlos Eduardo Rivas Pérez');
    expect(await page.locator('.app-identity-bar').innerText()).toContain(passport);
    await w.axe(page);

    await page
      .getByRole('button', { name: /^Asignarme/ })
      .first()
      .click();
    expect(await page.getByText('El trámite quedó asignado a usted.').count()).toBe(1);
    await page.getByRole('button', { name: 'Registrar llegada' }).click();
    expect(await page.getByRole('heading', { name: 'Llegada registrada' }).count()).toBe(1);
    await page.getByRole('link', { name: 'Revisar documentos en ventanilla' }).click();
    await page.waitForURL((u) => u.pathname.endsWith('/ventanilla'));
    await w.axe(page);

    // Signed electronically: the sheet asks for a handwritten signature (000).
    await present(page, 'Solicitud para afiliado', {
      original: true,
      signature: 'Electrónica',
      fields: {
        'Nombres y apellidos': 'Carlos Eduardo Rivas Pérez',
        'Número de documento de identidad': passport,
        'Narración detallada de la solicitud': 'Solicito la asignación del código.',
      },
    });
    await present(page, 'Pasaporte del titular', { original: true, copy: true });
    await present(page, 'Visa del titular', { original: true, copy: true });
    await present(page, 'Contrato de trabajo', { copy: true, fields: { 'Número de registro en el SUT (opcional)': 'SUT-2025-000123' } });
    await page.getByRole('button', { name: 'Registrar los documentos' }).click();
    await page.waitForURL((u) => u.pathname === `/oficina/escritorio/tramites/${caseId}`);
    expect(await page.getByRole('heading', { name: 'Documentos observados' }).count()).toBe(1);
    expect(await page.locator('body').innerText()).toMatch(/firma/i);
    expect(await page.getByText('Observado', { exact: true }).count()).toBe(1);
    await w.axe(page);

    // The applicant comes back with the letter signed by hand: accepted, and the code is issued.
    await page.getByRole('link', { name: 'Revisar documentos en ventanilla' }).click();
    await present(page, 'Solicitud para afiliado', {
      original: true,
      signature: 'Manuscrita',
      fields: {
        'Nombres y apellidos': 'Carlos Eduardo Rivas Pérez',
        'Número de documento de identidad': passport,
        'Narración detallada de la solicitud': 'Solicito la asignación del código.',
      },
    });
    await present(page, 'Pasaporte del titular', { original: true, copy: true });
    await present(page, 'Visa del titular', { original: true, copy: true });
    await present(page, 'Contrato de trabajo', { copy: true, fields: { 'Número de registro en el SUT (opcional)': 'SUT-2025-000123' } });
    await page.getByRole('button', { name: 'Registrar los documentos' }).click();
    expect(await page.getByRole('heading', { name: 'Documentos aceptados' }).count()).toBe(1);
    await cases.waitForStatus(caseId, 'issued', auditor);
    await page.reload();
    expect(await page.locator('.app-identity-bar').innerText()).toContain('Emitido');
    const pdfHref = await page.getByRole('link', { name: 'Imprimir el documento emitido (PDF)' }).getAttribute('href');
    const pdf = await page.request.get(`${w.webUrl}${pdfHref}`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    // The timeline names each step in words.
    const timeline = await page.locator('.app-timeline').innerText();
    expect(timeline).toContain('Llegada registrada en ventanilla');
    expect(timeline).toContain('Documentos observados');
    await w.axe(page);
    await context.close();
  });

  it('a claim held by another officer: her name, no button to take it or act on it, and the case stays hers (ADR 0022, amended)', async () => {
    const { caseId } = await cases.booked000('Lucía Fernanda Mora Díaz');
    const other: Principal = { sub: 'officer-uio-norte-9', role: 'case_manager', agencyId: 'UIO-NORTE', name: 'Marta Otra Gestora' };
    await h
      .http()
      .post(`/desk/cases/${caseId}/assignment`)
      .set('Authorization', `Bearer ${await h.token(other)}`)
      .expect(200);
    const { context, page } = await signedIn(MANAGER, `/oficina/escritorio/tramites/${caseId}`);
    expect(await page.getByText('Asignado a Marta Otra Gestora', { exact: true }).count()).toBe(1);
    expect(await page.locator('main').innerText()).not.toContain('officer-uio-norte-9');
    expect(await page.getByRole('button', { name: /^Asignarme/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Registrar llegada' }).count()).toBe(0);
    expect(await page.locator('#asignado-a-otra-persona').innerText()).toContain(
      'Este trámite está asignado a Marta Otra Gestora: solo esa persona puede actuar en él.',
    );
    await w.axe(page);
    await context.close();
  });

  it('001 with a poder: the legal unit sees it oldest first, confirms its identity, endorses it, and the case is issued', async () => {
    const { caseId, poderId } = await cases.poderInReview();
    const { context, page } = await signedIn(LEGAL, '/oficina/juridico');
    await w.axe(page);
    const deed = poderId.split(':')[2] ?? '';
    // The inbox names the case by its reference, the deed in its row (ADR 0028).
    await page.getByRole('row').filter({ hasText: deed }).getByRole('link').click();
    await page.waitForURL((u) => u.pathname.startsWith('/oficina/juridico/poderes/'));
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Poder de Luis Alberto Mena Vera');
    expect(await page.locator('main').innerText()).toContain('Jorge Luis Salazar Vera');
    await w.axe(page);

    // Signed in a while ago: the endorsement asks for the password again at the provider (prompt=login), then for the decision once more.
    const sessionId = (await context.cookies(`${w.webUrl}/oficina`)).find((c) => c.name === 'tramites_oficina')?.value;
    await backdateAuthTime(h.db.dataSource, sessionId ?? '', 600);
    await page.getByRole('button', { name: 'Sumillar el poder' }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/interaccion/'));
    await page.getByLabel('Usuario').fill(LEGAL.username);
    await page.getByLabel('Contraseña').fill(LEGAL.password);
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/oficina/juridico/poderes/'));
    expect(await page.getByText('Confirmó su identidad.').count()).toBe(1);
    await page.getByRole('button', { name: 'Sumillar el poder' }).click();
    expect(await page.getByRole('heading', { name: 'Poder sumillado' }).count()).toBe(1);
    await w.axe(page);
    await cases.waitForStatus(caseId, 'issued', auditor);

    await page.getByRole('link', { name: 'Registro de poderes' }).click();
    expect(await page.getByRole('row').filter({ hasText: deed }).innerText()).toContain('Vigente');
    await w.axe(page);
    await context.close();
  });

  it('separation of duties: the lawyer who checked the case’s documents at the window may not decide its poder, and is told why', async () => {
    // The same person worked the window for this case before joining the legal unit.
    const { poderId } = await cases.poderInReview(LEGAL.sub);
    const { context, page } = await signedIn(LEGAL, `/oficina/juridico/poderes/${encodeURIComponent(poderId)}`);
    expect(await page.locator('.govuk-warning-text').filter({ hasText: 'Usted revisó' }).innerText()).toContain(
      'Usted revisó los documentos de este trámite en ventanilla: otra persona de la unidad jurídica debe sumillar o rechazar su poder.',
    );
    expect(await page.getByRole('button', { name: 'Sumillar el poder' }).count()).toBe(0);
    await w.axe(page);
    await context.close();
  });

  it('the work queue with the keyboard only: search by the holder’s passport, open the case, claim it', async () => {
    const { caseId, passport } = await cases.booked000('Andrés Felipe Castro Luna');
    const { context, page } = await signedIn(MANAGER, '/oficina/escritorio');
    // From the top of the page: Tab until the search field has the focus.
    await page.keyboard.press('Tab');
    for (let i = 0; i < 30 && (await page.evaluate('document.activeElement && document.activeElement.id')) !== 'buscar'; i += 1)
      await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('buscar');
    await page.keyboard.type(passport);
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.searchParams.get('buscar') === passport);
    expect(await page.getByRole('heading', { level: 2, name: `Resultados de «${passport}»` }).count()).toBe(1);
    // Tab to the case's link and follow it.
    for (let i = 0; i < 40 && !String(await page.evaluate('document.activeElement && document.activeElement.href || ""')).includes(caseId); i += 1)
      await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === `/oficina/escritorio/tramites/${caseId}`);
    const onClaim = async (): Promise<boolean> =>
      String(await page.evaluate('document.activeElement && document.activeElement.tagName === "BUTTON" && document.activeElement.textContent || ""'))
        .trim()
        .startsWith('Asignarme');
    for (let i = 0; i < 60 && !(await onClaim()); i += 1) await page.keyboard.press('Tab');
    expect(await onClaim()).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByText('El trámite quedó asignado a usted.').waitFor();
    // The focus is visible where it is (GOV.UK focus style: a yellow outline or background).
    await page.keyboard.press('Tab');
    const focused = String(
      await page.evaluate(
        '(() => { const el = document.activeElement; if (!el) return ""; const s = getComputedStyle(el); return s.outlineStyle + "|" + s.backgroundColor + "|" + s.boxShadow; })()',
      ),
    );
    expect(focused).not.toBe('none|rgba(0, 0, 0, 0)|none');
    await w.axe(page);
    await context.close();
  });
  it('the legal unit rejects a poder with a reason, after confirming its identity, and the case shows the rejection', async () => {
    const { caseId, poderId } = await cases.poderInReview();
    const { context, page } = await signedIn(LEGAL, `/oficina/juridico/poderes/${encodeURIComponent(poderId)}`);
    await backdateAuthTime(h.db.dataSource, await sessionIdOf(context), 600);
    const reasons = page.getByRole('group', { name: 'Motivo del rechazo' });
    // Without a reason: an error summary, nothing decided.
    await page.getByRole('button', { name: 'Rechazar el poder' }).click();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Elija el motivo del rechazo');
    await w.axe(page);
    const reason = reasons.getByRole('radio').first();
    const reasonCode = (await reason.getAttribute('value')) ?? '';
    await reason.check();
    await page.getByLabel('Explicación para el solicitante (opcional)').fill('La escritura no faculta a solicitar el código.');
    await page.getByRole('button', { name: 'Rechazar el poder' }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/interaccion/'));
    await page.getByLabel('Usuario').fill(LEGAL.username);
    await page.getByLabel('Contraseña').fill(LEGAL.password);
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/oficina/juridico/poderes/'));
    expect(await page.getByText('Confirmó su identidad.').count()).toBe(1);
    expect(await page.getByRole('group', { name: 'Motivo del rechazo' }).getByRole('radio').first().isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Rechazar el poder' }).click();
    expect(await page.getByRole('heading', { name: 'Poder rechazado' }).count()).toBe(1);
    await w.axe(page);
    const rejected = await cases.waitForStatus(caseId, 'rejected', auditor);
    expect(rejected.closedReason?.map((r) => r.code)).toContain(reasonCode);
    await context.close();

    const manager = await signedIn(MANAGER, `/oficina/escritorio/tramites/${caseId}`);
    expect(await manager.page.locator('.app-identity-bar').innerText()).toContain('Negado');
    expect(await manager.page.locator('.app-timeline').innerText()).toContain('Poder rechazado por la unidad jurídica');
    await w.axe(manager.page);
    await manager.context.close();
  });

  it('resends the issued document from the case page: one email through the outbox per click, with the PDF', async () => {
    const { caseId, email } = await cases.issued000('Valeria Sofía Paredes Ruiz');
    const { context, page } = await signedIn(MANAGER, `/oficina/escritorio/tramites/${caseId}`);
    const before = (await rows.outboxOf(caseId)).filter((r) => r.idempotencyKey.startsWith('resend:'));
    expect(before).toEqual([]);
    const requestId = await page.locator('form[action$="/reenvio"] input[name="solicitud"]').inputValue();
    await page.getByRole('button', { name: 'Reenviar el documento emitido al correo' }).click();
    expect(await page.getByRole('heading', { name: 'Documento reenviado' }).count()).toBe(1);
    expect(await page.getByText('El correo con el documento emitido se envía de nuevo al solicitante.').count()).toBe(1);
    await w.axe(page);
    const key = `resend:${caseId}:${requestId}`;
    const mail = await h.smtp.waitForMessage((m) => m.messageId === caseEmailMessageId(key));
    expect(mail.to).toEqual([email]);
    expect(mail.attachments.map((a) => a.filename)).toEqual(['codigo-extranjero.pdf']);
    // The same form sent again (a double click, a retried POST): the same request, no second email.
    const csrf = await page.locator('form[action$="/reenvio"] input[name="_csrf"]').inputValue();
    const retried = await page.request.post(`${w.webUrl}/oficina/escritorio/tramites/${caseId}/reenvio`, { form: { _csrf: csrf, solicitud: requestId } });
    expect(retried.ok()).toBe(true);
    expect(await retried.text()).toContain('Este pedido de reenvío ya se había registrado; no se envía otro correo.');
    const resends = (await rows.outboxOf(caseId)).filter((r) => r.idempotencyKey.startsWith('resend:'));
    expect(resends.map((r) => [r.idempotencyKey, r.template, r.recipient])).toEqual([[key, 'FOREIGNER_CODE_ISSUED', email]]);
    await context.close();
  });

  it('decides a possible duplicate on the case page: listed in its queue, the matched person shown, errors in a summary, then the same person', async () => {
    const person = { fullName: 'Ana Lucía Torres Ríos', nationality: 'COL', birthDate: '1992-07-03' };
    const { caseId, code } = await cases.possibleDuplicate(person);
    const { context, page } = await signedIn(MANAGER, '/oficina/escritorio?cola=possible_duplicate');
    const row = page.getByRole('row').filter({ hasText: person.fullName });
    expect(await row.count()).toBe(1);
    await w.axe(page);
    await row.getByRole('link').click();
    await page.waitForURL((u) => u.pathname === `/oficina/escritorio/tramites/${caseId}`);
    const matched = page.getByRole('table', { name: 'Personas registradas que coinciden' });
    expect(await matched.innerText()).toContain(code);
    expect(await matched.innerText()).toContain(person.fullName);
    await w.axe(page);

    // Nothing chosen and no reason: both errors in the summary, in Spanish.
    await page.getByRole('button', { name: 'Registrar la decisión' }).click();
    const summary = page.locator('.govuk-error-summary');
    expect(await summary.innerText()).toContain('Elija si es la misma persona u otra persona');
    expect(await summary.innerText()).toContain('Escriba el motivo de la decisión (al menos 3 caracteres)');
    expect(await page.title()).toMatch(/^Error: /);
    await w.axe(page);
    // A reason typed is kept when the decision is still missing.
    await page.getByLabel('Motivo de la decisión').fill('Mismo pasaporte anterior y fotografía');
    await page.getByRole('button', { name: 'Registrar la decisión' }).click();
    expect(await page.getByLabel('Motivo de la decisión').inputValue()).toBe('Mismo pasaporte anterior y fotografía');
    expect(await summary.innerText()).not.toContain('Escriba el motivo');
    await page.getByLabel('Es la misma persona: se le entrega su código').check();
    await page.getByRole('button', { name: 'Registrar la decisión' }).click();
    expect(await page.getByRole('heading', { name: 'Decisión registrada' }).count()).toBe(1);
    const issued = await cases.waitForStatus(caseId, 'issued', auditor);
    expect(issued.result?.code).toBe(code);
    await page.reload();
    expect(await page.locator('.app-timeline').innerText()).toContain('Posible duplicado decidido por un gestor');
    await w.axe(page);
    await context.close();
  });

  it('an address of the desk that names no case answers the 404 page, on every page of the case (one case-id pipe)', async () => {
    const { context, page } = await signedIn(MANAGER, '/oficina/escritorio');
    for (const path of [
      '/tramites/no-es-un-tramite',
      '/tramites/no-es-un-tramite/ventanilla',
      '/tramites/no-es-un-tramite/turno',
      '/tramites/123/documento.pdf',
    ]) {
      const response = await page.goto(`${w.webUrl}/oficina/escritorio${path}`);
      expect({ path, status: response?.status(), title: await page.locator('h1').innerText() }).toEqual({ path, status: 404, title: 'No existe ese trámite' });
    }
    await w.axe(page);
    await context.close();
  });

  it('an officer session ends after its idle life and after its absolute life: the next page sends the officer to sign in again', async () => {
    for (const which of ['idle', 'absolute'] as const) {
      const { context } = await signedIn(MANAGER, '/oficina/escritorio');
      const open = await context.request.get(`${w.webUrl}/oficina/escritorio`, { maxRedirects: 0 });
      expect(open.status()).toBe(200);
      await rows.endSessionLife(await sessionIdOf(context), which);
      const after = await context.request.get(`${w.webUrl}/oficina/escritorio`, { maxRedirects: 0 });
      expect({ which, status: after.status(), location: after.headers()['location'] }).toEqual({
        which,
        status: 303,
        location: `/oficina/ingresar?volver=${encodeURIComponent('/oficina/escritorio')}`,
      });
      await context.close();
    }
  });
});
