import { randomUUID } from 'node:crypto';
import { caseWorkflowId } from '@tramites/contracts';
import { toLocalDate } from '@tramites/domain';
import { AgendaRepository } from '@tramites/persistence';
import { completeDocuments002, recordHistory, slotStartingSoon } from '@tramites/testing';
import { type ApiHarness, DeskCases } from '@tramites/testing/api';
import { TestRows } from '@tramites/testing/rows';
import { DESK_WIDTH, PHONE_WIDTH, scrollWidthOverflow, signedInAt, startOfficerWeb, type OfficerWeb } from '@tramites/testing/web';
import type { Page } from 'playwright-core';

const QUITO = { username: 'gestor.quito', password: 'Gestor-Quito-2026', sub: 'officer-uio-norte-1' };
const AUDITOR = { username: 'auditor', password: 'Auditor-2026' };
const GUAYAQUIL = { username: 'gestor.guayaquil', password: 'Gestor-Gye-2026', sub: 'officer-gye-centro-1' };

/**
 * Whoever comes to the desk without a turno, for every procedure filed in person (ADR 0030): the
 * officer books the online turno on the person's behalf with the booking's own rules. A 002 with a
 * seat free today lands on the case checked in, ready for the window; a 000 when today is full is
 * booked for the day the officer picks, its confirmation emailed; a person who already has a code
 * is refused 000 in words. The case names the officer who booked it. axe at a desk's width and 360 px.
 */
