import { caseWorkflowId, type CredentialCaseView } from '@tramites/contracts';
import { DEMO_AFFILIATES, seedDemoRegistry } from '@tramites/persistence';
import { generateForeignerCode } from '@tramites/domain';
import { affiliateFixture, seedAffiliate, workHistoryAnswers, type AffiliateFixture } from '@tramites/testing';
import { expectAccessiblePage, openStoredSession, startApplicantWeb, type ApplicantWeb } from '@tramites/testing/web';
import { decodeJwt } from 'jose';
import type { Page } from 'playwright-core';

/** The API's lifetime of a case token in this suite: not the default, so a page that guessed it would be caught. */
const CASE_TOKEN_MINUTES = 7;

/** 003, Requisitos Específicos: a foreigner identifies with the code sheets 000/001 issued; the demo registry of npm start holds two. */
const FOREIGNER = DEMO_AFFILIATES.find((a) => a.identityNumber.length === 12)!;
const asFixture = (a: typeof FOREIGNER): AffiliateFixture => ({ ...a, history: a.history.map((h) => ({ ...h })) });

/**
 * 003 for a foreign affiliate: the demo registry that `npm start` loads, the API that shows nothing
 * personal before the identity is proved and says how long its case token lasts, and the pages in
 * English, by the keyboard only on a 360 px phone, reflowing at 320 and 360 px with long real values.
 */
