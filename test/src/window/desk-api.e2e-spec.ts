import { randomUUID } from 'node:crypto';
import type { Principal } from '@tramites/api';
import { ERROR_CODES, caseReference } from '@tramites/contracts';
import { toLocalDate } from '@tramites/domain';
import { TestRows } from '@tramites/testing/rows';
import { EMPLOYER_CEDULA, slotStartingSoon } from '@tramites/testing';
import { startApiHarness, type ApiHarness } from '@tramites/testing/api';

const OFFICER: Principal = { sub: 'officer-uio-1', role: 'case_manager', agencyId: 'UIO-NORTE' };
const COLLEAGUE: Principal = { sub: 'officer-uio-2', role: 'case_manager', agencyId: 'UIO-NORTE' };
const GYE_OFFICER: Principal = { sub: 'officer-gye-1', role: 'case_manager', agencyId: 'GYE-CENTRO' };
/** An agency of its own, whose read model the keyset tests fill directly. */
const KEYSET_OFFICER: Principal = { sub: 'officer-keyset', role: 'case_manager', agencyId: 'KEYSET-AG' };
const LEGAL: Principal = { sub: 'legal-pic-1', role: 'legal_unit', province: 'PICHINCHA' };
const LEGAL_GYE: Principal = { sub: 'legal-gye-1', role: 'legal_unit', province: 'GUAYAS' };
const ADMIN: Principal = { sub: 'admin-1', role: 'admin' };

type Item = {
  caseId: string;
  reference: string;
  status: string;
  deadlineAt: string | null;
  timeLeft: { urgency: string; label: string } | null;
  assignment: unknown;
};