describe('turnos booked at the desk on the applicant’s behalf, in Chromium', () => {
  let w: OfficerWeb;
  let h: ApiHarness;
  let cases: DeskCases;

  beforeAll(async () => {
    w = await startOfficerWeb('desk_bookings');
    ({ h } = w);
    cases = new DeskCases(h);
  });
  afterAll(async () => {
    await w?.close();
  });

  const fitsItsWidth = async (page: Page): Promise<void> => expect(await scrollWidthOverflow(page)).toBeLessThanOrEqual(0);
  const tag = (): string => randomUUID().replace(/-/g, '').slice(0, 7).toUpperCase();

  /** The form as an officer fills it for a holder who files for herself (000 or 002), with no vulnerable group. */
  async function fillHolderFiles(
    page: Page,
    sheet: '000' | '002',
    person: { name: string; passport: string; email: string; birthDate?: string },
  ): Promise<void> {
    await page.getByRole('radio', { name: new RegExp(`^${sheet} · `) }).check();
    await page.getByRole('radio', { name: 'No pertenece a un grupo vulnerable' }).check();
    await page.getByRole('radio', { name: 'El titular' }).check();
    await page.getByLabel('Nombres y apellidos de quien presenta').fill(person.name);
    await page.getByLabel('Documento de identidad de quien presenta').selectOption('passport');
    await page.getByLabel('Número del documento de quien presenta').fill(person.passport);
    await page.getByLabel('Correo electrónico de quien presenta').fill(person.email);
    await page.getByLabel('Celular de quien presenta').fill('0991234567');
    await page.getByLabel('Nombres y apellidos completos del titular').fill(person.name);
    await page.getByLabel('Nacionalidad del titular').selectOption('VEN');
    await page.getByRole('radio', { name: 'Pasaporte' }).check();
    await page.getByLabel('Número del documento del titular').fill(person.passport);
    await page.getByLabel('Fecha de nacimiento del titular').fill(person.birthDate ?? '1988-02-20');
  }

  const onCasePage = async (page: Page): Promise<string> => {
    await page.waitForURL((u) => /^\/oficina\/escritorio\/tramites\/[0-9a-f-]{36}$/.test(u.pathname));
    return page.url().split('/').pop() ?? '';
  };

  it('002 at a desk with a seat free today: booked, checked in at once, the officer lands on the case ready for the window; the confirmation is emailed', async () => {
    await slotStartingSoon(h.db.dataSource, 'UIO-NORTE');
    const passport = `PA${tag()}`;
    const email = `${passport.toLowerCase()}@example.ec`;
    const { context, page } = await signedInAt(w, QUITO, '/oficina/escritorio/sin-turno', DESK_WIDTH);
    await w.axe(page);
    await fillHolderFiles(page, '002', { name: 'Rosa Elena Paredes Gil', passport, email });
    await page.getByRole('button', { name: 'Abrir el trámite' }).click();

    const caseId = await onCasePage(page);
    const main = await page.locator('main').innerText();
    expect(main).toContain('Turno de hoy reservado y llegada registrada');
    expect(main).toContain(`la confirmación se envió a ${email}`);
    expect(main).toContain('Llegó: revisar documentos');
    const facts = await page.locator('.app-identity-bar').innerText();
    expect(facts).toContain('002 · ');
    expect(facts).toContain(`Rosa Elena Paredes Gil, titular (pasaporte ${passport})`);
    expect(facts).toContain('Turno en línea reservado en ventanilla, por cuenta de la persona, por Ana Gestora Quito (UIO-NORTE)');
    expect(facts).not.toMatch(/officer-uio/);
    await w.axe(page);
    await fitsItsWidth(page);
    await page.setViewportSize(PHONE_WIDTH);
    await w.axe(page);
    await fitsItsWidth(page);
    await context.close();

    // The booking's own confirmation email, to the address the person gave.
    await h.smtp.waitForMessage((m) => m.to.includes(email) && /^Turno confirmado para el /.test(m.subject));
    // The log: verified and booked by the officer, then the arrival; no emailed code was asked.
    const events = (await new TestRows(h.db.dataSource).caseEvents(caseId)).map((e) => [e.type, e.actor_id]);
    expect(events).toEqual([
      ['CASE_OPENED', QUITO.sub],
      ['BOOKER_VERIFIED', QUITO.sub],
      ['APPOINTMENT_BOOKED', QUITO.sub],
      ['CASE_CHECKED_IN', QUITO.sub],
    ]);

    // Ready for the window: the documents are recorded and the case goes on to its certificate.
    const officer = { sub: QUITO.sub, role: 'case_manager' as const, agencyId: 'UIO-NORTE' };
    const { actor: _actor, ...recorded } = completeDocuments002({ id: QUITO.sub, role: 'case_manager' });
    await h
      .http()
      .post(`/cases/${caseId}/documents`)
      .set('Authorization', `Bearer ${await h.token(officer)}`)
      .send(recorded)
      .expect(200);
    await cases.waitForStatus(caseId, 'issued');
    // The auditor reads the desk's part in words: the agency that booked and verified, the officer by name.
    const audit = await signedInAt(w, AUDITOR, `/oficina/auditoria/tramites/${caseId}`, DESK_WIDTH);
    const trail = await audit.page.locator('main').innerText();
    expect(trail).toContain('Verificado en ventanilla de la agencia');
    expect(trail).toContain('Turno reservado en ventanilla');
    expect(trail).toContain('Ana Gestora Quito');
    expect(trail).not.toMatch(/atDesk|deskBooking|officer-uio/);
    await w.axe(audit.page);
    await audit.context.close();
    await recordHistory(h.env.client.workflow.getHandle(caseWorkflowId(caseId)), '002-booked-at-desk-issued');
  });

  it('000 when today is full: the page offers the next days with free seats, books the chosen one and says the date and that the confirmation was emailed', async () => {
    const agenda = new AgendaRepository(h.db.dataSource);
    const today = toLocalDate(Date.now());
    await agenda.availability('GYE-CENTRO', today);
    await new TestRows(h.db.dataSource).fillDay('GYE-CENTRO', today);
    const passport = `PB${tag()}`;
    const email = `${passport.toLowerCase()}@example.ec`;
    const { context, page } = await signedInAt(w, GUAYAQUIL, '/oficina/escritorio/sin-turno', PHONE_WIDTH);
    await fillHolderFiles(page, '000', { name: 'Joaquín Andrés Beltrán Ríos', passport, email });
    await page.getByRole('button', { name: 'Abrir el trámite' }).click();

    await page.waitForLoadState('load');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Hoy no quedan cupos en su agencia');
    // What was typed is kept.
    expect(await page.locator('#documentNumber').inputValue()).toBe(passport);
    expect(await page.getByRole('radio', { name: /^000 · / }).isChecked()).toBe(true);
    await w.axe(page);
    await fitsItsWidth(page);
    const firstDay = page.locator('input[name="day"]').first();
    const day = await firstDay.getAttribute('value');
    expect(day && day > today).toBe(true);
    await firstDay.check();
    await page.getByRole('button', { name: 'Abrir el trámite' }).click();

    const caseId = await onCasePage(page);
    const main = await page.locator('main').innerText();
    expect(main).toMatch(/Turno reservado para el \S+, \d+ de \S+ de \d{4} a las \d{2}:\d{2}/);
    expect(main).toContain(`La confirmación del turno se envió a ${email}`);
    expect(main).toContain('Turno en línea reservado en ventanilla, por cuenta de la persona, por Luis Gestor Guayaquil (GYE-CENTRO)');
    await w.axe(page);
    await fitsItsWidth(page);
    await page.setViewportSize(DESK_WIDTH);
    await w.axe(page);
    await context.close();

    const view = await cases.waitForStatus(caseId, 'scheduled');
    expect(toLocalDate(Date.parse(view.appointment?.startsAt ?? ''))).toBe(day);
    expect(view.appointment?.agencyId).toBe('GYE-CENTRO');
    await h.smtp.waitForMessage((m) => m.to.includes(email) && /^Turno confirmado para el /.test(m.subject));
  });

  it('through the API: a retry with the same key is the same case and the same seat; an applicant, or a day out of the agenda, is refused', async () => {
    await slotStartingSoon(h.db.dataSource, 'UIO-NORTE');
    const officer = { sub: QUITO.sub, role: 'case_manager' as const, agencyId: 'UIO-NORTE' };
    const passport = `PC${tag()}`;
    const body = {
      procedure: 'NON_AFFILIATION_CERTIFICATE',
      province: 'PICHINCHA',
      filerRole: 'holder',
      booker: { email: `${passport.toLowerCase()}@example.ec`, mobile: '0991234567' },
      holder: { fullName: 'Irene Beatriz Solís Mora', nationality: 'ARG', documentType: 'passport', documentNumber: passport, birthDate: '1979-08-30' },
      filer: { identityNumber: passport, identityType: 'passport', fullName: 'Irene Beatriz Solís Mora' },
    };
    const key = randomUUID();
    const send = async (token: string, extra: Record<string, unknown> = {}, idempotencyKey = key) =>
      h
        .http()
        .post('/desk/bookings')
        .set('Authorization', `Bearer ${token}`)
        .set('Idempotency-Key', idempotencyKey)
        .send({ ...body, ...extra });
    const first = await send(await h.token(officer));
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ created: true, checkedIn: true, appointment: { agencyId: 'UIO-NORTE' } });
    const again = await send(await h.token(officer));
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...first.body, created: false });

    const applicant = await send(await h.token({ sub: passport, role: 'applicant' }), {}, randomUUID());
    expect(applicant.status).toBe(403);
    expect(applicant.body.error.code).toBe('AUTH.ROLE_NOT_ALLOWED');
    const farAway = await send(await h.token(officer), { day: '2099-01-05' }, randomUUID());
    expect(farAway.status).toBe(400);
    expect(farAway.body.error.fields).toEqual([expect.objectContaining({ field: 'day' })]);
  });

  it('refuses 000 to a person who already has a code, in words, keeping what was typed', async () => {
    const name = 'Mariela Sofía Quintero Lara';
    const { passport } = await cases.issued000(name);
    const { context, page } = await signedInAt(w, QUITO, '/oficina/escritorio/sin-turno', DESK_WIDTH);
    await fillHolderFiles(page, '000', { name, passport, email: 'mariela.quintero@example.ec' });
    await page.getByRole('button', { name: 'Abrir el trámite' }).click();
    await page.waitForLoadState('load');
    const summary = await page.locator('.govuk-error-summary').innerText();
    // ELIGIBILITY.ALREADY_HAS_CODE in words: the person has a code (its last digits only) and how to get the document again.
    expect(summary).toContain('El titular ya tiene código de identificación para extranjero');
    expect(summary).not.toContain('ELIGIBILITY');
    expect(await page.locator('#fullName').inputValue()).toBe(name);
    expect(page.url()).toContain('/oficina/escritorio/sin-turno');
    await w.axe(page);
    await page.setViewportSize(PHONE_WIDTH);
    await w.axe(page);
    await fitsItsWidth(page);
    await context.close();
  });
});