describe('003 for a foreign affiliate identified by the foreigner code', () => {
  let w: ApplicantWeb;

  beforeAll(async () => {
    w = await startApplicantWeb('affiliate_foreigners', { CASE_TOKEN_MINUTES: String(CASE_TOKEN_MINUTES) });
    // The rows npm start writes into the development database, written here into the suite's.
    await seedDemoRegistry(w.h.db.dataSource);
  });
  afterAll(async () => {
    await w?.close();
  });

  async function captchaToken(): Promise<string> {
    const res = await w.h.http().get('/captcha').expect(200);
    const [a, b] = (res.body.question as string).match(/\d+/g)!.map(Number);
    return `${res.body.captchaId}:${(a ?? 0) + (b ?? 0)}`;
  }
  const sum = (question: string): string => String((question.match(/\d+/g) ?? []).map(Number).reduce((a, b) => a + b, 0));
  const caseView = (caseId: string): Promise<CredentialCaseView> => w.h.env.client.workflow.getHandle(caseWorkflowId(caseId)).query('getCase');

  it('answers the start without the affiliate’s name or email, with the token’s lifetime; the name appears once the questions are passed', async () => {
    const other = DEMO_AFFILIATES.filter((a) => a.identityNumber.length === 12)[1]!;
    const before = Date.now();
    const started = await w.h
      .http()
      .post('/portal-passwords/affiliate')
      .send({ identityNumber: other.identityNumber, captchaToken: await captchaToken() })
      .expect(201);
    const body = started.body as { caseId: string; accessToken: string; accessTokenExpiresAt: string; expiresInSeconds: number; case: CredentialCaseView };
    expect(body.case.status).toBe('identity_check');
    expect(body.case.holder).toEqual({ kind: 'affiliate', id: other.identityNumber });
    expect(JSON.stringify(body)).not.toContain(other.fullName.split(' ')[0]);
    expect(body.case.email).toBeUndefined();
    // The lifetime the API gives its token, in both forms, and the token's own expiry agree.
    expect(body.expiresInSeconds).toBe(CASE_TOKEN_MINUTES * 60);
    const expiresAt = Date.parse(body.accessTokenExpiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + CASE_TOKEN_MINUTES * 60_000);
    expect(Math.abs((decodeJwt(body.accessToken).exp ?? 0) * 1000 - expiresAt)).toBeLessThan(2_000);

    const bearer = { Authorization: `Bearer ${body.accessToken}` };
    const read = await w.h.http().get(`/cases/${body.caseId}`).set(bearer).expect(200);
    expect(read.body.holder.name).toBeUndefined();
    // Nor in the case list the token may read (its one case, from the read model).
    const listed = await w.h.http().get('/cases').set(bearer).expect(200);
    expect(listed.body.items.map((i: { caseId: string; holderName: string | null }) => [i.caseId, i.holderName])).toEqual([[body.caseId, null]]);
    // A wrong answer: the refusal carries the case, still without the name.
    const check = body.case.identityCheck!;
    const wrong = { ordinal: check.ordinal, birthDay: 1, birthMonth: 1, workHistory: workHistoryAnswers(asFixture(other), check.workHistory) };
    const refused = await w.h.http().post(`/cases/${body.caseId}/identity-check`).set(bearer).send(wrong).expect(422);
    expect(refused.body.error.code).toBe('IDENTITY.CHECK_FAILED');
    expect(JSON.stringify(refused.body)).not.toContain(other.fullName.split(' ')[0]);
    // The right answers: the identity is proved, the name and the masked email are shown.
    const next = (await caseView(body.caseId)).identityCheck!;
    const right = {
      ordinal: next.ordinal,
      birthDay: Number(other.birthDate.slice(8, 10)),
      birthMonth: Number(other.birthDate.slice(5, 7)),
      workHistory: workHistoryAnswers(asFixture(other), next.workHistory),
    };
    const passed = await w.h.http().post(`/cases/${body.caseId}/identity-check`).set(bearer).send(right).expect(200);
    expect(passed.body.status).toBe('awaiting_email');
    expect(passed.body.holder.name).toBe(other.fullName);
    expect(passed.body.email.masked).toMatch(/^yu\*+@example\.com$/);
    const proved = await w.h.http().get('/cases').set(bearer).expect(200);
    expect(proved.body.items[0].holderName).toBe(other.fullName);
  });

  it('a foreign affiliate sets the password in English, by the keyboard only at 360 px, the name shown only after the questions', async () => {
    const context = await w.phone('en');
    const page = await context.newPage();

    const tabTo = (id: string): Promise<void> => tabToId(page, id);
    const choose = (firstId: string, value: string, isRadio = false): Promise<void> => chooseByArrows(page, firstId, value, isRadio);
    async function submitTo(path: string): Promise<void> {
      await page.keyboard.press('Enter');
      await page.waitForURL((u) => u.pathname === path);
    }
    const main = (): Promise<string> => page.locator('main').innerText();
    const firstName = FOREIGNER.fullName.split(' ')[0]!;

    // The start, in Spanish by default; the switch to English by the keyboard, remembered.
    await page.goto(`${w.webUrl}/clave-afiliado`);
    expect(await page.locator('html').getAttribute('lang')).toBe('es-EC');
    expect(await page.getByLabel('Cédula o código de extranjero').count()).toBe(1);
    await expectAccessiblePage(page);
    await page.getByRole('link', { name: 'English' }).focus();
    await submitTo('/clave-afiliado');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('h1').innerText()).toBe('Set or recover your affiliate password');
    expect(await main()).toContain('What you need');
    await expectAccessiblePage(page);

    // A mistyped code (the check digit) is named at once, in English, and the typed value is kept.
    const typed = `${FOREIGNER.identityNumber.slice(0, 4)} ${FOREIGNER.identityNumber.slice(4, 8)} ${FOREIGNER.identityNumber.slice(8)}`;
    const mistyped = `${typed.slice(0, -1)}${(Number(typed.slice(-1)) + 1) % 10}`;
    await tabTo('identityNumber');
    await page.keyboard.type(mistyped);
    await tabTo('captchaAnswer');
    await page.keyboard.type(sum(await page.locator('label[for="captchaAnswer"]').innerText()));
    await submitTo('/clave-afiliado');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('check digit');
    expect(await page.locator('#identityNumber').inputValue()).toBe(mistyped);
    await expectAccessiblePage(page);
    await tabTo('identityNumber');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(typed);
    await tabTo('captchaAnswer');
    await page.keyboard.type(sum(await page.locator('label[for="captchaAnswer"]').innerText()));
    await submitTo('/clave-afiliado/preguntas');

    // The questions: nothing personal yet, in English; the session keeps the token as long as the API said.
    expect(await page.locator('h1').innerText()).toBe('Answer the verification questions');
    expect(await main()).not.toContain(firstName);
    expect(await main()).toContain('Which of these employers have you worked for?');
    await expectAccessiblePage(page);
    const cookie = (await context.cookies()).find((c) => c.name === 'tramites_sesion');
    const session = (await openStoredSession(w.h.db.dataSource, cookie?.value ?? ''))?.data as {
      affiliate?: { caseId: string; token: string; expiresAt: number };
    };
    const kept = session.affiliate!;
    // The API's lifetime (CASE_TOKEN_MINUTES), a minute early: not a fixed guess of the web's.
    expect(Math.abs(kept.expiresAt + 60_000 - (decodeJwt(kept.token).exp ?? 0) * 1000)).toBeLessThan(2_000);

    async function answer(wrongDay: boolean): Promise<void> {
      const check = (await caseView(kept.caseId)).identityCheck!;
      const day = Number(FOREIGNER.birthDate.slice(8, 10));
      await tabTo('birthDay');
      await page.keyboard.press('Control+A');
      await page.keyboard.type(String(wrongDay ? (day % 28) + 1 : day));
      await choose('birthMonth', String(Number(FOREIGNER.birthDate.slice(5, 7))));
      for (const [id, value] of Object.entries(workHistoryAnswers(asFixture(FOREIGNER), check.workHistory))) await choose(`W_${id}`, value, true);
    }
    // A wrong day of birth costs one of the five attempts: said in English, new questions asked.
    await answer(true);
    await submitTo('/clave-afiliado/preguntas');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('You have 4 attempts left');
    expect(await main()).not.toContain(firstName);
    await expectAccessiblePage(page);
    await answer(false);
    await submitTo('/clave-afiliado/correo');

    // Proved: now the name, the code and the masked email on file (003, VIRTUAL 9).
    expect(await page.locator('h1').innerText()).toBe('Confirm your email address');
    expect(await main()).toContain(FOREIGNER.fullName);
    expect(await main()).toContain(FOREIGNER.identityNumber);
    await expectAccessiblePage(page);
    const mark = w.h.smtp.messages().length;
    await tabTo('email');
    await page.keyboard.type(FOREIGNER.email);
    await submitTo('/clave-afiliado/enlace');
    expect(await page.locator('h1').innerText()).toBe('Check your email');
    expect(await main()).toContain('(Ecuador time)');
    await expectAccessiblePage(page);
    const message = await w.h.smtp.waitForMessage((m) => m.to.includes(FOREIGNER.email) && w.h.smtp.messages().indexOf(m) >= mark, 15_000);
    const token = /#token=([A-Za-z0-9_-]+)/.exec(message.text)![1]!;

    // The emailed link, on the same phone: English remembered; the declaration's Spanish is the legal text, English beside it.
    const link: Page = await context.newPage();
    await link.goto(`${w.webUrl}/portal/clave#token=${token}`);
    await link.waitForURL((u) => u.pathname === '/portal/clave/nueva');
    await page.close();
    expect(await link.locator('html').getAttribute('lang')).toBe('en');
    expect(await link.locator('p[lang="es-EC"]').innerText()).toContain('Declaro que la información que he proporcionado es verdadera');
    expect(await link.locator('main').innerText()).toContain('I declare that the information I have given is true');
    await expectAccessiblePage(link);
    await setPassword(link);
    expect(await link.locator('.govuk-panel').innerText()).toContain('Your password is set');
    await expectAccessiblePage(link);

    // The other pages of the journey, in English too: a used link, the request done, the lock.
    await link.goto(`${w.webUrl}/portal/clave#token=${token}`);
    await link.waitForURL((u) => u.pathname === '/portal/clave/nueva');
    expect(await link.locator('h1').innerText()).toBe('This link has already been used');
    await expectAccessiblePage(link);
    await link.goto(`${w.webUrl}/clave-afiliado/preguntas`);
    await link.waitForURL((u) => u.pathname === '/clave-afiliado/enlace');
    expect(await link.locator('h1').innerText()).toBe('Your password is already set');
    await expectAccessiblePage(link);
    await link.goto(`${w.webUrl}/clave-afiliado/bloqueada`);
    expect(await link.locator('h1').innerText()).toBe('Your password is locked');
    await expectAccessiblePage(link);
    await context.close();

    const officer = await w.h.token({ sub: 'officer-uio-1', role: 'case_manager', agencyId: 'UIO-NORTE' });
    const status = await w.h
      .http()
      .get(`/portal-credentials/affiliates/${FOREIGNER.identityNumber}`)
      .set({ Authorization: `Bearer ${officer}` })
      .expect(200);
    expect(status.body.passwordSetAt).not.toBeNull();
  });

  it('the same pages in Spanish reflow at 320 and 360 px with a long name, a long address and every error shown', async () => {
    const a = await seedAffiliate(
      w.h.db.dataSource,
      affiliateFixture({
        identityNumber: generateForeignerCode(Math.random),
        fullName: 'Yusleidy de la Caridad Mendoza Páez-Villavicencio',
        email: 'yusleidy.mendoza.paez@outlook.com',
        personal: { P2: 'Santiago de los Caballeros', P5: 'Ayudante de cocina' },
      }),
    );
    const context = await w.phone('es-EC');
    const page = await context.newPage();
    const main = (): Promise<string> => page.locator('main').innerText();
    const go = async (button: string, path: string): Promise<void> => {
      await page.getByRole('button', { name: button }).click();
      await page.waitForURL((u) => u.pathname === path);
    };

    // Every rule at once, named by field, the typed value kept.
    await page.goto(`${w.webUrl}/clave-afiliado`);
    await page.getByLabel('Cédula o código de extranjero').fill('9123 4567 8901 2345');
    await go('Continuar', '/clave-afiliado');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('12 dígitos que empiezan con 9');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('no es un robot');
    await expectAccessiblePage(page);
    await page.getByLabel('Cédula o código de extranjero').fill(a.identityNumber);
    await page.locator('#captchaAnswer').fill(sum(await page.locator('label[for="captchaAnswer"]').innerText()));
    await go('Continuar', '/clave-afiliado/preguntas');
    expect(await main()).not.toContain('Yusleidy');
    expect(await main()).toContain('¿En qué ciudad nació su madre?');

    // Nothing answered: each question named in the summary.
    await go('Continuar', '/clave-afiliado/preguntas');
    const summary = await page.locator('.govuk-error-summary').innerText();
    expect(summary).toContain('Escriba el día de su nacimiento');
    expect(summary).toContain('Elija una respuesta: ¿Con cuál de los siguientes empleadores ha tenido relación laboral?');
    expect(summary).toContain('Escriba la respuesta: ¿Cuál fue su primer trabajo?');
    await expectAccessiblePage(page);
    const view = await w.h
      .http()
      .get(`/cases?procedure=AFFILIATE_PORTAL_PASSWORD&applicantId=${a.identityNumber}`)
      .set({ Authorization: `Bearer ${await w.h.token({ sub: 'admin-1', role: 'admin' })}` });
    const caseId = (view.body.items as Array<{ caseId: string }>)[0]!.caseId;
    const check = (await caseView(caseId)).identityCheck!;
    await page.getByLabel('Día de nacimiento').fill(String(Number(a.birthDate.slice(8, 10))));
    await page.getByLabel('Mes de nacimiento').selectOption(String(Number(a.birthDate.slice(5, 7))));
    for (const [id, value] of Object.entries(workHistoryAnswers(a, check.workHistory))) await page.locator(`input[name="W_${id}"][value="${value}"]`).check();
    for (const q of check.personal) await page.locator(`#P_${q.id}`).fill(a.personal![q.id]!);
    await go('Continuar', '/clave-afiliado/correo');
    expect(await main()).toContain(a.fullName);
    await expectAccessiblePage(page);
    await page.getByLabel('Correo electrónico').fill('yusleidy.mendoza.paez@');
    await go('Enviar el enlace', '/clave-afiliado/correo');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Escriba un correo electrónico válido');
    expect(await page.locator('#email').inputValue()).toBe('yusleidy.mendoza.paez@');
    await expectAccessiblePage(page);
    await page.getByLabel('Correo electrónico').fill(a.email);
    await go('Enviar el enlace', '/clave-afiliado/enlace');
    expect(await main()).toContain('(hora de Ecuador)');
    await expectAccessiblePage(page);

    // The link page without its token, and a link pasted half: named, kept.
    await page.goto(`${w.webUrl}/portal/clave`);
    await page.getByLabel('Enlace recibido por correo').fill('http://localhost:3001/portal/clave#token=abc');
    await go('Continuar', '/portal/clave/enlace');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('El enlace no está completo');
    await expectAccessiblePage(page);
    await context.close();
  });
});

