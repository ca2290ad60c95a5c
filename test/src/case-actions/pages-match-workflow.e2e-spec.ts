import { randomUUID } from 'node:crypto';
import type { Principal } from '@tramites/api';
import { CASE_ACTIONS, IN_PERSON_RULES, type CaseAction, type CaseView, type InPersonAction } from '@tramites/contracts';
import { completeDocuments000, observedDocuments000, slotStartingLater, slotStartingSoon } from '@tramites/testing';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { type ApiHarness, DeskCases } from '@tramites/testing/api';
import { startOfficerWeb, type OfficerWeb } from '@tramites/testing/web';

/** gestor.quito of the embedded provider, and the same officer as the API sees them. */
const MANAGER_SIGN_IN = { username: 'gestor.quito', password: 'Gestor-Quito-2026' };
const MANAGER: Principal = { sub: 'officer-uio-norte-1', role: 'case_manager', agencyId: 'UIO-NORTE' };
const ELSEWHERE: Principal = { sub: 'officer-gye-centro-1', role: 'case_manager', agencyId: 'GYE-CENTRO' };
const LEGAL: Principal = { sub: 'legal-pichincha-1', role: 'legal_unit', province: 'PICHINCHA' };
const AUDITOR: Principal = { sub: 'auditor-1', role: 'auditor' };
const ADMIN: Principal = { sub: 'admin-1', role: 'admin' };
const STRANGER: Principal = { sub: 'XY9876543', role: 'applicant' };

const IN_PERSON_ACTIONS = Object.keys(IN_PERSON_RULES.actions) as InPersonAction[];

/** The control the desk's case page draws for each action a case manager may take. */
const DESK_CONTROLS: Record<InPersonAction, ((page: Page) => Locator) | undefined> = {
  check_in: (p) => p.getByRole('button', { name: 'Registrar llegada' }),
  record_documents: (p) => p.getByRole('link', { name: 'Revisar documentos en ventanilla' }),
  retry_stuck: (p) => p.getByRole('button', { name: 'Reintentar el paso detenido' }),
  resend_issued_document: (p) => p.getByRole('button', { name: 'Reenviar el documento emitido al correo' }),
  resolve_duplicate: (p) => p.getByRole('button', { name: 'Registrar la decisión' }),
  reschedule: (p) => p.getByRole('link', { name: 'Cambiar el turno' }),
  cancel: (p) => p.getByRole('button', { name: 'Cancelar el trámite' }),
  call_turno: (p) => p.getByRole('button', { name: 'Llamar a la ventanilla' }),
  mark_no_show: (p) => p.getByRole('button', { name: 'No se presentó' }),
  // The applicant's own steps: the desk has no control for them.
  verify_code: undefined,
  resend_code: undefined,
  book: undefined,
};

/**
 * One table of case actions (ADR 0026): the actions the API lists for a caller are exactly the
 * actions the workflow accepts from them, per status and role, and the desk's case page in
 * Chromium draws exactly those. A turno of another day lists no check-in, and the desk draws no
 * "Registrar llegada" for it (the click was refused with APPOINTMENT.NOT_TODAY).
 */
