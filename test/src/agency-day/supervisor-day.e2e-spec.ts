import type { Principal } from '@tramites/api';
import { completeDocuments000 } from '@tramites/testing';
import { DeskCases, type ApiHarness } from '@tramites/testing/api';
import { startOfficerWeb, type OfficerWeb } from '@tramites/testing/web';
import type { Browser, BrowserContext, Page } from 'playwright-core';

const CARMEN = { username: 'supervisor.quito', password: 'Supervisor-Quito-2026' };
/** Ana, the demo case manager of UIO-NORTE, as the API knows her (her token carries her name, as the provider's do). */
const ANA: Principal = { sub: 'officer-uio-norte-1', role: 'case_manager', agencyId: 'UIO-NORTE', name: 'Ana Gestora Quito' };
const SUPERVISOR: Principal = { sub: 'supervisor-uio-norte-1', role: 'supervisor', agencyId: 'UIO-NORTE', name: 'Carmen Supervisora Quito' };
const DESK_WIDTH = { width: 1280, height: 900 };
const PHONE_WIDTH = { width: 360, height: 780 };

type Day = {
  date: string;
  turnos: { booked: number; arrived: number; attended: number; noShows: number; walkIns: number };
  arrivalToCall: { count: number; averageMinutes: number | null; medianMinutes: number | null; maxMinutes: number | null };
  callToDone: { count: number; averageMinutes: number | null; medianMinutes: number | null; maxMinutes: number | null };
  byHour: Array<{ hour: string; booked: number; arrived: number; attended: number }>;
  deadlines: { dueSoon: number; overdue: number; more: boolean };
  officers: Array<{ name: string; open: number; attended: number }>;
};

/**
 * The supervisor's view of the agency's day (ADR 0022, amended), on a day seeded through the API:
 * five turnos (one attended after its call, one called and absent, one waiting, one not arrived,
 * one cancelled). The charts, the tables beside them and the CSV say the same numbers as the
 * seeded day; axe, at a desk's width and at 360 px.
 */
