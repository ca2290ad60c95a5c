import type { Principal } from '@tramites/api';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type ApiHarness, DeskCases } from '@tramites/testing/api';
import { startOfficerWeb, type OfficerWeb, backdateAccessToken, backdateAuthTime } from '@tramites/testing/web';

const MANAGER = { username: 'gestor.quito', password: 'Gestor-Quito-2026' };
const LEGAL = { username: 'juridico.pichincha', password: 'Juridico-Pich-2026' };
const ADMIN = { username: 'admin', password: 'Admin-2026' };
const auditor: Principal = { sub: 'auditor-1', role: 'auditor' };
/** Longer ago than the API's step-up window (apps/api/src/auth/step-up.ts, 5 minutes). */
const SIGNED_IN_LONG_AGO = 10 * 60;

/**
 * The API's step-up (ADR 0021) as the officers meet it in Debian's Chromium: a poder decision,
 * a duplicate decision and a role change refused by the API with AUTH.REAUTHENTICATION_REQUIRED
 * send the officer to the provider to type their password again, and bring them back to the
 * same form as they had filled it in; the second try is accepted.
 *
 * Every setting is production's (the API's 5 minutes included). A test cannot wait 5 minutes, so
 * the officer's sign-in is made old instead: their web session's access token is replaced by one
 * the embedded provider's key signs for the same officer with an `auth_time` 10 minutes ago (what
 * the provider hands out when it reuses an older sign-in), and the session's own `authTime` with it.
 */