describe('the actions a page offers are the actions the case accepts', () => {
  let w: OfficerWeb;
  let h: ApiHarness;
  let cases: DeskCases;
  let context: BrowserContext;
  let page: Page;
  /** Every action the API listed to someone and the workflow then accepted from them. */
  const acceptedAfterListed = new Set<CaseAction>();

  beforeAll(async () => {
    w = await startOfficerWeb('case_actions');
    h = w.h;
    cases = new DeskCases(h);
    context = await w.browser.newContext({ locale: 'es-EC' });
    page = await w.signIn(context, MANAGER_SIGN_IN.username, MANAGER_SIGN_IN.password, '/oficina/escritorio');
  });
  afterAll(async () => {
    await context?.close();
    await w?.close();
  });

  const bearer = async (p: Principal): Promise<string> => `Bearer ${await h.token(p)}`;

  /** Sends `action` to the case as `who`, with a body the API's validation takes (a refusal is the case's, never the input's). */
  async function send(caseId: string, action: InPersonAction, who: Principal, slotId?: string): Promise<{ status: number; code?: string; body: unknown }> {
    const auth = await bearer(who);
    const http = h.http();
    const actor = { id: who.sub, role: who.role };
    const req = {
      verify_code: () => http.post(`/cases/${caseId}/verification`).send({ code: '000000' }),
      resend_code: () => http.post(`/cases/${caseId}/verification/resend`),
      book: () => http.post(`/cases/${caseId}/appointment`).send({ slotId: slotId ?? randomUUID() }),
      reschedule: () => http.put(`/cases/${caseId}/appointment`).send({ slotId: slotId ?? randomUUID() }),
      cancel: () => http.post(`/cases/${caseId}/cancellation`).send({ reason: 'No puedo asistir ese día' }),
      check_in: () => http.post(`/cases/${caseId}/check-in`),
      record_documents: () => {
        const { documents, sutRecord } = completeDocuments000(actor);
        return http.post(`/cases/${caseId}/documents`).send({ documents, sutRecord });
      },
      retry_stuck: () => http.post(`/cases/${caseId}/retry`),
      resolve_duplicate: () => http.post(`/cases/${caseId}/duplicate-review`).send({ decision: 'different_person', reason: 'Es otra persona' }),
      resend_issued_document: () => http.post(`/cases/${caseId}/issued-document/resend`).set('Idempotency-Key', randomUUID()),
      call_turno: () => http.post(`/desk/calling/${caseId}/call`).send({ windowNumber: '1' }),
      mark_no_show: () => http.post(`/desk/calling/${caseId}/no-show`),
    }[action]();
    const res = await req.set('Authorization', auth);
    return { status: res.status, code: (res.body as { error?: { code?: string } })?.error?.code, body: res.body };
  }

  /** What the API lists for `who` on the case now (nothing when `who` may not see it). */
  async function listed(caseId: string, who: Principal): Promise<CaseAction[]> {
    const res = await h
      .http()
      .get(`/cases/${caseId}`)
      .set('Authorization', await bearer(who));
    if (res.status === 403) return [];
    expect(res.status).toBe(200);
    const actions = (res.body as { availableActions: CaseAction[] }).availableActions;
    expect(actions.every((a) => (CASE_ACTIONS as readonly string[]).includes(a))).toBe(true);
    return actions;
  }

  /**
   * At the case's present status: for every role, what the API lists is `expected[role]` (none
   * when absent), every action it does not list is refused by the API or the workflow (with a
   * refusal code, never a validation error) and the case does not move; the desk's page draws
   * exactly the case manager's list.
   */
  async function parity(caseId: string, owner: Principal, status: string, expected: { owner?: CaseAction[]; manager?: CaseAction[] }): Promise<void> {
    const roles: Array<[string, Principal, CaseAction[]]> = [
      ['owner', owner, expected.owner ?? []],
      ['manager', MANAGER, expected.manager ?? []],
      ['another agency', ELSEWHERE, []],
      ['another applicant', STRANGER, []],
      ['legal unit', LEGAL, []],
      ['auditor', AUDITOR, []],
      ['administrator', ADMIN, []],
    ];
    for (const [role, who, wanted] of roles) {
      const list = await listed(caseId, who);
      expect({ status, role, list }).toEqual({ status, role, list: wanted });
      for (const action of IN_PERSON_ACTIONS.filter((a) => !list.includes(a))) {
        const r = await send(caseId, action, who);
        expect({ status, role, action, refused: r.status >= 400 && r.status < 500 && !/^VALIDATION\./.test(r.code ?? '') }).toEqual({
          status,
          role,
          action,
          refused: true,
        });
      }
    }
    const view = await cases.waitForStatus(caseId, status);
    expect(view.status).toBe(status);
    await deskDraws(caseId, (await listed(caseId, MANAGER)) as InPersonAction[]);
  }

  /** The desk's case page draws a control for exactly the listed actions (none when the case is not the officer's). */
  async function deskDraws(caseId: string, actions: InPersonAction[]): Promise<void> {
    await page.goto(`${w.webUrl}/oficina/escritorio/tramites/${caseId}`);
    const drawn: InPersonAction[] = [];
    for (const action of IN_PERSON_ACTIONS) {
      const control = DESK_CONTROLS[action];
      if (control && (await control(page).count()) > 0) drawn.push(action);
    }
    expect({ caseId, drawn: drawn.sort() }).toEqual({ caseId, drawn: [...actions].sort() });
    // A case of the officer's agency with nothing to do says so in words.
    if (actions.length === 0 && (await page.getByRole('heading', { name: 'Acciones', exact: true }).count()) > 0) {
      expect(await page.getByText('En este estado el trámite no tiene acciones en ventanilla.').count()).toBe(1);
    }
  }

  /** Takes a listed action and expects the workflow to accept it. */
  async function accepted(caseId: string, action: InPersonAction, who: Principal, slotId?: string): Promise<CaseView> {
    expect(await listed(caseId, who)).toContain(action);
    const r = await send(caseId, action, who, slotId);
    expect({ action, status: r.status, code: r.code }).toEqual({ action, status: action === 'resend_issued_document' ? 202 : 200, code: undefined });
    acceptedAfterListed.add(action);
    return r.body as CaseView;
  }

  /** A 000 opened online by its holder: awaiting the emailed code. */
  async function opened(): Promise<{ caseId: string; owner: Principal; email: string }> {
    const passport = `AB${randomUUID().replace(/-/g, '').slice(0, 7).toUpperCase()}`;
    const owner: Principal = { sub: passport, role: 'applicant' };
    const email = `${passport.toLowerCase()}@example.ec`;
    const res = await h
      .http()
      .post('/cases')
      .set('Authorization', await bearer(owner))
      .send({
        procedure: 'FOREIGNER_CODE',
        province: 'PICHINCHA',
        filerRole: 'holder',
        booker: { email, mobile: '0991234567' },
        holder: { fullName: 'Lucía Fernanda Paredes Ríos', nationality: 'VEN', documentType: 'passport', documentNumber: passport, birthDate: '1990-05-14' },
      })
      .expect(201);
    return { caseId: res.body.caseId as string, owner, email };
  }

  it('in person, through every status a case manager and its applicant meet: listed ⇔ accepted, and the desk draws the list', async () => {
    const { caseId, owner, email } = await opened();
    await parity(caseId, owner, 'awaiting_verification', { owner: ['verify_code', 'resend_code', 'cancel'] });
    await accepted(caseId, 'verify_code', owner);
    const mail = await h.smtp.waitForMessage((x) => x.to.includes(email) && /verific/i.test(x.subject));
    const code = /\b(\d{6})\b/.exec(mail.text)?.[1] ?? '';
    await h
      .http()
      .post(`/cases/${caseId}/verification`)
      .set('Authorization', await bearer(owner))
      .send({ code })
      .expect(200);

    await parity(caseId, owner, 'awaiting_booking', { owner: ['book', 'cancel'] });
    // A turno two days ahead: another day in Guayaquil.
    const later = await slotStartingLater(h.db.dataSource, 'UIO-NORTE', 2, 2 * 24 * 60);
    await accepted(caseId, 'book', owner, later);

    // The drift this table ends: no check-in for a turno of another day, and no "Registrar llegada".
    await parity(caseId, owner, 'scheduled', { owner: ['reschedule', 'cancel'], manager: ['reschedule', 'cancel'] });
    expect((await send(caseId, 'check_in', MANAGER)).code).toBe('APPOINTMENT.NOT_TODAY');
    await accepted(caseId, 'reschedule', MANAGER, await slotStartingSoon(h.db.dataSource, 'UIO-NORTE'));

    // The turno is today: the case manager may check the applicant in.
    await parity(caseId, owner, 'scheduled', { owner: ['reschedule', 'cancel'], manager: ['reschedule', 'cancel', 'check_in'] });
    await accepted(caseId, 'reschedule', owner, await slotStartingSoon(h.db.dataSource, 'UIO-NORTE', 2, 30));
    await accepted(caseId, 'check_in', MANAGER);

    await parity(caseId, owner, 'checked_in', { manager: ['record_documents', 'call_turno', 'mark_no_show'] });
    const observed = observedDocuments000({ id: MANAGER.sub, role: 'case_manager' });
    await h
      .http()
      .post(`/cases/${caseId}/documents`)
      .set('Authorization', await bearer(MANAGER))
      .send({ documents: observed.documents, sutRecord: observed.sutRecord })
      .expect(200);

    await parity(caseId, owner, 'awaiting_correction', { manager: ['record_documents'] });
    await accepted(caseId, 'record_documents', MANAGER);
    await cases.waitForStatus(caseId, 'issued');

    await parity(caseId, owner, 'issued', { manager: ['resend_issued_document'] });
    await accepted(caseId, 'resend_issued_document', MANAGER);
  });

  it('a case cancelled by its applicant before booking, and one by the desk on the day: nothing is listed or accepted after', async () => {
    const first = await opened();
    await accepted(first.caseId, 'resend_code', first.owner);
    await accepted(first.caseId, 'cancel', first.owner);
    await parity(first.caseId, first.owner, 'cancelled', {});

    const { caseId, passport } = await cases.booked000('Andrés Felipe Mora Castillo');
    await accepted(caseId, 'cancel', MANAGER);
    await parity(caseId, { sub: passport, role: 'applicant' }, 'cancelled', {});
  });

  it('every action the API listed in these journeys was accepted by the workflow at least once', () => {
    expect([...acceptedAfterListed].sort()).toEqual(
      ['book', 'cancel', 'check_in', 'record_documents', 'resend_code', 'resend_issued_document', 'reschedule', 'verify_code'].sort(),
    );
  });
});