describe('the supervisor’s day in Chromium', () => {
  let w: OfficerWeb;
  let h: ApiHarness;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let day: Day;

  const as = async (p: Principal) => `Bearer ${await h.token(p)}`;
  const post = async (p: Principal, path: string, body?: object) => {
    const r = await h
      .http()
      .post(path)
      .set('Authorization', await as(p))
      .send(body ?? {});
    if (r.status >= 300) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r;
  };

  beforeAll(async () => {
    w = await startOfficerWeb('supervisor_day');
    ({ h, browser } = w);
    const cases = new DeskCases(h);
    const attended = (await cases.booked000('Gabriela Paz Ordóñez Luna')).caseId;
    const absent = (await cases.booked000('Martín José Rivera Ponce')).caseId;
    const waiting = (await cases.booked000('Camila Inés Salazar Ruiz')).caseId;
    await cases.booked000('Diego Andrés Muñoz Toledo');
    const cancelled = (await cases.booked000('Paula Andrea Castro Mena')).caseId;

    for (const id of [attended, absent, waiting]) await post(ANA, `/cases/${id}/check-in`);
    await post(ANA, `/desk/calling/${attended}/call`, { windowNumber: '1' });
    await post(ANA, `/desk/calling/${absent}/call`, { windowNumber: '2' });
    await post(ANA, `/desk/calling/${absent}/no-show`);
    const { documents, sutRecord } = completeDocuments000({ id: ANA.sub, role: 'case_manager', agencyId: 'UIO-NORTE' });
    await post(ANA, `/cases/${attended}/documents`, { documents, sutRecord });
    await post(ANA, `/desk/cases/${waiting}/assignment`);
    await post(ANA, `/cases/${cancelled}/cancellation`, { reason: 'La persona ya no necesita el código' });
    await cases.waitForStatus(cancelled, 'cancelled');

    const r = await h
      .http()
      .get('/supervision/day')
      .set('Authorization', await as(SUPERVISOR));
    expect(r.status).toBe(200);
    day = r.body as Day;
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await w?.close();
  });

  async function signedIn(path: string, viewport = DESK_WIDTH): Promise<Page> {
    const context = await browser.newContext({ locale: 'es-EC', viewport, acceptDownloads: true });
    contexts.push(context);
    const page = await w.signIn(context, CARMEN.username, CARMEN.password, path);
    await page.waitForURL((u) => u.pathname === path.split('?')[0]);
    return page;
  }

  /** The rows of the table with `caption`, as text cells (header cell first). */
  async function table(page: Page, caption: string): Promise<string[][]> {
    const rows = page.locator('table', { has: page.locator('caption', { hasText: caption }) }).locator('tbody tr');
    const out: string[][] = [];
    for (let i = 0; i < (await rows.count()); i += 1) out.push((await rows.nth(i).locator('th, td').allTextContents()).map((c) => c.trim()));
    return out;
  }

  it('the API counts the seeded day: 4 booked, 3 arrived, 1 attended, 1 absent; the waits that were recorded, and Ana’s cases', () => {
    expect(day.turnos).toEqual({ booked: 4, arrived: 3, attended: 1, noShows: 1, walkIns: 0 });
    expect(day.arrivalToCall.count).toBe(2);
    expect(day.arrivalToCall.averageMinutes).not.toBeNull();
    expect(day.callToDone.count).toBe(1);
    expect(day.byHour.reduce((n, x) => n + x.booked, 0)).toBe(4);
    expect(day.officers).toEqual([expect.objectContaining({ name: 'Ana Gestora Quito', open: 1, attended: 1 })]);
  });

  it('draws each chart (title and description) beside a table of the same numbers; axe; the CSV holds them too', async () => {
    const page = await signedIn('/oficina/supervision/dia');
    await w.axe(page);
    for (const id of ['grafico-turnos', 'grafico-horas', 'grafico-esperas', 'grafico-plazos', 'grafico-funcionarios']) {
      const svg = page.locator(`svg[aria-labelledby="${id}-title ${id}-desc"]`);
      expect(await svg.getAttribute('role')).toBe('img');
      expect(((await svg.locator('title').textContent()) ?? '').length).toBeGreaterThan(0);
      expect(((await svg.locator('desc').textContent()) ?? '').length).toBeGreaterThan(0);
    }
    expect(await page.locator('#grafico-turnos-desc').textContent()).toBe('Reservados 4, llegaron 3, atendidos 1, no se presentaron 1, sin turno 0.');
    expect(await table(page, 'Turnos del día')).toEqual([
      ['Reservados', '4'],
      ['Llegaron', '3'],
      ['Atendidos', '1'],
      ['No se presentaron', '1'],
      ['Sin turno (grupos vulnerables)', '0'],
    ]);
    // Every bar writes its number: the chart says what the table says.
    const bars = await page.locator('svg[aria-labelledby^="grafico-turnos"] text.app-chart__value').allTextContents();
    expect(bars).toEqual(['4', '3', '1', '1', '0']);
    const waits = await table(page, 'Tiempos en minutos');
    expect(waits.map((r) => r.slice(0, 2))).toEqual([
      ['Llegada → llamado', '2'],
      ['Llamado → decisión', '1'],
    ]);
    expect(waits.flat().join(' ')).not.toContain('sin datos');
    expect(await table(page, 'Por funcionario')).toEqual([['Ana Gestora Quito', '1', '1']]);
    expect(await table(page, 'Trámites abiertos de la agencia, ahora')).toEqual([
      ['Por vencer (menos de 2 días hábiles)', String(day.deadlines.dueSoon)],
      ['Vencidos', String(day.deadlines.overdue)],
    ]);
    const hours = await table(page, 'Turnos por hora');
    expect(hours).toEqual(day.byHour.map((x) => [x.hour, String(x.booked), String(x.arrived), String(x.attended)]));

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Descargar los números del día (CSV)' }).click();
    const csvPath = await (await download).path();
    const csv = (await import('node:fs')).readFileSync(csvPath, 'utf8').replace(/^\uFEFF/, '');
    const rows = csv.trim().split('\r\n');
    expect(rows[0]).toBe('agencia,fecha,seccion,indicador,valor');
    for (const line of [
      `UIO-NORTE,${day.date},Turnos,Reservados,4`,
      `UIO-NORTE,${day.date},Turnos,Llegaron,3`,
      `UIO-NORTE,${day.date},Turnos,Atendidos,1`,
      `UIO-NORTE,${day.date},Turnos,No se presentaron,1`,
      `UIO-NORTE,${day.date},Espera: llegada a llamado,Turnos con dato,2`,
      `UIO-NORTE,${day.date},Atención: llamado a decisión,Turnos con dato,1`,
      `UIO-NORTE,${day.date},Funcionario: Ana Gestora Quito,Trámites abiertos asignados,1`,
      `UIO-NORTE,${day.date},Plazos en riesgo,Vencidos,${day.deadlines.overdue}`,
    ])
      expect(rows).toContain(line);
  });

  it('fits 360 px with the keyboard: another day says "sin datos" for its waits, a bad date names the field', async () => {
    const page = await signedIn('/oficina/supervision/dia', PHONE_WIDTH);
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await page.getByLabel('Día', { exact: true }).focus();
    await page.keyboard.type('01012026');
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.searchParams.get('fecha') === '2026-01-01');
    expect(await table(page, 'Turnos del día')).toEqual([
      ['Reservados', '0'],
      ['Llegaron', '0'],
      ['Atendidos', '0'],
      ['No se presentaron', '0'],
      ['Sin turno (grupos vulnerables)', '0'],
    ]);
    expect((await table(page, 'Tiempos en minutos')).map((r) => r.slice(1))).toEqual([
      ['0', 'sin datos', 'sin datos', 'sin datos'],
      ['0', 'sin datos', 'sin datos', 'sin datos'],
    ]);
    await w.axe(page);

    await page.goto(`${w.webUrl}/oficina/supervision/dia?fecha=ayer`);
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('La fecha debe tener la forma AAAA-MM-DD');
    expect(await page.getByLabel('Día', { exact: true }).count()).toBe(1);
    await w.axe(page);
  });
});
