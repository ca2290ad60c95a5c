import { evaluateChecklist } from './evaluate-checklist';
import type { ChecklistInput } from './types';
import { codesOf, filing002, item, patchDoc, thirdPartyFiling002, withoutKinds } from '@tramites/testing/unit';

type Case = [name: string, build: () => ChecklistInput, requirementId: string, status: string, codes: string[], outcome: string];

const letterFields = (fields: Record<string, string>) => (input: ChecklistInput) =>
  patchDoc(input, 'request_letter', (d) => ({ ...d, fields: { ...d.fields, ...fields } }));

describe('002 Certificado de no afiliación al IESS para extranjeros', () => {
  const cases: Case[] = [
    ['complete filing by the holder', filing002, '002.request_letter', 'met', [], 'accepted'],
    [
      'someone who already has a foreigner code',
      () => ({ ...filing002(), filer: { role: 'holder', hasForeignerCode: true } }),
      '002.holder_without_foreigner_code',
      'observed',
      ['ELIGIBILITY.HAS_FOREIGNER_CODE'],
      'rejected',
    ],
    [
      'someone who has a cédula',
      () => ({ ...filing002(), filer: { role: 'holder', hasCedula: true } }),
      '002.holder_without_cedula',
      'observed',
      ['ELIGIBILITY.HAS_CEDULA'],
      'rejected',
    ],
    [
      'a third party filing for someone with a foreigner code is rejected too',
      () => ({ ...thirdPartyFiling002(), filer: { role: 'authorised_third_party', hasForeignerCode: true } }),
      '002.holder_without_foreigner_code',
      'observed',
      ['ELIGIBILITY.HAS_FOREIGNER_CODE'],
      'rejected',
    ],
    ['the holder needs only the original passport', filing002, '002.passport', 'met', [], 'accepted'],
    ['passport missing', () => withoutKinds(filing002(), 'passport'), '002.passport', 'missing', ['DOC.MISSING'], 'observed'],
    [
      'passport copy only',
      () => patchDoc(filing002(), 'passport', (d) => ({ ...d, original: false, copy: true })),
      '002.passport',
      'observed',
      ['DOC.ORIGINAL_REQUIRED'],
      'observed',
    ],
    ['complete filing by a third party', thirdPartyFiling002, '002.passport', 'met', [], 'accepted'],
    [
      'a third party must also bring the passport copy',
      () => patchDoc(thirdPartyFiling002(), 'passport', (d) => ({ ...d, copy: false })),
      '002.passport',
      'observed',
      ['DOC.COPY_MISSING'],
      'observed',
    ],
    ['visa missing', () => withoutKinds(filing002(), 'visa'), '002.visa', 'missing', ['DOC.MISSING'], 'observed'],
    [
      'visa copy only',
      () => patchDoc(filing002(), 'visa', (d) => ({ ...d, original: false, copy: true })),
      '002.visa',
      'observed',
      ['DOC.ORIGINAL_REQUIRED'],
      'observed',
    ],
    [
      'letter signed electronically',
      () => patchDoc(filing002(), 'request_letter', (d) => ({ ...d, signature: 'electronic' })),
      '002.request_letter',
      'observed',
      ['DOC.SIGNATURE_HANDWRITTEN_REQUIRED'],
      'observed',
    ],
    ['letter without contact data', () => letterFields({ email: '' })(filing002()), '002.request_letter', 'observed', ['DOC.FIELD_MISSING'], 'observed'],
    [
      'letter with a phone instead of an email',
      () => letterFields({ email: '', phone: '0991234567' })(filing002()),
      '002.request_letter',
      'met',
      [],
      'accepted',
    ],
    [
      'letter with an invalid email',
      () => letterFields({ email: 'carlos@' })(filing002()),
      '002.request_letter',
      'observed',
      ['VALIDATION.EMAIL_FORMAT'],
      'observed',
    ],
    [
      'letter not addressed to the Provincial Director',
      () => letterFields({ addressee: '' })(filing002()),
      '002.request_letter',
      'observed',
      ['DOC.FIELD_MISSING'],
      'observed',
    ],
    [
      'letter without the request of the certificate',
      () => letterFields({ petition: '' })(filing002()),
      '002.request_letter',
      'observed',
      ['DOC.FIELD_MISSING'],
      'observed',
    ],
    [
      'third party without the authorisation',
      () => withoutKinds(thirdPartyFiling002(), 'third_party_authorisation'),
      '002.third_party_authorisation',
      'missing',
      ['DOC.MISSING'],
      'observed',
    ],
    [
      'authorisation without the third-party names',
      () =>
        patchDoc(thirdPartyFiling002(), 'third_party_authorisation', (d) => ({
          ...d,
          fields: { ...d.fields, thirdPartyFullName: '' },
        })),
      '002.third_party_authorisation',
      'observed',
      ['DOC.FIELD_MISSING'],
      'observed',
    ],
    [
      'third party without his cédula or foreigner code',
      () => withoutKinds(thirdPartyFiling002(), 'foreigner_code_certificate'),
      '002.third_party_identity',
      'missing',
      ['DOC.MISSING'],
      'observed',
    ],
    [
      'an employer may not file',
      () => ({ ...filing002(), filer: { role: 'employer' } }),
      '002.filer',
      'observed',
      ['ELIGIBILITY.FILER_NOT_ALLOWED'],
      'rejected',
    ],
    [
      'no appointment',
      () => ({ ...filing002(), appointment: { confirmationPresented: false } }),
      '002.appointment',
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

  it('a rejection is final even when documents are also missing', () => {
    const result = evaluateChecklist({
      ...withoutKinds(filing002(), 'visa'),
      filer: { role: 'holder', hasForeignerCode: true },
    });
    expect(result.outcome).toBe('rejected');
    expect(result.mayProceed).toBe(false);
    expect(result.reasons.map((r) => r.code)).toEqual(['ELIGIBILITY.HAS_FOREIGNER_CODE', 'DOC.MISSING']);
  });
});
