import type { Principal } from '@tramites/api';
import { AgendaRepository } from '@tramites/persistence';
import { EMPLOYER_CEDULA, freeSlot } from '@tramites/testing';
import { DeskCases, type ApiHarness } from '@tramites/testing/api';
import { startOfficerWeb, type OfficerWeb } from '@tramites/testing/web';
import jsQR from 'jsqr';
import type { Browser, BrowserContext, Page } from 'playwright-core';

const MANAGER = { username: 'gestor.quito', password: 'Gestor-Quito-2026' };
const OFFICER: Principal = { sub: 'officer-uio-norte-1', role: 'case_manager', agencyId: 'UIO-NORTE' };
const PHONE = { width: 360, height: 740 };

/**
 * The agency's day at the counter (ADR 0028), in Debian's Chromium: the confirmation's QR (read
 * from the applicant's page with jsQR, as a scanner would) checks the applicant in; a confirmation
 * of another agency, of another day, or of a turno changed since is refused in words; the waiting
 * room's screen, open in another browser, shows the call without reloading; vulnerable groups are
 * called first; recall and no-show. axe on every page, the desk at 360 px, one journey by keyboard.
 */
describe('arrival by the confirmation and the calling screen', () => {
  let w: OfficerWeb;
  let h: ApiHarness;
  let browser: Browser;
  let cases: DeskCases;

  beforeAll(async () => {
    w = await startOfficerWeb('agency_day_calls');
    ({ h, browser } = w);
    cases = new DeskCases(h);
  });
  afterAll(async () => {
    await w?.close();
  });

  const bearer = async (p: Principal): Promise<string> => `Bearer ${await h.token(p)}`;

  async function signedIn(viewport = PHONE): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: 'es-EC', viewport });
    const page = await w.signIn(context, MANAGER.username, MANAGER.password, '/oficina/escritorio/llamados');
    await page.waitForURL((u) => u.pathname === '/oficina/escritorio/llamados');
    return { context, page };
  }

  /** What the confirmation's QR says, as a scanner reads it: the image on the applicant's page, decoded by jsQR. */
  async function qrTextOf(page: Page): Promise<string> {
    expect(await page.getByRole('img', { name: /Código QR de la confirmación/ }).count()).toBe(1);
    const { data, width, height } = (await page.evaluate(`(() => {
      const img = document.querySelector('img.app-confirmation-qr');
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const ctx = canvas.getContext('2d');
      ctx.drawImage(img, 0, 0);
      return { data: Array.from(ctx.getImageData(0, 0, canvas.width, canvas.height).data), width: canvas.width, height: canvas.height };
    })()`)) as { data: number[]; width: number; height: number };
    const code = jsQR(Uint8ClampedArray.from(data), width, height);
    if (!code) throw new Error('the confirmation has no readable QR code');
    return code.data;
  }

  /** The applicant opens the case by follow-my-case (reference, identity, the emailed code) and then the confirmation page. */
  async function confirmationPage(reference: string, identity: string, email: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: 'es-EC', viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${w.webUrl}/seguir`);
    await page.getByLabel('Número de trámite').fill(reference);
    await page.getByLabel('Número de identificación').fill(identity);
    const question = await page.locator('label[for="captchaAnswer"]').innerText();
    const [a, b] = question.match(/\d+/g)!.map(Number);
    await page.getByLabel(/¿Cuánto es/).fill(String((a ?? 0) + (b ?? 0)));
    const mark = h.smtp.messages().length;
    await page.getByRole('button', { name: 'Enviar el código' }).click();
    await page.waitForURL((u) => u.pathname === '/seguir/codigo');
    const mail = await h.smtp.waitForMessage((m) => m.to.includes(email) && /consultar su trámite/.test(m.subject) && h.smtp.messages().indexOf(m) >= mark);
    await page.getByLabel('Código recibido por correo').fill(/\b(\d{6})\b/.exec(mail.text)![1]!);
    await page.getByRole('button', { name: 'Ver mi trámite' }).click();
    await page.waitForURL((u) => u.pathname === '/tramite');
    await page.goto(`${w.webUrl}/turno/confirmacion`);
    await w.axe(page);
    return { context, page };
  }

  /** The signed pass a case's confirmation prints (the applicant's own route). */
  async function passOf(caseId: string, applicant: Principal): Promise<string> {
    const r = await h
      .http()
      .get(`/cases/${caseId}/arrival-pass`)
      .set('Authorization', await bearer(applicant));
    expect(r.status).toBe(200);
    return (r.body as { pass: string }).pass;
  }

  const reference = (caseId: string): string => `T-${caseId.replace(/-/g, '').slice(0, 10).toUpperCase()}`;

  async function arrive(page: Page, typed: string): Promise<string> {
    await page.getByLabel('Número de trámite').fill(typed);
    await page.getByRole('button', { name: 'Registrar la llegada' }).click();
    await page.waitForLoadState();
    return page.locator('main').innerText();
  }

  it('the QR of the confirmation checks the applicant in; another agency’s, another day’s and a changed turno’s confirmations are refused in words', async () => {
    const { caseId, passport } = await cases.booked000('Valentina Sofía Ortega Ruiz');
    const { context: applicantContext, page: confirmation } = await confirmationPage(reference(caseId), passport, `${passport.toLowerCase()}@example.ec`);
    const qr = await qrTextOf(confirmation);
    // The QR names the case's reference, the agency and the day, signed: no name, no document number.
    const claims = JSON.parse(Buffer.from(qr.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(Object.keys(claims).sort()).toEqual(['ag', 'day', 'iat', 'iss', 'ref', 'typ']);
    expect(claims['ref']).toBe(reference(caseId));
    expect(qr).not.toContain(passport);
    await applicantContext.close();

    const { context, page } = await signedIn();
    await w.axe(page);
    // A QR whose signature is not ours (one character changed) is refused, and the field keeps what was read.
    const forged = `${qr.slice(0, -3)}${qr.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    expect(await arrive(page, forged)).toContain('El código QR no es una confirmación de turno emitida por el IESS');
    expect(await page.getByLabel('Número de trámite').inputValue()).toBe(forged);
    await w.axe(page);

    // The camera's reader fills the hidden field and sends the form (injected here: headless Chromium has no camera).
    await page.locator('#qr').evaluate((el, text) => el.setAttribute('value', text), qr);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Registrar la llegada' }).click()]);
    expect(await page.getByRole('heading', { name: 'Llegada registrada' }).count()).toBe(1);
    expect(await page.locator('main').innerText()).toContain('Valentina Sofía Ortega Ruiz');
    await cases.waitForStatus(caseId, 'checked_in');
    // The same confirmation read again the same day changes nothing.
    expect(await arrive(page, qr)).toContain('La llegada ya estaba registrada');

    // Another agency's confirmation (Guayaquil), read in Quito.
    const gye = await cases.booked(
      { sub: 'GY1234567', role: 'applicant' },
      {
        procedure: 'FOREIGNER_CODE',
        province: 'GUAYAS',
        filerRole: 'holder',
        booker: { email: 'gy1234567@example.ec', mobile: '0991234567' },
        holder: { fullName: 'Diego Armando Paz Luna', nationality: 'VEN', documentType: 'passport', documentNumber: 'GY1234567', birthDate: '1985-03-02' },
      },
      'GYE-CENTRO',
    );
    const otherAgency = await arrive(page, await passOf(gye.caseId, { sub: 'GY1234567', role: 'applicant' }));
    expect(otherAgency).toContain('La confirmación es de un turno en la agencia');
    expect(otherAgency).toContain('no en esta');

    // A turno changed to another day: the old confirmation says so, and the new one is for another day.
    const later = await cases.booked000('Andrés Felipe Mora Castro');
    const laterApplicant: Principal = { sub: later.passport, role: 'applicant' };
    const oldPass = await passOf(later.caseId, laterApplicant);
    const slotId = await freeSlot(new AgendaRepository(h.db.dataSource), Date.now(), 2);
    expect(
      (
        await h
          .http()
          .put(`/cases/${later.caseId}/appointment`)
          .set('Authorization', await bearer(laterApplicant))
          .send({ slotId })
      ).status,
    ).toBe(200);
    expect(await arrive(page, oldPass)).toMatch(/La confirmación es del turno del .+, que se cambió al .+: hoy no se puede registrar su llegada/);
    expect(await arrive(page, await passOf(later.caseId, laterApplicant))).toMatch(/La confirmación es del turno del .+: hoy no es el día de ese turno/);
    // The API says the same with its codes.
    const desk = await bearer(OFFICER);
    const codeOf = async (pass: string): Promise<string | undefined> =>
      ((await h.http().post('/desk/arrivals').set('Authorization', desk).send({ pass })).body as { error?: { code?: string } }).error?.code;
    expect(await codeOf(forged)).toBe('ARRIVAL.PASS_INVALID');
    expect(await codeOf(await passOf(gye.caseId, { sub: 'GY1234567', role: 'applicant' }))).toBe('ARRIVAL.OTHER_AGENCY');
    expect(await codeOf(oldPass)).toBe('ARRIVAL.OTHER_DAY');
    // Another agency's case by its typed reference: refused from the read model at once, naming neither its agency nor its day,
    // and that case is not read (no access-log row); this agency's case is logged when it is read.
    const typed = await h
      .http()
      .post('/desk/arrivals')
      .set('Authorization', desk)
      .send({ reference: reference(gye.caseId) });
    expect({ status: typed.status, code: typed.body.error?.code }).toEqual({ status: 422, code: 'ARRIVAL.OTHER_AGENCY' });
    expect(typed.body.error.message).toContain('otra agencia');
    expect(typed.body.error.message).not.toMatch(/Guayaquil|GYE|turno del|\d/);
    const readsOf = async (id: string): Promise<string[]> =>
      (
        (await h.db.dataSource.query(`SELECT action FROM case_access_log WHERE case_id = $1 AND actor_id = $2 ORDER BY id`, [id, OFFICER.sub])) as Array<{
          action: string;
        }>
      ).map((r) => r.action);
    expect(await readsOf(gye.caseId)).toEqual([]);
    expect(await readsOf(later.caseId)).toContain('read_arrival');
    // Typed by hand, the reference of the changed turno says the same.
    expect(await arrive(page, reference(later.caseId).toLowerCase())).toContain('hoy no es el día de ese turno');
    await w.axe(page);
    // She leaves before her call: the desk records it, and the next journey's waiting room starts empty.
    expect(
      (
        await h
          .http()
          .post(`/desk/calling/${caseId}/no-show`)
          .set('Authorization', await bearer(OFFICER))
      ).status,
    ).toBe(200);
    await context.close();
  });

  it('the calling screen shows the called turno without reloading; vulnerable groups first; recall and no-show; by keyboard at the desk', async () => {
    // Two turnos arrive: a booked 000 first, then an elderly employer without appointment (001, grupos vulnerables).
    const first = await cases.booked000('Camila Andrea Vega Torres');
    const officer = await bearer(OFFICER);
    expect(
      (
        await h
          .http()
          .post('/desk/arrivals')
          .set('Authorization', officer)
          .send({ reference: reference(first.caseId) })
      ).status,
    ).toBe(200);
    const walkIn = await h
      .http()
      .post('/cases')
      .set('Authorization', officer)
      .send({
        procedure: 'FOREIGNER_CODE_EMPLOYMENT',
        province: 'PICHINCHA',
        filerRole: 'employer',
        employerId: '1790016919001',
        booker: { email: 'empleador.mayor@example.ec', mobile: '0991234567' },
        holder: { fullName: 'Ramiro Esteban Ochoa Lima', nationality: 'COL', documentType: 'passport', documentNumber: 'CO7654321', birthDate: '1979-06-15' },
        walkIn: { agencyId: 'UIO-NORTE', vulnerableGroup: 'elderly', identityNumber: EMPLOYER_CEDULA },
      });
    expect(walkIn.status).toBe(201);
    const elderly = walkIn.body.caseId as string;
    await cases.waitForStatus(elderly, 'checked_in');

    // The waiting room's screen, in its own browser: public, no names.
    const screenContext = await browser.newContext({ locale: 'es-EC', viewport: { width: 1920, height: 1080 } });
    const screen = await screenContext.newPage();
    await screen.goto(`${w.webUrl}/sala/UIO-NORTE`);
    await w.axe(screen);
    expect(await screen.locator('main').innerText()).toContain('Todavía no se ha llamado ningún turno hoy.');
    let navigations = 0;
    screen.on('framenavigated', (f) => {
      if (f === screen.mainFrame()) navigations += 1;
    });

    // The desk, by keyboard only: the window's number, then "call the next".
    const { context, page } = await signedIn({ width: 1280, height: 900 });
    const board = await page.locator('main').innerText();
    // The order of the call: the elderly walk-in first, though she arrived later.
    expect(board.indexOf(reference(elderly))).toBeLessThan(board.indexOf(reference(first.caseId)));
    expect(board).toContain('Persona adulta mayor');
    await w.axe(page);
    await page.getByLabel('Su ventanilla').focus();
    await page.keyboard.type('3');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement && document.activeElement.textContent.trim()')).toBe('Llamar al siguiente turno');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.getByRole('heading', { name: `Turno ${reference(elderly)} llamado a la ventanilla 3` }).count()).toBe(1);

    // The screen shows it without reloading.
    await screen.locator('#app-screen-current').getByText(reference(elderly)).waitFor({ timeout: 15_000 });
    expect(await screen.locator('#app-screen-current').innerText()).toContain('Ventanilla 3');
    const screenText = await screen.locator('main').innerText();
    expect(screenText).not.toContain('Ramiro');
    expect(navigations).toBe(0);

    // The next call takes the booked turno; the elderly one moves to the earlier calls.
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Llamar al siguiente turno' }).click()]);
    await screen.locator('#app-screen-current').getByText(reference(first.caseId)).waitFor({ timeout: 15_000 });
    expect(await screen.locator('#app-screen-previous').innerText()).toContain(reference(elderly));
    // Nobody else waits: the desk says so in words.
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Llamar al siguiente turno' }).click()]);
    expect(await page.locator('main').innerText()).toContain('No hay turnos en espera');
    const nobody = await h.http().post('/desk/calling/next').set('Authorization', officer).send({ windowNumber: '3' });
    expect({ status: nobody.status, code: nobody.body.error?.code }).toEqual({ status: 409, code: 'CALLING.NOBODY_WAITING' });

    // Recall the elderly turno: the screen shows it again, on top.
    const calledRow = page.getByRole('row').filter({ hasText: reference(elderly) });
    await Promise.all([page.waitForNavigation(), calledRow.getByRole('button', { name: /Volver a llamar/ }).click()]);
    expect(await page.getByRole('heading', { name: `Turno ${reference(elderly)} llamado otra vez a la ventanilla 3` }).count()).toBe(1);
    await screen.locator('#app-screen-current').getByText(reference(elderly)).waitFor({ timeout: 15_000 });

    // The booked turno does not come: a no-show leaves the screen and moves to "No se presentaron".
    await Promise.all([
      page.waitForNavigation(),
      page
        .getByRole('row')
        .filter({ hasText: reference(first.caseId) })
        .getByRole('button', { name: /No se presentó/ })
        .click(),
    ]);
    expect(await page.getByRole('heading', { name: `Turno ${reference(first.caseId)}: no se presentó` }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: /No se presentaron/ }).count()).toBe(1);
    await w.axe(page);
    await screen.getByText(reference(first.caseId)).waitFor({ state: 'detached', timeout: 15_000 });
    expect(navigations).toBe(0);

    // The times the supervisor reads: arrival to call, call to the window's decision.
    const times = (await h.db.dataSource.query(
      `SELECT case_id, arrived_at, first_called_at, called_at, call_count, no_show_at, wait_seconds FROM agency_day_turnos WHERE case_id = ANY($1::uuid[])`,
      [[first.caseId, elderly]],
    )) as Array<{
      case_id: string;
      arrived_at: Date;
      first_called_at: Date;
      called_at: Date;
      call_count: number;
      no_show_at: Date | null;
      wait_seconds: number;
    }>;
    const byCase = new Map(times.map((t) => [t.case_id, t]));
    expect(byCase.get(elderly)?.call_count).toBe(2);
    expect(byCase.get(elderly)!.wait_seconds).toBeGreaterThanOrEqual(0);
    expect(byCase.get(first.caseId)?.no_show_at).not.toBeNull();

    // The table's refusal: a case that has not arrived cannot be called.
    const notArrived = await cases.booked000('Lucía Fernanda Ramos Gil');
    const refused = await h.http().post(`/desk/calling/${notArrived.caseId}/call`).set('Authorization', officer).send({ windowNumber: '3' });
    expect({ status: refused.status, code: refused.body.error?.code }).toEqual({ status: 422, code: 'CASE.INVALID_STATE' });
    await context.close();
    await screenContext.close();
  });
});