/** The case manager's work queues, claims and the legal unit's poder page, through HTTP. */
describe('desk API: work queues, search, claims', () => {
  let h: ApiHarness;
  let walkInCase: string;
  let bookedCase: string;
  let bookedDay: string;
  const holderPassport = `PX${randomUUID().slice(0, 6).toUpperCase()}`;

  beforeAll(async () => {
    h = await startApiHarness('api_desk');
  });
  afterAll(async () => {
    await h?.close();
  });

  const auth = async (p: Principal): Promise<string> => `Bearer ${await h.token(p)}`;
  const get = async (p: Principal, path: string) =>
    h
      .http()
      .get(path)
      .set('Authorization', await auth(p));

  async function waitForStatus(caseId: string, status: string): Promise<Record<string, unknown>> {
    let view: Record<string, unknown> = {};
    for (let i = 0; i < 100 && view['status'] !== status; i += 1) {
      await new Promise((r) => setTimeout(r, 200));
      view = (await get(OFFICER, `/cases/${caseId}`)).body;
    }
    expect(view['status']).toBe(status);
    return view;
  }

  const ids = (items: Item[]): string[] => items.map((i) => i.caseId);

  describe('cases of the agency', () => {
    beforeAll(async () => {
      // 001 for a vulnerable worker, opened at the window by the officer: checked in at once; the employer files.
      const walkIn = await h
        .http()
        .post('/cases')
        .set('Authorization', await auth(OFFICER))
        .send({
          procedure: 'FOREIGNER_CODE_EMPLOYMENT',
          province: 'PICHINCHA',
          filerRole: 'employer',
          employerId: '1790016919001',
          booker: { email: 'empleador-desk@example.ec', mobile: '0991234567' },
          holder: {
            fullName: 'Ángela Sofía Quiñónez Ríos',
            nationality: 'COL',
            documentType: 'passport',
            documentNumber: holderPassport,
            birthDate: '1950-03-02',
          },
          walkIn: { agencyId: 'UIO-NORTE', vulnerableGroup: 'elderly', identityNumber: EMPLOYER_CEDULA },
        });
      expect(walkIn.status).toBe(201);
      walkInCase = walkIn.body.caseId as string;
      await waitForStatus(walkInCase, 'checked_in');

      // 000 booked online for a slot in a few minutes.
      const sub = `PD${randomUUID().slice(0, 7).toUpperCase()}`;
      const applicant: Principal = { sub, role: 'applicant' };
      const email = `${sub.toLowerCase()}@example.ec`;
      const opened = await h
        .http()
        .post('/cases')
        .set('Authorization', await auth(applicant))
        .send({
          procedure: 'FOREIGNER_CODE',
          province: 'PICHINCHA',
          filerRole: 'holder',
          booker: { email, mobile: '0991234567' },
          holder: { fullName: 'Pedro Pablo Marín Soto', nationality: 'VEN', documentType: 'passport', documentNumber: sub, birthDate: '1991-05-06' },
        });
      expect(opened.status).toBe(201);
      bookedCase = opened.body.caseId as string;
      const mail = await h.smtp.waitForMessage((x) => x.to.includes(email) && /verific/i.test(x.subject));
      const code = /\b(\d{6})\b/.exec(mail.text)?.[1] ?? '';
      await h
        .http()
        .post(`/cases/${bookedCase}/verification`)
        .set('Authorization', await auth(applicant))
        .send({ code })
        .expect(200);
      const slotId = await slotStartingSoon(h.db.dataSource, 'UIO-NORTE');
      const booked = await h
        .http()
        .post(`/cases/${bookedCase}/appointment`)
        .set('Authorization', await auth(applicant))
        .send({ slotId })
        .expect(200);
      bookedDay = toLocalDate(Date.parse(booked.body.appointment.startsAt as string));
      await waitForStatus(bookedCase, 'scheduled');
    });

    it('counts each queue of the agency, and lists the day’s appointments by hour and the checked-in cases with their time left', async () => {
      const counts = await get(OFFICER, `/desk/queues?date=${bookedDay}`);
      expect(counts.status).toBe(200);
      expect(counts.body.date).toBe(bookedDay);
      expect(counts.body.appointments.count).toBeGreaterThanOrEqual(1);
      expect(counts.body.checked_in.count).toBeGreaterThanOrEqual(1);
      for (const q of ['appointments', 'checked_in', 'awaiting_correction', 'stuck', 'possible_duplicate', 'overdue']) {
        expect(counts.body[q]).toEqual({ count: expect.any(Number), more: false });
      }

      const day = await get(OFFICER, `/desk/queues/appointments?date=${bookedDay}`);
      expect(day.status).toBe(200);
      expect(ids(day.body.items)).toContain(bookedCase);
      const times = (day.body.items as Array<{ appointmentAt: string }>).map((i) => i.appointmentAt);
      expect([...times].sort()).toEqual(times);

      const checkedIn = await get(OFFICER, '/desk/queues/checked_in');
      const item = (checkedIn.body.items as Item[]).find((i) => i.caseId === walkInCase);
      expect(item).toMatchObject({ reference: caseReference(walkInCase), status: 'checked_in', assignment: null });
      expect(item?.timeLeft).toMatchObject({ urgency: expect.stringMatching(/^(on_time|due_soon)$/), label: expect.stringMatching(/día|hábil/) });
      expect(ids(checkedIn.body.items)).not.toContain(bookedCase);

      // Another agency sees neither.
      const gye = await get(GYE_OFFICER, '/desk/queues/checked_in');
      expect(ids(gye.body.items)).not.toContain(walkInCase);
    });

    it('finds a case by its reference, the holder’s document number (not the filer’s), the filer’s number and a word of the holder’s name', async () => {
      for (const q of [caseReference(walkInCase), walkInCase, holderPassport.toLowerCase(), EMPLOYER_CEDULA, 'quiñonez', 'ANGELA SOFI']) {
        const res = await get(OFFICER, `/desk/queues/open?q=${encodeURIComponent(q)}`);
        expect(res.status).toBe(200);
        expect({ q, found: ids(res.body.items) }).toEqual({ q, found: [walkInCase] });
      }
      const none = await get(OFFICER, `/desk/queues/open?q=${encodeURIComponent('Zzyzx Nadie')}`);
      expect(none.body.items).toEqual([]);
      // Scope: the other agency's officer finds nothing by the same number.
      const gye = await get(GYE_OFFICER, `/desk/queues/open?q=${holderPassport}`);
      expect(gye.body.items).toEqual([]);
    });

    it('filters by procedure and status', async () => {
      const only001 = await get(OFFICER, '/desk/queues/open?procedure=FOREIGNER_CODE_EMPLOYMENT');
      expect(ids(only001.body.items)).toContain(walkInCase);
      expect(ids(only001.body.items)).not.toContain(bookedCase);
      const scheduled = await get(OFFICER, '/desk/queues/open?status=scheduled');
      expect(ids(scheduled.body.items)).toEqual(expect.arrayContaining([bookedCase]));
      expect(ids(scheduled.body.items)).not.toContain(walkInCase);
      const bad = await get(OFFICER, '/desk/queues/open?status=nada&procedure=X');
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['procedure', 'status']);
      const badQueue = await get(OFFICER, '/desk/queues/todos');
      expect(badQueue.status).toBe(400);
      expect(badQueue.body.error.fields).toEqual([expect.objectContaining({ field: 'queue' })]);
    });

    it('lets one officer claim a case; a colleague gets a 409 in Spanish naming who holds it, until it is released', async () => {
      const path = `/desk/cases/${walkInCase}/assignment`;
      const mine = await h
        .http()
        .post(path)
        .set('Authorization', await auth(OFFICER));
      expect(mine.status).toBe(200);
      expect(mine.body).toMatchObject({ officerId: OFFICER.sub, mine: true });
      const again = await h
        .http()
        .post(path)
        .set('Authorization', await auth(OFFICER));
      expect(again.status).toBe(200);
      expect(again.body.assignedAt).toBe(mine.body.assignedAt);

      const taken = await h
        .http()
        .post(path)
        .set('Authorization', await auth(COLLEAGUE));
      expect(taken.status).toBe(409);
      expect(taken.body.error).toMatchObject({ code: 'CASE.ASSIGNED_TO_OTHER', assignment: { officerId: OFFICER.sub } });
      // The holder by name (the directory's; this token carries none, so its id), since when, and what to do.
      expect(taken.body.error.message).toMatch(
        /^Este trámite está asignado a officer-uio-1 desde el .+: solo esa persona puede actuar en él\. Pídale que lo libere/,
      );
      const notHis = await h
        .http()
        .delete(path)
        .set('Authorization', await auth(COLLEAGUE));
      expect(notHis.status).toBe(409);

      const listed = await get(COLLEAGUE, `/desk/queues/open?q=${walkInCase}`);
      expect(listed.body.items[0].assignment).toMatchObject({ officerId: OFFICER.sub, mine: false });
      const desk = await get(OFFICER, `/desk/cases/${walkInCase}`);
      expect(desk.body).toMatchObject({ caseId: walkInCase, reference: caseReference(walkInCase), assignment: { officerId: OFFICER.sub, mine: true } });
      expect(desk.body.timeline.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['CASE_OPENED', 'CASE_CHECKED_IN']));
      expect(desk.body.timeline[0]).toMatchObject({ seq: 1, what: 'Trámite iniciado', actor: { id: OFFICER.sub, role: 'case_manager' } });

      await h
        .http()
        .delete(path)
        .set('Authorization', await auth(OFFICER))
        .expect(200);
      const now = await h
        .http()
        .post(path)
        .set('Authorization', await auth(COLLEAGUE));
      expect(now.status).toBe(200);
      expect(now.body).toMatchObject({ officerId: COLLEAGUE.sub, mine: true });

      // Two officers at once: exactly one holds it.
      await h
        .http()
        .delete(path)
        .set('Authorization', await auth(COLLEAGUE))
        .expect(200);
      const race = await Promise.all(
        [OFFICER, COLLEAGUE].map(async (p) =>
          h
            .http()
            .post(path)
            .set('Authorization', await auth(p)),
        ),
      );
      expect(race.map((r) => r.status).sort()).toEqual([200, 409]);

      const outside = await h
        .http()
        .post(path)
        .set('Authorization', await auth(GYE_OFFICER));
      expect(outside.status).toBe(403);
      expect(outside.body.error.code).toBe('AUTH.OUT_OF_SCOPE');
      const legal = await h
        .http()
        .post(path)
        .set('Authorization', await auth(LEGAL));
      expect(legal.status).toBe(403);
      expect(legal.body.error.code).toBe('AUTH.ROLE_NOT_ALLOWED');
      const unknown = await h
        .http()
        .post(`/desk/cases/${randomUUID()}/assignment`)
        .set('Authorization', await auth(OFFICER));
      expect(unknown.status).toBe(404);
    });

    it('refuses a holiday on a day with turnos booked (409 AGENCY.HOLIDAY_HAS_APPOINTMENTS), a holiday declared twice (409 AGENCY.HOLIDAY_EXISTS) and removing a day that is no holiday (404 AGENCY.HOLIDAY_NOT_FOUND)', async () => {
      const holidays = `/admin/agencies/UIO-NORTE/holidays`;
      const booked = await h
        .http()
        .post(holidays)
        .set('Authorization', await auth(ADMIN))
        .send({ day: bookedDay, name: 'Feriado de prueba' });
      expect(booked.status).toBe(409);
      expect(booked.body.error.code).toBe('AGENCY.HOLIDAY_HAS_APPOINTMENTS');
      expect(booked.body.error.message).toBe('Ese día hay 1 turno(s) reservado(s): reprográmelos antes de declarar el feriado.');
      expect((await get(ADMIN, holidays)).body.items.map((d: { day: string }) => d.day)).not.toContain(bookedDay);

      // A day of GYE-CENTRO far ahead, where no suite books: declared, declared again, removed, removed again.
      const gye = `/admin/agencies/GYE-CENTRO/holidays`;
      const day = '2099-12-24';
      const declared = await h
        .http()
        .post(gye)
        .set('Authorization', await auth(ADMIN))
        .send({ day, name: 'Nochebuena de prueba' });
      expect(declared.status).toBe(201);
      const twice = await h
        .http()
        .post(gye)
        .set('Authorization', await auth(ADMIN))
        .send({ day, name: 'Nochebuena de prueba' });
      expect(twice.status).toBe(409);
      expect(twice.body.error).toEqual({ code: 'AGENCY.HOLIDAY_EXISTS', message: ERROR_CODES['AGENCY.HOLIDAY_EXISTS'].message });
      const removed = await h
        .http()
        .delete(`${gye}/${day}`)
        .set('Authorization', await auth(ADMIN));
      expect(removed.status).toBe(204);
      const again = await h
        .http()
        .delete(`${gye}/${day}`)
        .set('Authorization', await auth(ADMIN));
      expect(again.status).toBe(404);
      expect(again.body.error).toEqual({ code: 'AGENCY.HOLIDAY_NOT_FOUND', message: ERROR_CODES['AGENCY.HOLIDAY_NOT_FOUND'].message });
    });

    it("refuses the officers' roles when the identity provider is the IESS's own (409 OFFICER.PROVIDER_EXTERNAL)", async () => {
      const listed = await get(ADMIN, '/admin/officers');
      expect(listed.status).toBe(409);
      expect(listed.body.error).toEqual({ code: 'OFFICER.PROVIDER_EXTERNAL', message: ERROR_CODES['OFFICER.PROVIDER_EXTERNAL'].message });
      const changed = await h
        .http()
        .put('/admin/officers/gestor.guayaquil/role')
        .set('Authorization', await auth(ADMIN))
        .send({ role: 'case_manager', agencyId: 'UIO-NORTE', province: 'PICHINCHA' });
      expect(changed.status).toBe(409);
      expect(changed.body.error.code).toBe('OFFICER.PROVIDER_EXTERNAL');
    });
  });

  describe('keyset pagination over the read model', () => {
    const seeded: Array<{ id: string; deadline: string | null; status: string; waitingOn: string }> = [];

    beforeAll(async () => {
      const base = Date.now();
      for (let i = 0; i < 11; i += 1) {
        // Two share a deadline (ties go by id), two have none (listed last), four are overdue.
        const deadline = i >= 9 ? null : new Date(base + (i - 4) * 3_600_000 + (i === 6 ? -3_600_000 : 0)).toISOString();
        seeded.push({ id: randomUUID(), deadline, status: 'stuck', waitingOn: 'institution' });
      }
      for (const s of seeded) {
        await new TestRows(h.db.dataSource).insertReadModelCase({
          id: s.id,
          procedure: 'FOREIGNER_CODE',
          status: s.status,
          agencyId: 'KEYSET-AG',
          applicantId: 'P0000001',
          deadline: s.deadline,
          waitingOn: s.waitingOn,
          holderName: 'Titular de prueba',
        });
      }
    });

    const expectedOrder = (): string[] =>
      [...seeded]
        .sort((a, b) =>
          a.deadline === b.deadline ? (a.id < b.id ? -1 : 1) : a.deadline === null ? 1 : b.deadline === null ? -1 : a.deadline < b.deadline ? -1 : 1,
        )
        .map((s) => s.id);

    async function walk(path: string): Promise<{ ids: string[]; pages: number }> {
      const all: string[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const res = await get(KEYSET_OFFICER, `${path}${path.includes('?') ? '&' : '?'}pageSize=3${after ? `&after=${after}` : ''}`);
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(3);
        all.push(...ids(res.body.items));
        after = res.body.next as string | null;
        pages += 1;
      } while (after && pages < 20);
      return { ids: all, pages };
    }

    it('walks a queue by deadline, ties by id, cases without a deadline last, each case once', async () => {
      const { ids: walked, pages } = await walk('/desk/queues/stuck');
      expect(walked).toEqual(expectedOrder());
      expect(pages).toBe(4);
      const open = await walk('/desk/queues/open');
      expect(open.ids).toEqual(expectedOrder());
    });

    it('serves the overdue queue from the same order, only deadlines already past', async () => {
      const now = Date.now();
      const overdue = await walk('/desk/queues/overdue');
      expect(overdue.ids).toEqual(
        expectedOrder().filter((id) => {
          const d = seeded.find((s) => s.id === id)?.deadline;
          return d !== null && d !== undefined && Date.parse(d) < now;
        }),
      );
      const counts = await get(KEYSET_OFFICER, '/desk/queues');
      expect(counts.body.stuck).toEqual({ count: 11, more: false });
      expect(counts.body.overdue.count).toBe(overdue.ids.length);
      const first = await get(KEYSET_OFFICER, '/desk/queues/overdue?pageSize=1');
      expect(first.body.items[0].timeLeft).toMatchObject({ urgency: 'overdue', label: expect.stringMatching(/^Vencido/) });
    });

    it('refuses a cursor it did not write, and a page over 100', async () => {
      const forged = Buffer.from(JSON.stringify(['not a date', 'x'])).toString('base64url');
      for (const after of [forged, 'abc!', 'A'.repeat(300)]) {
        const res = await get(KEYSET_OFFICER, `/desk/queues/stuck?after=${encodeURIComponent(after)}`);
        expect(res.status).toBe(400);
        expect(res.body.error.fields).toEqual([expect.objectContaining({ field: 'after' })]);
      }
      const big = await get(KEYSET_OFFICER, '/desk/queues/stuck?pageSize=101');
      expect(big.status).toBe(400);
    });
  });

  describe('the legal unit’s page of a poder', () => {
    const poderId = `1790016919001:0912345675:2026-17-01-P${randomUUID().slice(0, 6).toUpperCase()}`;
    const caseId = randomUUID();

    beforeAll(async () => {
      const rows = new TestRows(h.db.dataSource);
      await rows.insertReadModelCase({
        id: caseId,
        procedure: 'FOREIGNER_CODE_EMPLOYMENT',
        status: 'legal_review',
        agencyId: 'UIO-NORTE',
        applicantId: '0912345675',
        waitingOn: 'institution',
        holderName: 'Carlos Rivas',
      });
      await rows.insertPendingPoderReview({ poderId, caseId, attorneyName: 'Luis Alberto Mena Vera', employerId: '1790016919001' });
    });

    it('shows the poder, the case it came from, its deadline and reminder, and whether the caller may decide', async () => {
      const res = await get(LEGAL, `/legal/poderes/${encodeURIComponent(poderId)}/review`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        poderId,
        employerId: '1790016919001',
        attorneyId: '0912345675',
        attorneyName: 'Luis Alberto Mena Vera',
        deedNumber: poderId.split(':')[2],
        status: 'pending',
        case: { caseId, reference: caseReference(caseId), procedure: 'FOREIGNER_CODE_EMPLOYMENT', holderName: 'Carlos Rivas' },
        separationOfDuties: { mayDecide: true, reason: null },
        registry: null,
      });
      expect(Date.parse(res.body.reminderAt)).toBeGreaterThan(Date.parse(res.body.requestedAt));
      expect(Date.parse(res.body.reminderAt)).toBeLessThan(Date.parse(res.body.dueAt));

      const other = await get(LEGAL_GYE, `/legal/poderes/${encodeURIComponent(poderId)}/review`);
      expect(other.status).toBe(403);
      const officer = await get(OFFICER, `/legal/poderes/${encodeURIComponent(poderId)}/review`);
      expect(officer.status).toBe(403);
      const unknown = await get(LEGAL, `/legal/poderes/${encodeURIComponent('1790016919001:0912345675:NOPE')}/review`);
      expect(unknown.status).toBe(404);
      const bad = await get(LEGAL, `/legal/poderes/sin-formato/review`);
      expect(bad.status).toBe(400);
    });
  });
});
