import type { Principal } from '@tramites/api';
import { EMPLOYER_CEDULA } from '@tramites/testing';
import { startApiHarness, type ApiHarness } from '@tramites/testing/api';

const QUITO: Principal = { sub: 'walk-in-uio-1', role: 'case_manager', agencyId: 'UIO-NORTE', name: 'Elena Gestora Quito' };

/** A 001 walk-in of an elderly employer (sheet 001, NOTA: vulnerable groups need no online turno), at the given agency and province. */
const walkInBody = (agencyId: string, province: string, documentNumber: string) => ({
  procedure: 'FOREIGNER_CODE_EMPLOYMENT',
  province,
  filerRole: 'employer',
  employerId: '1790016919001',
  booker: { email: 'empleador.mayor@example.ec', mobile: '0991234567' },
  holder: { fullName: 'Ramiro Esteban Ochoa Lima', nationality: 'COL', documentType: 'passport', documentNumber, birthDate: '1979-06-15' },
  walkIn: { agencyId, vulnerableGroup: 'elderly', identityNumber: EMPLOYER_CEDULA },
});

/**
 * Walk-ins through the API (ADR 0028): an officer opens one at the counter of the agency she
 * works at, never at another; the case's province is its agency's, whatever the client sent.
 */
describe('walk-ins through the API: the officer’s own agency and its province', () => {
  let h: ApiHarness;

  beforeAll(async () => {
    h = await startApiHarness('agency_day_walk_ins_api');
  });
  afterAll(async () => {
    await h?.close();
  });

  const open = async (p: Principal, body: object) =>
    h
      .http()
      .post('/cases')
      .set('Authorization', `Bearer ${await h.token(p)}`)
      .send(body);

  it('refuses a case manager of UIO-NORTE a walk-in at GYE-CENTRO (403 AUTH.OUT_OF_SCOPE, in words), and opens no case', async () => {
    const r = await open(QUITO, walkInBody('GYE-CENTRO', 'GUAYAS', 'CO1112223'));
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('AUTH.OUT_OF_SCOPE');
    expect(r.body.error.message).toContain('su propia agencia');
    const [{ n }] = (await h.db.dataSource.query(`SELECT count(*)::int AS n FROM case_start_requests`)) as [{ n: number }];
    expect(n).toBe(0);
  });

  it('gives a walk-in its agency’s province from the catalogue, whatever province the client sent', async () => {
    const r = await open(QUITO, walkInBody('UIO-NORTE', 'GUAYAS', 'CO4445556'));
    expect(r.status).toBe(201);
    const caseId = r.body.caseId as string;
    const [row] = (await h.db.dataSource.query(`SELECT agency_id, province FROM cases WHERE id = $1`, [caseId])) as Array<{
      agency_id: string;
      province: string;
    }>;
    expect(row).toEqual({ agency_id: 'UIO-NORTE', province: 'PICHINCHA' });
    const seen = await h
      .http()
      .get(`/cases/${caseId}`)
      .set('Authorization', `Bearer ${await h.token(QUITO)}`);
    expect(seen.status).toBe(200);
    expect(seen.body.province).toBe('PICHINCHA');
  });
});
