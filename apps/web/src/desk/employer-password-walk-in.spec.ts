import { employerPasswordOpening } from './employer-password-walk-in';
import { check, FILER_CHOICES, read } from './walk-in-form';

/** A 004 brought to the window by the third party authorised in the key-delivery request, as typed. */
const thirdParty004 = {
  procedure: 'EMPLOYER_PORTAL_PASSWORD',
  filerRole: 'authorised_third_party',
  filerName: 'José Ignacio Peñafiel Zúñiga',
  identityType: 'cedula',
  identityNumber: '0912345675',
  employerId: '1790001237001',
  appointmentReference: 'tl-000123',
};
const errorsOf = (body: Record<string, string>) => check(read(body)).list;

describe('the desk’s walk-in form: 004 (employer portal password) at the window', () => {
  it('takes who the sheet lets file, the employer and the turno presented; nothing of a holder person is asked', () => {
    expect(errorsOf(thirdParty004)).toEqual([]);
    expect(employerPasswordOpening(read(thirdParty004))).toEqual({
      channel: 'in_person',
      employerId: '1790001237001',
      filerRole: 'authorised_third_party',
      filer: { identityNumber: '0912345675', fullName: 'José Ignacio Peñafiel Zúñiga', identityType: 'cedula' },
      appointmentReference: 'TL-000123',
    });
  });

  it('offers 004’s filers at the window, named with the sheets that allow them', () => {
    const sheets = (role: string) => FILER_CHOICES.find((f) => f.role === role)?.sheets;
    expect(sheets('legal_representative')).toEqual(['004']);
    expect(sheets('authorised_third_party')).toContain('004');
    expect(sheets('employer')).toContain('004');
  });

  it('refuses a filer 004 does not allow, naming the sheet and who may file', () => {
    expect(errorsOf({ ...thirdParty004, filerRole: 'attorney' })).toEqual([
      {
        field: 'filerRole',
        text: 'La ficha 004 no permite que presente el apoderado: presenta el representante legal, el empleador o el tercero autorizado',
      },
    ]);
  });

  it('knows the employer as the registry does: a valid RUC, or a foreign employer’s passport, visa or code', () => {
    expect(errorsOf({ ...thirdParty004, employerId: '9990001237001' })).toEqual([
      { field: 'employerId', text: 'El RUC del empleador no es válido: revise sus 13 dígitos' },
    ]);
    expect(errorsOf({ ...thirdParty004, employerId: 'PA7788990' })).toEqual([]);
    expect(errorsOf({ ...thirdParty004, employerId: '' }).map((e) => e.field)).toEqual(['employerId']);
  });

  it('asks the «Confirmación del Turno en Línea» and the filer’s document, each error named', () => {
    expect(errorsOf({ ...thirdParty004, appointmentReference: '' })).toEqual([
      {
        field: 'appointmentReference',
        text: 'Escriba la referencia de la «Confirmación del Turno en Línea» que presenta la persona (ficha 004, Canales de atención)',
      },
    ]);
    expect(errorsOf({ ...thirdParty004, identityNumber: '0912345670' })).toEqual([
      { field: 'identityNumber', text: 'La cédula de quien presenta no es válida: revise sus 10 dígitos' },
    ]);
    expect(errorsOf({ ...thirdParty004, identityType: 'visa' }).map((e) => e.field)).toEqual(['identityType']);
    expect(errorsOf({ ...thirdParty004, filerName: '' }).map((e) => e.field)).toEqual(['filerName']);
  });
});
