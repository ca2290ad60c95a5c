import { drawWorkHistoryQuestions, isValidCedula, isValidForeignerCode, isValidRuc } from '@tramites/domain';
import { DEMO_AFFILIATES, DEMO_EMPLOYERS, seedDemoRegistry } from '@tramites/persistence';
import { createTestDatabase, type TestDatabase } from '@tramites/testing';

/** The demo registry rows `npm start` writes into its embedded database, so 003/004 can be tried. */
describe('demo registry of a development installation', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('demo_registry');
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('holds valid identities that the procedures accept', () => {
    // 003, Requisitos Específicos: an affiliate is identified by a cédula or, a foreigner, by the foreigner code.
    for (const a of DEMO_AFFILIATES)
      expect([a.identityNumber, isValidCedula(a.identityNumber) || isValidForeignerCode(a.identityNumber).ok]).toEqual([a.identityNumber, true]);
    for (const e of DEMO_EMPLOYERS) {
      // 004, Requisitos alternativos: the foreign employer without cédula is registered by its passport.
      if ('idType' in e) expect(e.legalRepIdentity).toBe(e.id);
      else expect([isValidRuc(e.id), isValidCedula(e.legalRepIdentity)]).toEqual([true, true]);
    }
    expect(DEMO_EMPLOYERS.some((e) => 'artisanQualification' in e)).toBe(true);
    // 003 asks two work-history questions of each affiliate.
    for (const a of DEMO_AFFILIATES)
      expect(drawWorkHistoryQuestions(a.history, ['Constructora Sierra S.A.', 'Agrícola Los Ríos'], () => 0.5, 2026)).toHaveLength(2);
  });

  it('is written once: a second start adds nothing', async () => {
    expect(await seedDemoRegistry(db.dataSource)).toBe(DEMO_AFFILIATES.length + DEMO_EMPLOYERS.length);
    expect(await seedDemoRegistry(db.dataSource)).toBe(0);
    const [counts] = await db.dataSource.query(
      `SELECT (SELECT count(*)::int FROM affiliates) AS affiliates, (SELECT count(*)::int FROM affiliate_work_history) AS jobs,
              (SELECT count(*)::int FROM employers WHERE key_request_number IS NOT NULL) AS employers`,
    );
    const jobs = DEMO_AFFILIATES.reduce((n, a) => n + a.history.length, 0);
    expect(counts).toEqual({ affiliates: DEMO_AFFILIATES.length, jobs, employers: DEMO_EMPLOYERS.length });
  });
});
