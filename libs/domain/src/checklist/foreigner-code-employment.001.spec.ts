import {
  omit,
  EMPLOYER_CEDULA,
  FOREIGNER,
  HOLDER_FOREIGNER_CODE,
  attorneyFiling001,
  codesOf,
  doc,
  filing001,
  item,
  patchDoc,
  thirdPartyFiling001,
  withDocs,
  withoutKinds,
} from '@tramites/testing/unit';
import { evaluateChecklist } from './evaluate-checklist';
import type { ChecklistInput } from './types';

/** 001 filed with another identity document of the foreigner instead of the passport. */
function withIdentity(kind: 'visa' | 'home_country_id', number: string): ChecklistInput {
  const base = withoutKinds(filing001(), 'passport');
  return withDocs(
    {
      ...patchDoc(base, 'request_letter', (d) => ({ ...d, fields: { ...d.fields, foreignerDocumentNumber: number } })),
      sutRecord: { ...base.sutRecord, foreignerDocumentNumber: number, foreignerDocumentKind: kind },
    },
    doc(kind, { copy: true, fields: { fullName: FOREIGNER.fullName, documentNumber: number } }),
  );
}

type Case = [name: string, build: () => ChecklistInput, requirementId: string, status: string, codes: string[], outcome: string];

describe('001 Asignación de código bajo relación de dependencia', () => {
  const cases: Case[] = [
    ['complete filing by the employer', filing001, '001.identity_data_match', 'met', [], 'accepted'],
    // --- alternatives: passport, else visa, else home-country identity card ---
    ['without passport but with visa: the visa is met', () => withIdentity('visa', FOREIGNER.visa), '001.visa', 'met', [], 'accepted'],
    ['with the visa the passport line does not apply', () => withIdentity('visa', FOREIGNER.visa), '001.passport', 'not_applicable', [], 'accepted'],
    [
      'with neither passport nor visa, the home-country identity card is met',
      () => withIdentity('home_country_id', FOREIGNER.homeId),
      '001.home_country_id',
      'met',
      [],
      'accepted',
    ],
    [
      'the identity data match is checked on the alternative used',
      () => withIdentity('home_country_id', FOREIGNER.homeId),
      '001.identity_data_match',
      'met',
      [],
      'accepted',
    ],
    [
      'passport and visa both shown: the passport is used',
      () => withDocs(filing001(), doc('visa', { copy: true, fields: { fullName: FOREIGNER.fullName, documentNumber: FOREIGNER.visa } })),
      '001.visa',
      'not_applicable',
      [],
      'accepted',
    ],
    ['no identity document at all', () => withoutKinds(filing001(), 'passport'), '001.passport', 'missing', ['DOC.ALTERNATIVE_MISSING'], 'observed'],
    [
      'no identity document: the visa line is missing too',
      () => withoutKinds(filing001(), 'passport'),
      '001.visa',
      'missing',
      ['DOC.ALTERNATIVE_MISSING'],
      'observed',
    ],
    ['no identity document: nothing to match', () => withoutKinds(filing001(), 'passport'), '001.identity_data_match', 'missing', ['DOC.MISSING'], 'observed'],
    [
      'visa without its copy',
      () => patchDoc(withIdentity('visa', FOREIGNER.visa), 'visa', (d) => ({ ...d, copy: false })),
      '001.visa',
      'observed',
      ['DOC.COPY_MISSING'],
      'observed',
    ],
    // --- signature of the request ---
    [
      'request signed electronically is refused',
      () => patchDoc(filing001(), 'request_letter', (d) => ({ ...d, signature: 'electronic' })),
      '001.request_letter',
      'observed',
      ['DOC.SIGNATURE_ELECTRONIC_NOT_ACCEPTED'],
      'observed',
    ],
    [
      'request without signature',
      () => patchDoc(filing001(), 'request_letter', (d) => ({ ...d, signature: 'none' })),
      '001.request_letter',
      'observed',
      ['DOC.SIGNATURE_HANDWRITTEN_REQUIRED'],
      'observed',
    ],
    [
      'request signed by the attorney is accepted',
      () => patchDoc(attorneyFiling001(), 'request_letter', (d) => ({ ...d, signedBy: 'attorney' })),
      '001.request_letter',
      'met',
      [],
      'accepted',
    ],
    [
      'request signed by the foreign worker',
      () => patchDoc(filing001(), 'request_letter', (d) => ({ ...d, signedBy: 'holder' })),
      '001.request_letter',
      'observed',
      ['ELIGIBILITY.FILER_NOT_ALLOWED'],
      'rejected',
    ],
    [
      'request signed by the third party',
      () => patchDoc(thirdPartyFiling001(), 'request_letter', (d) => ({ ...d, signedBy: 'third_party' })),
      '001.request_letter',
      'observed',
      ['DOC.SIGNER_NOT_ALLOWED'],
      'observed',
    ],
    [
      'request with an invalid employer cédula',
      () =>
        patchDoc(filing001(), 'request_letter', (d) => ({
          ...d,
          fields: { ...d.fields, employerCedula: '1712345670' },
        })),
      '001.request_letter',
      'observed',
      ['VALIDATION.CEDULA_CHECK_DIGIT'],
      'observed',
    ],
    [
      'request without the employer names',
      () => patchDoc(filing001(), 'request_letter', (d) => ({ ...d, fields: { ...d.fields, employerFullName: '' } })),
      '001.request_letter',
      'observed',
      ['DOC.FIELD_MISSING'],
      'observed',
    ],
    // --- who files ---
    [
      'filed by the foreign worker himself',
      () => ({ ...filing001(), filer: { role: 'holder', identityNumber: HOLDER_FOREIGNER_CODE } }),
      '001.filer',
      'observed',
      ['ELIGIBILITY.FILER_NOT_ALLOWED'],
      'rejected',
    ],
    [
      'the foreign worker posing as a third party',
      () => ({ ...thirdPartyFiling001(), filer: { role: 'authorised_third_party', isForeignWorkerHimself: true } }),
      '001.filer',
      'observed',
      ['ELIGIBILITY.FILER_NOT_ALLOWED'],
      'rejected',
    ],
    [
      'a foreigner who already has a cédula',
      () => ({ ...filing001(), filer: { ...filing001().filer, hasCedula: true } }),
      '001.holder_without_cedula',
      'observed',
      ['ELIGIBILITY.HAS_CEDULA'],
      'rejected',
    ],
    // --- identity data vs SUT and request ---
    [
      'passport number differs from the SUT record',
      () => ({ ...filing001(), sutRecord: { ...filing001().sutRecord, foreignerDocumentNumber: 'AB7654321' } }),
      '001.identity_data_match',
      'observed',
      ['DOC.DATA_MISMATCH_SUT'],
      'observed',
    ],
    [
      'names differ from the SUT record',
      () => ({ ...filing001(), sutRecord: { ...filing001().sutRecord, foreignerFullName: 'Carla Rivas Pérez' } }),
      '001.identity_data_match',
      'observed',
      ['DOC.DATA_MISMATCH_SUT'],
      'observed',
    ],
    [
      'SUT registered a visa but a passport is shown',
      () => ({ ...filing001(), sutRecord: { ...filing001().sutRecord, foreignerDocumentKind: 'visa' } }),
      '001.identity_data_match',
      'observed',
      ['DOC.DATA_MISMATCH_SUT'],
      'observed',
    ],
    [
      'passport number differs from the request',
      () =>
        patchDoc(filing001(), 'request_letter', (d) => ({
          ...d,
          fields: { ...d.fields, foreignerDocumentNumber: 'ZZ0000001' },
        })),
      '001.identity_data_match',
      'observed',
      ['DOC.DATA_MISMATCH_REQUEST'],
      'observed',
    ],
    [
      'SUT data read from the SUT printout when no registry lookup was made',
      () => {
        return omit(
          patchDoc(filing001(), 'sut_contract', (d) => ({
            ...d,
            fields: { foreignerFullName: 'Carlos Rivas', foreignerDocumentNumber: FOREIGNER.passport },
          })),
          'sutRecord',
        );
      },
      '001.identity_data_match',
      'observed',
      ['DOC.DATA_MISMATCH_SUT'],
      'observed',
    ],
    [
      'SUT registration missing',
      () => {
        return omit(withoutKinds(filing001(), 'sut_contract'), 'sutRecord');
      },
      '001.sut_registration',
      'missing',
      ['DOC.MISSING'],
      'observed',
    ],
    [
      'SUT registration only as a copy',
      () => patchDoc(filing001(), 'sut_contract', (d) => ({ ...d, original: false, copy: true })),
      '001.sut_registration',
      'observed',
      ['DOC.ORIGINAL_REQUIRED'],
      'observed',
    ],
    // --- attorney and poder ---
    ['attorney with an endorsed poder', attorneyFiling001, '001.poder', 'met', [], 'accepted'],
    [
      'attorney whose poder was not endorsed beforehand',
      () => ({ ...attorneyFiling001(), endorsedPoderOnFile: false }),
      '001.poder',
      'observed',
      ['PODER.NOT_ENDORSED'],
      'observed',
    ],
    ['attorney without the poder', () => withoutKinds(attorneyFiling001(), 'poder'), '001.poder', 'missing', ['DOC.MISSING'], 'observed'],
    [
      'attorney bringing only the original poder (the sheet asks for a copy)',
      () => patchDoc(attorneyFiling001(), 'poder', (d) => ({ ...d, original: true, copy: false })),
      '001.poder',
      'observed',
      ['DOC.COPY_MISSING'],
      'observed',
    ],
    ['employer filing: poder does not apply', filing001, '001.poder', 'not_applicable', [], 'accepted'],
    // --- authorised third party ---
    ['complete filing by a third party', thirdPartyFiling001, '001.third_party_authorisation', 'met', [], 'accepted'],
    [
      'third party without the authorisation',
      () => withoutKinds(thirdPartyFiling001(), 'third_party_authorisation'),
      '001.third_party_authorisation',
      'missing',
      ['DOC.MISSING'],
      'observed',
    ],
    [
      'foreign third party identified by foreigner code and passport',
      () =>
        patchDoc(thirdPartyFiling001(), 'third_party_authorisation', (d) => ({
          ...d,
          fields: {
            ...d.fields,
            thirdPartyCedula: '',
            thirdPartyForeignerCode: HOLDER_FOREIGNER_CODE,
            thirdPartyPassportNumber: 'P1234567',
          },
        })),
      '001.third_party_authorisation',
      'met',
      [],
      'accepted',
    ],
    [
      'foreign third party with a foreigner code but neither passport nor visa',
      () =>
        patchDoc(thirdPartyFiling001(), 'third_party_authorisation', (d) => ({
          ...d,
          fields: { ...d.fields, thirdPartyCedula: '', thirdPartyForeignerCode: HOLDER_FOREIGNER_CODE },
        })),
      '001.third_party_authorisation',
      'observed',
      ['DOC.FIELD_MISSING'],
      'observed',
    ],
    [
      'authorisation signed by someone other than the employer',
      () => patchDoc(thirdPartyFiling001(), 'third_party_authorisation', (d) => ({ ...d, signedBy: 'third_party' })),
      '001.third_party_authorisation',
      'observed',
      ['DOC.SIGNER_NOT_ALLOWED'],
      'observed',
    ],
    [
      'authorisation signed electronically',
      () => patchDoc(thirdPartyFiling001(), 'third_party_authorisation', (d) => ({ ...d, signature: 'electronic' })),
      '001.third_party_authorisation',
      'observed',
      ['DOC.SIGNATURE_HANDWRITTEN_REQUIRED'],
      'observed',
    ],
    [
      'third party without the original of his own identity document',
      () => ({
        ...thirdPartyFiling001(),
        documents: thirdPartyFiling001().documents.filter((d) => d.belongsTo !== 'third_party'),
      }),
      '001.third_party_identity',
      'missing',
      ['DOC.MISSING'],
      'observed',
    ],
    [
      'third party without the employer cédula',
      () => ({
        ...thirdPartyFiling001(),
        documents: thirdPartyFiling001().documents.filter((d) => d.belongsTo !== 'employer'),
      }),
      '001.employer_cedula',
      'missing',
      ['DOC.MISSING'],
      'observed',
    ],
    // --- appointment ---
    [
      'appointment booked in the employer name but the third party attends',
      () => ({
        ...thirdPartyFiling001(),
        appointment: { confirmationPresented: true, bookedForIdentityNumber: EMPLOYER_CEDULA },
      }),
      '001.appointment',
      'observed',
      ['APPOINTMENT.NOT_IN_FILER_NAME'],
      'observed',
    ],
    [
      'no appointment',
      () => {
        return omit(filing001(), 'appointment');
      },
      '001.appointment',
      'missing',
      ['APPOINTMENT.MISSING'],
      'observed',
    ],
    [
      'vulnerable employer walks in without an online appointment',
      () => {
        const input = omit(filing001(), 'appointment');
        return { ...input, filer: { ...input.filer, isVulnerable: true } };
      },
      '001.appointment',
      'met',
      [],
      'accepted',
    ],
  ];

  it.each(cases)('%s', (_name, build, requirementId, status, codes, outcome) => {
    const result = evaluateChecklist(build());
    expect(item(result, requirementId).status).toBe(status);
    expect(codesOf(result, requirementId)).toEqual(codes);
    expect(result.outcome).toBe(outcome);
  });

  it('explains the electronic-signature refusal in Spanish', () => {
    const result = evaluateChecklist(patchDoc(filing001(), 'request_letter', (d) => ({ ...d, signature: 'electronic' })));
    expect(item(result, '001.request_letter').reasons[0]?.message).toMatch(/no se reciben solicitudes con firma electrónica/);
    expect(result.mayProceed).toBe(false);
  });

  it('names the foreign worker when he files himself', () => {
    const result = evaluateChecklist({ ...filing001(), filer: { role: 'holder' } });
    expect(item(result, '001.filer').reasons).toEqual([
      {
        code: 'ELIGIBILITY.FILER_NOT_ALLOWED',
        category: 'rejection',
        message: 'El ciudadano extranjero cuya afiliación se gestiona no puede presentar este trámite.',
      },
    ]);
  });

  it('names the mismatching field', () => {
    const result = evaluateChecklist({
      ...filing001(),
      sutRecord: { ...filing001().sutRecord, foreignerDocumentNumber: 'AB7654321' },
    });
    expect(item(result, '001.identity_data_match').reasons[0]?.message).toBe(
      'Pasaporte del extranjero: el dato «Número de documento» no coincide con el registro SUT.',
    );
  });

  it('names the field of a failed validation', () => {
    const result = evaluateChecklist(patchDoc(filing001(), 'request_letter', (d) => ({ ...d, fields: { ...d.fields, employerCedula: '1712345670' } })));
    expect(item(result, '001.request_letter').reasons[0]?.message).toBe('Cédula del solicitante empleador: el dígito verificador de la cédula no corresponde.');
  });
});
