import { omit, codesOf, doc, filing000, item, patchDoc, thirdPartyFiling000, withDocs, withoutKinds } from '@tramites/testing/unit';
import { evaluateChecklist } from './evaluate-checklist';
import type { ChecklistInput } from './types';

type Case = [name: string, build: () => ChecklistInput, requirementId: string, status: string, codes: string[], outcome: string];

describe('000 Asignación de código de identificación para extranjeros', () => {
  const cases: Case[] = [
    ['complete filing by the holder', filing000, '000.request_letter', 'met', [], 'accepted'],
    ['complete filing by an authorised third party', thirdPartyFiling000, '000.third_party_authorisation', 'met', [], 'accepted'],
    ['third-party requirements do not apply to the holder', filing000, '000.third_party_identity', 'not_applicable', [], 'accepted'],
    [
      'request signed electronically',
      () => patchDoc(filing000(), 'request_letter', (d) => ({ ...d, signature: 'electronic' })),
      '000.request_letter',
      'observed',
      ['DOC.SIGNATURE_HANDWRITTEN_REQUIRED'],
      'observed',
    ],
    [
      'request not signed',
      () => patchDoc(filing000(), 'request_letter', (d) => ({ ...d, signature: 'none' })),
      '000.request_letter',
      'observed',
      ['DOC.SIGNATURE_HANDWRITTEN_REQUIRED'],
      'observed',
    ],
    [
      'request without the narrative',
      () => patchDoc(filing000(), 'request_letter', (d) => ({ ...d, fields: { ...d.fields, narrative: ' ' } })),
      '000.request_letter',
      'observed',
      ['DOC.FIELD_MISSING'],
      'observed',
    ],
    [
      'request with an impossible document number',
      () =>
        patchDoc(filing000(), 'request_letter', (d) => ({
          ...d,
          fields: { ...d.fields, identityDocumentNumber: 'A1' },
        })),
      '000.request_letter',
      'observed',
      ['VALIDATION.DOCUMENT_NUMBER_FORMAT'],
      'observed',
    ],
    ['request missing', () => withoutKinds(filing000(), 'request_letter'), '000.request_letter', 'missing', ['DOC.MISSING'], 'observed'],
    [
      'passport without its copy',
      () => patchDoc(filing000(), 'passport', (d) => ({ ...d, copy: false })),
      '000.passport',
      'observed',
      ['DOC.COPY_MISSING'],
      'observed',
    ],
    [
      'passport copy only',
      () => patchDoc(filing000(), 'passport', (d) => ({ ...d, original: false })),
      '000.passport',
      'observed',
      ['DOC.ORIGINAL_REQUIRED'],
      'observed',
    ],
    ['visa missing', () => withoutKinds(filing000(), 'visa'), '000.visa', 'missing', ['DOC.MISSING'], 'observed'],
    ['visa without copy', () => patchDoc(filing000(), 'visa', (d) => ({ ...d, copy: false })), '000.visa', 'observed', ['DOC.COPY_MISSING'], 'observed'],
    ['work contract missing', () => withoutKinds(filing000(), 'work_contract'), '000.work_contract', 'missing', ['DOC.MISSING'], 'observed'],
    [
      'work contract in original is also fine',
      () => patchDoc(filing000(), 'work_contract', (d) => ({ ...d, original: true, copy: false })),
      '000.work_contract',
      'met',
      [],
      'accepted',
    ],
    [
      'work contract not registered with the Ministry of Labour',
      () => {
        return omit(
          patchDoc(filing000(), 'work_contract', (d) => ({ ...d, fields: {} })),
          'sutRecord',
        );
      },
      '000.work_contract',
      'observed',
      ['DOC.NOT_REGISTERED_SUT'],
      'observed',
    ],
    [
      'work contract no longer in force',
      () => ({
        ...patchDoc(filing000(), 'work_contract', (d) => ({ ...d, fields: { ...d.fields, validUntil: '2025-01-31' } })),
        asOf: '2025-06-02',
      }),
      '000.work_contract',
      'observed',
      ['DOC.NOT_CURRENT'],
      'observed',
    ],
    [
      'third party without the authorisation',
      () => withoutKinds(thirdPartyFiling000(), 'third_party_authorisation'),
      '000.third_party_authorisation',
      'missing',
      ['DOC.MISSING'],
      'observed',
    ],
    [
      'authorisation without the holder passport number',
      () =>
        patchDoc(thirdPartyFiling000(), 'third_party_authorisation', (d) => ({
          ...d,
          fields: { ...d.fields, holderPassportNumber: '' },
        })),
      '000.third_party_authorisation',
      'observed',
      ['DOC.FIELD_MISSING'],
      'observed',
    ],
    [
      'authorisation with an invalid third-party number',
      () =>
        patchDoc(thirdPartyFiling000(), 'third_party_authorisation', (d) => ({
          ...d,
          fields: { ...d.fields, thirdPartyIdentityNumber: '12345' },
        })),
      '000.third_party_authorisation',
      'observed',
      ['VALIDATION.IDENTITY_NUMBER_FORMAT'],
      'observed',
    ],
    [
      'authorisation signed electronically',
      () => patchDoc(thirdPartyFiling000(), 'third_party_authorisation', (d) => ({ ...d, signature: 'electronic' })),
      '000.third_party_authorisation',
      'observed',
      ['DOC.SIGNATURE_HANDWRITTEN_REQUIRED'],
      'observed',
    ],
    [
      'third party without his own identity document',
      () => withoutKinds(thirdPartyFiling000(), 'cedula'),
      '000.third_party_identity',
      'missing',
      ['DOC.MISSING'],
      'observed',
    ],
    [
      'third party showing a foreigner code instead of a cédula',
      () => withDocs(withoutKinds(thirdPartyFiling000(), 'cedula'), doc('foreigner_code_certificate', { belongsTo: 'third_party' })),
      '000.third_party_identity',
      'met',
      [],
      'accepted',
    ],
    [
      'a holder who already has a foreigner code',
      () => ({ ...filing000(), filer: { role: 'holder', hasForeignerCode: true } }),
      '000.holder_without_foreigner_code',
      'observed',
      ['ELIGIBILITY.HAS_FOREIGNER_CODE'],
      'rejected',
    ],
    [
      'a holder who has a cédula',
      () => ({ ...filing000(), filer: { role: 'holder', hasCedula: true } }),
      '000.holder_without_cedula',
      'observed',
      ['ELIGIBILITY.HAS_CEDULA'],
      'rejected',
    ],
    [
      'an attorney (not provided for by the sheet)',
      () => ({ ...filing000(), filer: { role: 'attorney' } }),
      '000.filer',
      'observed',
      ['ELIGIBILITY.FILER_NOT_ALLOWED'],
      'rejected',
    ],
    [
      'no appointment confirmation',
      () => ({ ...filing000(), appointment: { confirmationPresented: false } }),
      '000.appointment',
      'missing',
      ['APPOINTMENT.MISSING'],
      'observed',
    ],
  ];

  it.each(cases)('%s', (_name, build, requirementId, status, codes, outcome) => {
    const result = evaluateChecklist(build());
    expect(item(result, requirementId).status).toBe(status);
    expect(codesOf(result, requirementId)).toEqual(codes);
    expect(result.outcome).toBe(outcome);
  });

  it('names the document and the field in Spanish', () => {
    const result = evaluateChecklist(patchDoc(filing000(), 'request_letter', (d) => ({ ...d, fields: { ...d.fields, narrative: '' } })));
    expect(item(result, '000.request_letter').reasons[0]?.message).toBe('Solicitud para afiliado: falta el dato «Narración detallada de la solicitud».');
    expect(item(result, '000.request_letter').source).toEqual({
      sheet: '000',
      section: 'Requisitos Generales, 1. Solicitud para afiliado',
    });
  });
});
