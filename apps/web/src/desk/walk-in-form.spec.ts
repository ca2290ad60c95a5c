import { check, isWalkIn, NO_GROUP, read } from './walk-in-form';

/** A 000 filed by the holder herself at the desk, as typed. */
const holder000 = {
  procedure: 'FOREIGNER_CODE',
  vulnerableGroup: NO_GROUP,
  filerRole: 'holder',
  filerName: 'Rosa Elena Paredes Gil',
  identityType: 'passport',
  identityNumber: 'pa 1234567',
  email: 'rosa.paredes@example.ec',
  mobile: '099 123 4567',
  fullName: 'Rosa Elena Paredes Gil',
  nationality: 'VEN',
  documentType: 'passport',
  documentNumber: 'PA1234567',
  birthDate: '1988-02-20',
};
const errorsOf = (body: Record<string, string>) => check(read(body)).list;

describe('the desk’s walk-in form: each procedure by its sheet', () => {
  it('takes a 000 filed by the holder, numbers without spaces, in capitals; no employer asked', () => {
    expect(errorsOf(holder000)).toEqual([]);
    expect(read(holder000)).toMatchObject({ identityNumber: 'PA1234567', mobile: '0991234567' });
  });

  it('refuses a filer the chosen sheet does not allow, naming the sheet', () => {
    expect(errorsOf({ ...holder000, filerRole: 'employer' })).toEqual([
      { field: 'filerRole', text: 'La ficha 000 no permite que presente el solicitante empleador' },
    ]);
    expect(errorsOf({ ...holder000, procedure: 'FOREIGNER_CODE_EMPLOYMENT', employerId: '1790016919001' })).toEqual([
      { field: 'filerRole', text: 'La ficha 001 no permite que presente el titular' },
    ]);
  });

  it('refuses a holder document the sheet does not accept (000: passport or visa), and asks the RUC for 001 only', () => {
    expect(errorsOf({ ...holder000, documentType: 'home_country_id' })).toEqual([
      { field: 'documentType', text: 'La ficha 000 no acepta ese documento del titular: elija pasaporte o visa' },
    ]);
    const employer001 = { ...holder000, procedure: 'FOREIGNER_CODE_EMPLOYMENT', filerRole: 'employer', documentType: 'home_country_id' };
    expect(errorsOf(employer001)).toEqual([{ field: 'employerId', text: 'Escriba el RUC del empleador (trámite 001)' }]);
  });

  it('asks whether the filer is of a vulnerable group; only a 001 with one is a walk-in without a turno', () => {
    expect(errorsOf({ ...holder000, vulnerableGroup: '' }).map((e) => e.field)).toEqual(['vulnerableGroup']);
    const employer001 = { ...holder000, procedure: 'FOREIGNER_CODE_EMPLOYMENT', filerRole: 'employer', employerId: '1790016919001' };
    expect(isWalkIn(read({ ...employer001, vulnerableGroup: 'pregnant' }))).toBe(true);
    expect(isWalkIn(read(employer001))).toBe(false);
    expect(isWalkIn(read({ ...holder000, vulnerableGroup: 'elderly' }))).toBe(false);
  });
});
