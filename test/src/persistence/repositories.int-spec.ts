import { randomUUID } from 'node:crypto';
import { caseReference, type CaseEventInput, type PoderView, type PowerOfAttorneyData } from '@tramites/contracts';
import { generateForeignerCode } from '@tramites/domain';
import {
  AgendaError,
  CaseReadModelRepository,
  CaseStartRequestsRepository,
  CredentialsRepository,
  EventLogRepository,
  ForeignerCodeRepository,
  PoderRepository,
  TransparencyRepository,
  UploadsRepository,
  VerificationCodesRepository,
  ensureDatabase,
  pingDatabase,
  type CodeHolder,
  type KeysetCursor,
  LIST_COUNT_CAP,
} from '@tramites/persistence';
import { TestRows } from '@tramites/testing/rows';
import { createTestDatabase, requireTestEnv, seedAgency, type TestDatabase } from '@tramites/testing';

/**
 * The repositories of libs/persistence (ADR 0019) on a real migrated database: the rules each
 * one keeps on its own (idempotent writes, guarded updates, one transaction) that the API and
 * workflow suites only reach through whole procedures.
 */
describe('persistence repositories', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('repositories');
  });

  afterAll(async () => {
    await db?.drop();
  });

  const event = (caseId: string, seq: number, status: string, extra: Partial<CaseEventInput['projection']> = {}): CaseEventInput => ({
    caseId,
    seq,
    type: seq === 1 ? 'CASE_OPENED' : 'CASE_CANCELLED',
    actor: { id: 'ana', role: 'applicant' },
    occurredAt: new Date(Date.UTC(2026, 11, 1, 14, seq)).toISOString(),
    data: { status },
    projection: {
      workflowId: `case:${caseId}`,
      procedureType: 'FOREIGNER_CODE',
      status,
      province: 'PICHINCHA',
      agencyId: 'UIO-NORTE',
      applicantId: 'applicant-1',
      deadlineAt: null,
      ...extra,
    },
  });

  describe('event log and read model', () => {
    it('appends in order, once, and moves the read model only forward', async () => {
      const log = new EventLogRepository(db.dataSource);
      const cases = new CaseReadModelRepository(db.dataSource);
      const caseId = randomUUID();
      await expect(log.append(event(caseId, 2, 'cancelled'))).rejects.toThrow(/event 1 missing before 2/);
      await log.append(event(caseId, 1, 'pending_verification'));
      await log.append(event(caseId, 2, 'cancelled'));
      // A retry of an event already appended changes neither the log nor the read model.
      await log.append(event(caseId, 1, 'pending_verification'));
      expect((await log.events(caseId)).map((e) => e.seq)).toEqual([1, 2]);
      expect(await cases.status(caseId)).toBe('cancelled');
      expect(await log.recordedLastSeq(caseId)).toBe(2);
      expect(await cases.scope(caseId)).toEqual({ applicantId: 'applicant-1', agencyId: 'UIO-NORTE', province: 'PICHINCHA', status: 'cancelled' });
    });

    it('lists within every condition, and a condition on a missing value matches nothing', async () => {
      const log = new EventLogRepository(db.dataSource);
      const cases = new CaseReadModelRepository(db.dataSource);
      const applicantId = `list-${randomUUID().slice(0, 8)}`;
      for (const agencyId of ['UIO-NORTE', 'GYE-CENTRO', 'UIO-NORTE'])
        await log.append(event(randomUUID(), 1, 'pending_verification', { applicantId, agencyId }));
      const base = { page: 1, pageSize: 2, sort: 'created', order: 'asc' } as const;
      const page = await cases.list({
        ...base,
        equals: [
          ['applicant_id', applicantId],
          ['agency_id', 'UIO-NORTE'],
        ],
      });
      expect(page.total).toBe(2);
      expect(page.items.map((i) => i.agencyId)).toEqual(['UIO-NORTE', 'UIO-NORTE']);
      expect((await cases.list({ ...base, pageSize: 1, equals: [['applicant_id', applicantId]] })).items).toHaveLength(1);
      // A case manager without an agency sees no case (agency_id = NULL is never true).
      expect(
        (
          await cases.list({
            ...base,
            equals: [
              ['applicant_id', applicantId],
              ['agency_id', undefined],
            ],
          })
        ).total,
      ).toBe(0);
    });

    it('pages by OFFSET and by keyset alike, in every sort and order, deadlines missing last, and caps the total', async () => {
      const log = new EventLogRepository(db.dataSource);
      const cases = new CaseReadModelRepository(db.dataSource);
      const applicantId = `keyset-${randomUUID().slice(0, 8)}`;
      // Seven cases: two without a deadline, two sharing one (ties go by id).
      const deadlines = [
        null,
        '2027-01-05T15:00:00.000Z',
        '2027-01-03T15:00:00.000Z',
        null,
        '2027-01-03T15:00:00.000Z',
        '2027-01-09T15:00:00.000Z',
        '2027-01-01T15:00:00.000Z',
      ];
      for (const deadlineAt of deadlines) await log.append(event(randomUUID(), 1, 'scheduled', { applicantId, deadlineAt }));
      for (const sort of ['deadline', 'created', 'updated'] as const)
        for (const order of ['asc', 'desc'] as const) {
          const criteria = { equals: [['applicant_id', applicantId]] as Array<['applicant_id', string]>, sort, order };
          const all = await cases.list({ ...criteria, page: 1, pageSize: 100 });
          expect(all).toMatchObject({ total: 7, totalCapped: false, next: null });
          const ids = all.items.map((i) => i.caseId);
          if (sort === 'deadline') {
            const dated = all.items.filter((i) => i.deadlineAt !== null);
            expect(all.items.slice(dated.length).every((i) => i.deadlineAt === null)).toBe(true);
            const times = dated.map((i) => Date.parse(i.deadlineAt as string));
            expect(times).toEqual([...times].sort((a, b) => (order === 'asc' ? a - b : b - a)));
          }
          const byOffset: string[] = [];
          for (let page = 1; page <= 4; page += 1) byOffset.push(...(await cases.list({ ...criteria, page, pageSize: 2 })).items.map((i) => i.caseId));
          expect(byOffset).toEqual(ids);
          const byKeyset: string[] = [];
          let after: KeysetCursor | null | undefined;
          do {
            const page = await cases.list({ ...criteria, page: 1, pageSize: 2, ...(after ? { after } : {}) });
            byKeyset.push(...page.items.map((i) => i.caseId));
            after = page.next;
          } while (after && byKeyset.length < 20);
          expect(byKeyset).toEqual(ids);
        }

      // More than LIST_COUNT_CAP matches: the total stops LIST_COUNT_CAP rows past the page's first, and says so.
      const many = `many-${randomUUID().slice(0, 8)}`;
      await db.dataSource.query(
        `INSERT INTO cases (id, workflow_id, procedure_type, status, applicant_id, waiting_on)
         SELECT gen_random_uuid(), 'many:' || g, 'FOREIGNER_CODE', 'scheduled', $1, 'applicant' FROM generate_series(1, $2::int) g`,
        [many, LIST_COUNT_CAP + 50],
      );
      const equals = [['applicant_id', many]] as Array<['applicant_id', string]>;
      expect(await cases.list({ equals, page: 1, pageSize: 25, sort: 'created', order: 'asc' })).toMatchObject({ total: LIST_COUNT_CAP, totalCapped: true });
      expect(await cases.list({ equals, page: 3, pageSize: 25, sort: 'created', order: 'asc' })).toMatchObject({
        total: LIST_COUNT_CAP + 50,
        totalCapped: false,
      });
    });
  });

  describe('credentials', () => {
    it('rolls back everything a transaction wrote when it fails', async () => {
      const credentials = new CredentialsRepository(db.dataSource);
      const holder = `h-${randomUUID().slice(0, 8)}`;
      await expect(
        credentials.transaction(async (tx) => {
          await tx.lockAffiliateCredential(holder);
          await tx.recordFailure(holder, 1, false);
          throw new Error('crash between the two writes');
        }),
      ).rejects.toThrow('crash');
      expect(await credentials.affiliateCredential(holder)).toBeUndefined();
    });

    it('locks, refuses a second unlock, and keeps a transaction open across repositories', async () => {
      const credentials = new CredentialsRepository(db.dataSource);
      const holder = `h-${randomUUID().slice(0, 8)}`;
      await credentials.transaction(async (tx) => {
        const cred = await tx.lockAffiliateCredential(holder);
        expect(cred).toMatchObject({ failedAttempts: 0, lockedAt: null, securityAnswers: [] });
        // Inside a transaction, `transaction` joins it.
        await tx.transaction((same) => same.recordFailure(holder, 5, true));
      });
      expect((await credentials.affiliateCredential(holder))?.lockedAt).toBeInstanceOf(Date);
      expect(await credentials.unlockAffiliate(holder, 'officer-1')).toBeInstanceOf(Date);
      expect(await credentials.unlockAffiliate(holder, 'officer-1')).toBeUndefined();
      expect(await credentials.affiliateCredential(holder)).toMatchObject({ failedAttempts: 0, lockedAt: null });
    });

    it('keeps a link single-use and its first closing', async () => {
      const credentials = new CredentialsRepository(db.dataSource);
      const link = { id: randomUUID(), caseId: randomUUID(), holderKind: 'affiliate' as const, holderId: 'h1', tokenHash: randomUUID(), email: 'a@example.ec' };
      const first = await credentials.insertLink({ ...link, expiresAt: '2030-01-01T00:00:00.000Z' });
      // A retried insert keeps the first row (its expiry too).
      const again = await credentials.insertLink({ ...link, expiresAt: '2031-01-01T00:00:00.000Z' });
      expect(again.expiresAt.toISOString()).toBe(first.expiresAt.toISOString());
      expect(await credentials.linkByTokenHash(link.tokenHash)).toMatchObject({ id: link.id, usedAt: null });
      await credentials.markLinkUsed(link.id, '2029-06-01T12:00:00.000Z', 'h1');
      expect(await credentials.expireLink(link.id)).toEqual({ usedAt: new Date('2029-06-01T12:00:00.000Z'), usedBy: 'h1' });
      expect(await credentials.expireLink(randomUUID())).toBeUndefined();
    });

    it('lets one of two concurrent uses of a link see the other', async () => {
      const credentials = new CredentialsRepository(db.dataSource);
      const link = { id: randomUUID(), caseId: randomUUID(), holderKind: 'affiliate' as const, holderId: 'h2', tokenHash: randomUUID(), email: 'b@example.ec' };
      await credentials.insertLink({ ...link, expiresAt: '2030-01-01T00:00:00.000Z' });
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const firstLocked = new Promise<void>((resolve) => (locked = resolve));
      const first = credentials.transaction(async (tx) => {
        expect((await tx.linkByTokenHash(link.tokenHash, true))?.usedAt).toBeNull();
        locked();
        await held;
        await tx.markLinkUsed(link.id, '2029-06-01T12:00:00.000Z', 'h2');
      });
      await firstLocked;
      const second = credentials.transaction((tx) => tx.linkByTokenHash(link.tokenHash, true));
      release();
      await first;
      expect((await second)?.usedAt).toEqual(new Date('2029-06-01T12:00:00.000Z'));
    });

    it('counts a captcha once', async () => {
      const credentials = new CredentialsRepository(db.dataSource);
      const nonce = randomUUID();
      expect(await credentials.useCaptcha(nonce)).toBe(true);
      expect(await credentials.useCaptcha(nonce)).toBe(false);
    });
  });

  it('keeps one booked turno per case: a second slot is APPOINTMENT.ALREADY_BOOKED, a move without a turno APPOINTMENT.NOT_FOUND', async () => {
    // The workflow only books from awaiting_booking and moves from scheduled: these are the agenda's own guards.
    const agenda = await seedAgency(db.dataSource, 2, 'AGENDA-GUARD');
    const rows = new TestRows(db.dataSource);
    const [first, second] = [await rows.slotStartingIn('AGENDA-GUARD', 60, 2), await rows.slotStartingIn('AGENDA-GUARD', 120, 2)];
    const caseId = randomUUID();
    const booked = await agenda.reserve(caseId, first, 'PAGENDA001', caseReference(caseId));
    await expect(agenda.reserve(caseId, first, 'PAGENDA001', caseReference(caseId))).resolves.toEqual(booked);
    const again = await agenda.reserve(caseId, second, 'PAGENDA001', caseReference(caseId)).catch((err: unknown) => err);
    expect(again).toBeInstanceOf(AgendaError);
    expect(again).toMatchObject({ code: 'APPOINTMENT.ALREADY_BOOKED', message: 'El trámite ya tiene un turno' });

    const without = randomUUID();
    const moved = await agenda.move(without, second).catch((err: unknown) => err);
    expect(moved).toBeInstanceOf(AgendaError);
    expect(moved).toMatchObject({ code: 'APPOINTMENT.NOT_FOUND', message: 'El trámite no tiene turno' });
    await agenda.release(caseId);
    expect(await agenda.move(caseId, second).catch((err: unknown) => err)).toMatchObject({ code: 'APPOINTMENT.NOT_FOUND' });
    // Neither refusal took a seat.
    const seats = (await db.dataSource.query(`SELECT id, booked FROM appointment_slots WHERE id = ANY($1)`, [[first, second]])) as Array<{
      id: string;
      booked: number;
    }>;
    expect(Object.fromEntries(seats.map((r) => [r.id, r.booked]))).toEqual({ [first]: 0, [second]: 0 });
  });

  it('records a start request once and tells a retry what the first recorded', async () => {
    const requests = new CaseStartRequestsRepository(db.dataSource);
    const key = randomUUID();
    const caseId = randomUUID();
    expect(await requests.isKnown(key)).toBe(false);
    expect(await requests.record(key, caseId, '1'.repeat(64))).toBeUndefined();
    expect(await requests.isKnown(key)).toBe(true);
    expect(await requests.record(key, randomUUID(), '2'.repeat(64))).toEqual({ caseId, bodyHash: '1'.repeat(64) });
  });

  it('keeps the first verification code of an ordinal, and its first use', async () => {
    const codes = new VerificationCodesRepository(db.dataSource);
    const caseId = randomUUID();
    const first = await codes.record(caseId, 1, 'a'.repeat(64), new Date('2030-01-01T00:00:00Z'));
    expect(await codes.record(caseId, 1, 'b'.repeat(64), new Date('2031-01-01T00:00:00Z'))).toEqual(first);
    await codes.record(caseId, 2, 'c'.repeat(64), new Date('2030-02-01T00:00:00Z'));
    expect(await codes.latest(caseId)).toMatchObject({ ordinal: 2, codeHash: 'c'.repeat(64) });
    await codes.markUsed(caseId, 2);
    const [row] = await db.dataSource.query('SELECT used_at FROM verification_codes WHERE case_id = $1 AND ordinal = 2', [caseId]);
    await codes.markUsed(caseId, 2);
    const [again] = await db.dataSource.query('SELECT used_at FROM verification_codes WHERE case_id = $1 AND ordinal = 2', [caseId]);
    expect(again.used_at).toEqual(row.used_at);
  });

  it('records the same upload of a case once', async () => {
    const caseId = randomUUID();
    await new EventLogRepository(db.dataSource).append(event(caseId, 1, 'checked_in'));
    const uploads = new UploadsRepository(db.dataSource);
    const upload = { caseId, sha256: 'd'.repeat(64), size: 10, detectedType: 'pdf', originalName: 'a.pdf', uploadedBy: 'ana', role: 'applicant' };
    const first = await uploads.insert({ ...upload, id: randomUUID() });
    const second = await uploads.insert({ ...upload, id: randomUUID(), originalName: 'b.pdf' });
    expect(first.created).toBe(true);
    expect(second).toEqual({ upload: first.upload, created: false });
    expect(await uploads.ofCase(caseId)).toEqual([first.upload]);
    expect(await uploads.find(randomUUID(), first.upload.id)).toBeUndefined();
  });

  it('files a complaint only on a case the read model knows', async () => {
    const figures = new TransparencyRepository(db.dataSource);
    const complaint = { id: randomUUID(), filedBy: 'ana', role: 'applicant', description: 'Demora de más de un mes' };
    expect(await figures.fileComplaint({ ...complaint, caseId: randomUUID() })).toBeUndefined();
    const caseId = randomUUID();
    await new EventLogRepository(db.dataSource).append(event(caseId, 1, 'pending_verification'));
    expect(await figures.fileComplaint({ ...complaint, caseId })).toMatchObject({ procedureType: 'FOREIGNER_CODE' });
  });

  it('records a poder review only forward, and an endorsement in the registry', async () => {
    const poderes = new PoderRepository(db.dataSource);
    const poderId = `P-${randomUUID().slice(0, 8)}`;
    const poder: PowerOfAttorneyData = { employerId: '1790012345001', attorneyId: '1712345675', attorneyName: 'Ana', deedNumber: 'D-1', notary: 'Notaría 1' };
    const view: PoderView = {
      poderId,
      caseId: randomUUID(),
      province: 'PICHINCHA',
      status: 'pending',
      requestedAt: '2026-12-01T14:00:00.000Z',
      dueAt: '2026-12-03T14:00:00.000Z',
      eventCount: 1,
    };
    await poderes.recordReview(view, poder, 'poder:keyed');
    expect(await poderes.pendingReviewWorkflowId(poderId)).toBe('poder:keyed');
    const decided = {
      ...view,
      status: 'endorsed' as const,
      decidedAt: '2026-12-02T14:00:00.000Z',
      decidedBy: { id: 'lawyer', role: 'legal_unit' as const },
      eventCount: 3,
    };
    // An endorsement names its case (a foreign key): here a case of the read model with no workflow.
    await new TestRows(db.dataSource).insertCase(view.caseId, 'FOREIGNER_CODE_EMPLOYMENT');
    await poderes.recordReview(decided, poder, null);
    // An older view arriving late changes nothing.
    await poderes.recordReview({ ...view, eventCount: 2 }, poder, null);
    expect(await poderes.latestReview(poderId)).toEqual({ status: 'endorsed', reasonCode: null });
    expect(await poderes.pendingReviewWorkflowId(poderId)).toBeUndefined();
    expect(await poderes.decisionWorkflowId(poderId)).toBe('poder:keyed');
    expect(await poderes.registered(poderId)).toEqual({ validUntil: null, revokedAt: null });
    const registry = await poderes.endorsed({ province: { value: 'PICHINCHA' }, employerId: poder.employerId }, 1, 25);
    expect(registry.items.find((p) => p.poderId === poderId)).toMatchObject({ status: 'valid', province: 'PICHINCHA' });
    expect((await poderes.endorsed({ province: { value: undefined } }, 1, 25)).total).toBe(0);
  });

  it('gives a person one foreigner code, found again by the case or by the document', async () => {
    const registry = new ForeignerCodeRepository(db.dataSource);
    const holder: CodeHolder = {
      caseId: randomUUID(),
      holder: { fullName: 'Juan Pérez', nationality: 'co', documentType: 'passport', documentNumber: 'AB123', birthDate: '1990-01-01' },
      nationality: 'CO',
      documentNumber: 'AB123',
      nameKey: `juan perez|1990-01-01|CO|${randomUUID()}`,
    };
    const drawn = generateForeignerCode(Math.random);
    // A code names its case (a foreign key): here a case of the read model with no workflow.
    await new TestRows(db.dataSource).insertCase(holder.caseId);
    const code = await registry.transaction(async (tx) => {
      await tx.lockPerson(holder);
      expect(await tx.knownCode(holder)).toBeUndefined();
      expect(await tx.insertCode(holder, drawn)).toBe(true);
      // A code drawn twice is refused (draw again).
      expect(await tx.insertCode({ ...holder, caseId: randomUUID() }, drawn)).toBe(false);
      expect(await tx.recordDocument(holder, drawn)).toEqual({ alreadyHad: false });
      return drawn;
    });
    expect(await registry.codeExists(code)).toBe(true);
    // Another case of the same document finds the code, and was not its first owner.
    const other = { ...holder, caseId: randomUUID() };
    expect(await registry.knownCode(other)).toBe(code);
    expect(await registry.recordDocument(other, code)).toEqual({ alreadyHad: true });
    expect((await registry.candidates(holder.nameKey)).map((c) => c.code)).toEqual([code]);
  });

  it('creates a database once and answers a ping', async () => {
    const admin = requireTestEnv('databaseUrl');
    const name = `t_ensure_${randomUUID().slice(0, 8)}`;
    await ensureDatabase(admin, name);
    await ensureDatabase(admin, name);
    const url = new URL(admin);
    url.pathname = `/${name}`;
    await expect(pingDatabase(url.toString())).resolves.toBeUndefined();
    await db.dataSource.query(`DROP DATABASE "${name}" WITH (FORCE)`);
    await expect(pingDatabase(url.toString(), 2000)).rejects.toThrow();
  });
});
