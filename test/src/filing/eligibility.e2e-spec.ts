import type { Principal } from '@tramites/api';
import { composeForeignerCode, personNameKey } from '@tramites/domain';
import { personKey } from '@tramites/persistence';
import { TestRows } from '@tramites/testing/rows';
import { EMPLOYER_CEDULA } from '@tramites/testing';
import { startApiHarness, type ApiHarness } from '@tramites/testing/api';

const applicant = (sub: string): Principal => ({ sub, role: 'applicant' });
const OFFICER: Principal = { sub: 'officer-uio-8', role: 'case_manager', agencyId: 'UIO-NORTE' };

function body(documentNumber: string, overrides: Record<string, unknown> = {}) {
  return {
    procedure: 'NON_AFFILIATION_CERTIFICATE',
    province: 'PICHINCHA',
    filerRole: 'holder',
    booker: { email: `${documentNumber.toLowerCase()}@example.ec`, mobile: '0991234567' },
    holder: { fullName: 'Ana Lucía Torres Ríos', nationality: 'COL', documentType: 'passport', documentNumber, birthDate: '1992-07-03' },
    ...overrides,
  };
}

/**
 * What is known at filing (registry facts, who files for whom) is decided by
 * POST /cases with the sheet's reason, before a case, a verification code or a slot exists.
 */
describe('eligibility decided at filing', () => {
  let h: ApiHarness;
  const rows = (): TestRows => new TestRows(h.db.dataSource);

  beforeAll(async () => {
    h = await startApiHarness('api_filing_eligibility');
  });
  afterAll(async () => {
    await h.close();
  });

  const auth = async (p: Principal): Promise<string> => `Bearer ${await h.token(p)}`;
  const open = async (sub: string, payload: Record<string, unknown>) =>
    h
      .http()
      .post('/cases')
      .set('Authorization', await auth(applicant(sub)))
      .send(payload);

  /** No case was started: nothing in the read model, no start request kept, no email queued. */
  async function nothingStarted(email: string): Promise<void> {
    expect(await rows().outboxCountTo(email)).toBe(0);
    expect(await rows().startRequestCount()).toBe(0);
  }

  it('002: a holder who identifies with a cédula is refused at filing (HAS_CEDULA), no code emailed', async () => {
    const res = await open(EMPLOYER_CEDULA, body('PCOL000001'));
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('ELIGIBILITY.HAS_CEDULA');
    expect(res.body.error.message).toMatch(/ya tiene cédula de identidad ecuatoriana/);
    expect(res.body.error.reasons).toEqual([expect.objectContaining({ code: 'ELIGIBILITY.HAS_CEDULA' })]);
    await nothingStarted('pcol000001@example.ec');
  });

  it('002: a holder who identifies with a foreigner code, or whom the registries know, is refused at filing', async () => {
    const code = composeForeignerCode('5550001112');
    const withCode = await open(code, body('PCOL000002'));
    expect(withCode.status).toBe(422);
    expect(withCode.body.error.code).toBe('ELIGIBILITY.HAS_FOREIGNER_CODE');

    const holder = body('PCOL000003').holder;
    await rows().insertForeignerCode({
      code: composeForeignerCode('5550001113'),
      personKey: personKey(holder),
      nationality: 'COL',
      documentType: 'passport',
      documentNumber: 'PCOL000003',
      birthDate: '1992-07-03',
      fullName: holder.fullName,
      nameKey: personNameKey(holder),
    });
    const known = await open('PCOL000003', body('PCOL000003'));
    expect(known.status).toBe(422);
    expect(known.body.error.code).toBe('ELIGIBILITY.HAS_FOREIGNER_CODE');

    const affiliated = body('PCOL000004').holder;
    await rows().insertRegistryPerson(personKey(affiliated), { hasCedula: false, isAffiliated: true });
    const refused = await open('PCOL000004', body('PCOL000004'));
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('ELIGIBILITY.IS_AFFILIATED');
    await nothingStarted('pcol000004@example.ec');
  });

  it('001: the foreign worker may never file for himself, as holder or under another role', async () => {
    const asHolder = await open('PCOL000005', body('PCOL000005', { procedure: 'FOREIGNER_CODE_EMPLOYMENT', employerId: '1790016919001' }));
    expect(asHolder.status).toBe(422);
    expect(asHolder.body.error.code).toBe('ELIGIBILITY.FILER_NOT_ALLOWED');
    expect(asHolder.body.error.message).toBe('El ciudadano extranjero cuya afiliación se gestiona no puede presentar este trámite.');

    const asEmployer = await open(
      'PCOL000006',
      body('PCOL000006', { procedure: 'FOREIGNER_CODE_EMPLOYMENT', filerRole: 'employer', employerId: '1790016919001' }),
    );
    expect(asEmployer.status).toBe(422);
    expect(asEmployer.body.error.code).toBe('ELIGIBILITY.FILER_NOT_ALLOWED');

    // A case manager's walk-in for the worker himself is refused the same way.
    const walkIn = { agencyId: 'UIO-NORTE', vulnerableGroup: 'elderly', identityNumber: 'PCOL000007' };
    const byOfficer = await h
      .http()
      .post('/cases')
      .set('Authorization', await auth(OFFICER))
      .send(body('PCOL000007', { procedure: 'FOREIGNER_CODE_EMPLOYMENT', filerRole: 'employer', employerId: '1790016919001', walkIn }));
    expect(byOfficer.status).toBe(422);
    expect(byOfficer.body.error.code).toBe('ELIGIBILITY.FILER_NOT_ALLOWED');
    await nothingStarted('pcol000006@example.ec');
  });

  it('accepts what the sheets allow: a 002 third party with a cédula, a 001 employer for a worker', async () => {
    const third = await open(EMPLOYER_CEDULA, body('PCOL000008', { filerRole: 'authorised_third_party' }));
    expect(third.status).toBe(201);
    const employer = await open(
      EMPLOYER_CEDULA,
      body('PCOL000009', { procedure: 'FOREIGNER_CODE_EMPLOYMENT', filerRole: 'employer', employerId: '1790016919001' }),
    );
    expect(employer.status).toBe(201);
  });
});