/** The new password's page by the keyboard only: a weak password first (the rule named in English), then the right one. */
async function setPassword(page: Page): Promise<void> {
  const tabTo = (id: string): Promise<void> => tabToId(page, id);
  const choose = (id: string, value: string): Promise<void> => chooseByArrows(page, id, value, false);
  async function fill(weak: boolean): Promise<void> {
    if (!(await page.locator('#declarationAccepted').isChecked())) {
      await tabTo('declarationAccepted');
      await page.keyboard.press('Space');
    }
    await choose('q1', 'P1');
    await tabTo('a1');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Canela');
    await choose('q2', 'P3');
    await tabTo('a2');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Escuela Simón Bolívar de Maracaibo');
    await tabTo('password');
    await page.keyboard.type(weak ? 'corta' : 'ClaveNueva2026');
    await tabTo('passwordConfirmation');
    await page.keyboard.type(weak ? 'corta' : 'ClaveNueva2026');
    await page.keyboard.press('Enter');
  }
  await fill(true);
  await page.waitForSelector('.govuk-error-summary');
  expect(await page.locator('.govuk-error-summary').innerText()).toContain('The password must have at least 8 characters');
  await expectAccessiblePage(page);
  await fill(false);
  await page.waitForSelector('.govuk-panel');
}

/** Tab until the element with this id has the focus (keyboard only: no clicks). */
async function tabToId(page: Page, id: string): Promise<void> {
  for (let i = 0; i < 60; i += 1) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate('document.activeElement && document.activeElement.id')) === id) return;
  }
  throw new Error(`Tab never reached #${id} on ${new URL(page.url()).pathname}`);
}

/** A select, or a radio group from its first radio, chosen by the arrow keys. */
async function chooseByArrows(page: Page, firstId: string, value: string, isRadio: boolean): Promise<void> {
  const active = (): Promise<string> => page.evaluate('document.activeElement ? document.activeElement.value : ""') as Promise<string>;
  await tabToId(page, firstId);
  if (isRadio && (await active()) === value) return page.keyboard.press('Space');
  for (let i = 0; i < 15 && (await active()) !== value; i += 1) await page.keyboard.press('ArrowDown');
  expect(await active()).toBe(value);
}