describe('the API asks officers to confirm their identity before a decision (step-up)', () => {
  let w: OfficerWeb;
  let h: ApiHarness;
  let browser: Browser;
  let cases: DeskCases;

  beforeAll(async () => {
    w = await startOfficerWeb('step_up_journeys');
    ({ h, browser } = w);
    cases = new DeskCases(h);
  });
  afterAll(async () => {
    await w?.close();
  });

  async function signedIn(who: { username: string; password: string }, path: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: 'es-EC' });
    const page = await w.signIn(context, who.username, who.password, path);
    await page.waitForURL((u) => u.pathname === path);
    return { context, page };
  }

  const sessionIdOf = async (context: BrowserContext): Promise<string> =>
    (await context.cookies(`${w.webUrl}/oficina`)).find((c) => c.name === 'tramites_oficina')?.value ?? '';

  /** The officer signed in at the provider `SIGNED_IN_LONG_AGO`: the access token says so, and (unless `tokenOnly`) the web session too. */
  async function signInGrowsOld(context: BrowserContext, tokenOnly = false): Promise<void> {
    const sessionId = await sessionIdOf(context);
    await backdateAccessToken(h.db.dataSource, sessionId, SIGNED_IN_LONG_AGO, w.provider);
    if (!tokenOnly) await backdateAuthTime(h.db.dataSource, sessionId, SIGNED_IN_LONG_AGO);
  }

  /** The provider's page asks for the password again (prompt=login); typed, the browser comes back to `path?confirmar=1`. */
  async function confirmIdentity(page: Page, who: { username: string; password: string }, path: string): Promise<void> {
    // Not a form error on the same page: the provider's own page (a short wait, so that a refusal shown instead fails fast).
    await page.waitForURL((u) => u.pathname.startsWith('/interaccion/'), { timeout: 10_000 });
    expect(await page.locator('h1').innerText()).toBe('Confirme su identidad');
    await page.getByLabel('Usuario').fill(who.username);
    await page.getByLabel('Contraseña').fill(who.password);
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.waitForURL((u) => u.pathname === path && u.searchParams.get('confirmar') === '1');
    expect(await page.getByText('Confirmó su identidad.').count()).toBe(1);
  }

  it('a duplicate decision: refused by the API for an old sign-in, the officer confirms at the provider, finds the form as typed, and the decision is taken', async () => {
    const person = { fullName: 'Rosa Elena Paz Quiroga', nationality: 'PER', birthDate: '1988-02-14' };
    const { caseId, code } = await cases.possibleDuplicate(person);
    const path = `/oficina/escritorio/tramites/${caseId}`;
    const { context, page } = await signedIn(MANAGER, path);
    await signInGrowsOld(context);

    const reason = 'Mismo pasaporte anterior, misma fotografía';
    await page.getByLabel('Es la misma persona: se le entrega su código').check();
    await page.getByLabel('Motivo de la decisión').fill(reason);
    await page.getByRole('button', { name: 'Registrar la decisión' }).click();
    await confirmIdentity(page, MANAGER, path);
    // Nothing was decided before the password was typed again.
    expect((await cases.waitForStatus(caseId, 'possible_duplicate', auditor)).status).toBe('possible_duplicate');
    expect(await page.getByLabel('Motivo de la decisión').inputValue()).toBe(reason);
    expect(await page.getByLabel('Es la misma persona: se le entrega su código').isChecked()).toBe(true);
    await w.axe(page);

    await page.getByRole('button', { name: 'Registrar la decisión' }).click();
    expect(await page.getByRole('heading', { name: 'Decisión registrada' }).count()).toBe(1);
    expect((await cases.waitForStatus(caseId, 'issued', auditor)).result?.code).toBe(code);
    await context.close();
  });

  it('a role change: refused by the API for an old sign-in, the administrator confirms at the provider, finds the role as chosen, and it is saved', async () => {
    const path = '/oficina/admin/funcionarios';
    const { context, page } = await signedIn(ADMIN, path);
    await signInGrowsOld(context);

    await page.getByLabel('Rol de gestor.guayaquil').selectOption('legal_unit');
    // Agency and province are chosen from the catalogue's lists: a legal unit's officer has no agency.
    await page.getByLabel('Agencia de gestor.guayaquil').selectOption({ label: 'Ninguna (no es gestor ni supervisor)' });
    expect(await page.getByLabel('Provincia de gestor.guayaquil').inputValue()).toBe('GUAYAS');
    await page.getByRole('button', { name: 'Guardar el rol de gestor.guayaquil' }).click();
    await confirmIdentity(page, ADMIN, path);
    const roleOf = async (): Promise<unknown> =>
      (await h.db.dataSource.query(`SELECT role, agency_id, province FROM dev_officers WHERE username = 'gestor.guayaquil'`))[0];
    expect(await roleOf()).toEqual({ role: 'case_manager', agency_id: 'GYE-CENTRO', province: 'GUAYAS' });
    expect(await page.getByLabel('Rol de gestor.guayaquil').inputValue()).toBe('legal_unit');
    expect(await page.getByLabel('Agencia de gestor.guayaquil').inputValue()).toBe('');
    expect(await page.getByLabel('Provincia de gestor.guayaquil').inputValue()).toBe('GUAYAS');
    await w.axe(page);

    await page.getByRole('button', { name: 'Guardar el rol de gestor.guayaquil' }).click();
    await page.waitForURL((u) => u.searchParams.get('aviso') === 'rol');
    expect(await roleOf()).toEqual({ role: 'legal_unit', agency_id: null, province: 'GUAYAS' });
    await context.close();
  });

  it('a poder endorsement: the page finds the sign-in recent but the API does not (its clock is the one that counts); the officer confirms and endorses with the note as typed', async () => {
    const { caseId, poderId } = await cases.poderInReview();
    const path = `/oficina/juridico/poderes/${encodeURIComponent(poderId)}`;
    const { context, page } = await signedIn(LEGAL, path);
    // Only the access token is old: the web's own check (the session's authTime) lets the decision through to the API.
    await signInGrowsOld(context, true);

    const note = 'Escritura revisada: faculta a solicitar el código.';
    await page.getByLabel('Observación (opcional)').fill(note);
    await page.getByRole('button', { name: 'Sumillar el poder' }).click();
    await confirmIdentity(page, LEGAL, path);
    expect(await page.getByLabel('Observación (opcional)').inputValue()).toBe(note);
    await w.axe(page);

    await page.getByRole('button', { name: 'Sumillar el poder' }).click();
    expect(await page.getByRole('heading', { name: 'Poder sumillado' }).count()).toBe(1);
    await cases.waitForStatus(caseId, 'issued', auditor);
    await context.close();
  });
});
