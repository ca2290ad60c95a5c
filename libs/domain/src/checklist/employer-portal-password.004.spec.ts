import {
  omit,
  HOLDER_FOREIGNER_CODE,
  THIRD_PARTY_CEDULA,
  codesOf,
  doc,
  inPersonFiling004,
  item,
  patchDoc,
  virtualFiling004,
  withDocs,
  withoutKinds,
} from '@tramites/testing/unit';
import { MAX_UPLOAD_BYTES } from '../uploads/upload-policy';
import { evaluateChecklist } from './evaluate-checklist';
import type { ChecklistInput } from './types';

type Case = [name: string, build: () => ChecklistInput, requirementId: string, status: string, codes: string[], outcome: string];

const foreignEmployer = (input: ChecklistInput): ChecklistInput =>
  withoutKinds({ ...input, filer: { ...input.filer, isForeignEmployer: true, hasCedula: false } }, 'cedula');

const thirdPartyInPerson = (): ChecklistInput =>
  withDocs(
    patchDoc({ ...inPersonFiling004(), filer: { role: 'authorised_third_party', employerRegistered: true } }, 'key_delivery_request', (d) => ({
      ...d,
      fields: { thirdPartyFullName: 'Luis Alberto Mena Vera', thirdPartyCedula: THIRD_PARTY_CEDULA },
    })),
    doc('cedula', { belongsTo: 'third_party' }),
  );

describe('004 Generación de clave patronal de acceso al portal IESS', () => {
  const cases: Case[] = [
    ['complete filing at the window', inPersonFiling004, '004.in_person.key_delivery_request', 'met', [], 'accepted'],
    ['window filing: virtual requirements do not apply', inPersonFiling004, '004.virtual.ruc', 'not_applicable', [], 'accepted'],
    ['complete filing through the Ventanilla Virtual', virtualFiling004, '004.virtual.key_delivery_request', 'met', [], 'accepted'],
    ['virtual filing needs no appointment', virtualFiling004, '004.appointment', 'not_applicable', [], 'accepted'],
    ['virtual filing: window requirements do not apply', virtualFiling004, '004.in_person.responsibility_agreement', 'not_applicable', [], 'accepted'],
    // --- signatures ---
    [
      'online request that is a scan of a handwritten signature',
      () => patchDoc(virtualFiling004(), 'key_delivery_request', (d) => ({ ...d, signature: 'handwritten' })),
      '004.virtual.key_delivery_request',
      'observed',
      ['DOC.SIGNATURE_ELECTRONIC_REQUIRED'],
      'observed',
    ],
    [
      'online agreement that is a scan of a handwritten signature',
      () => patchDoc(virtualFiling004(), 'responsibility_agreement', (d) => ({ ...d, signature: 'handwritten' })),
      '004.virtual.responsibility_agreement',
      'observed',
      ['DOC.SIGNATURE_ELECTRONIC_REQUIRED'],
      'observed',
    ],
    [
      'window request signed electronically',
      () => patchDoc(inPersonFiling004(), 'key_delivery_request', (d) => ({ ...d, signature: 'electronic' })),
      '004.in_person.key_delivery_request',
      'observed',
      ['DOC.SIGNATURE_HANDWRITTEN_REQUIRED'],
      'observed',
    ],
    [
      'window agreement not signed',
      () => patchDoc(inPersonFiling004(), 'responsibility_agreement', (d) => ({ ...d, signature: 'none' })),
      '004.in_person.responsibility_agreement',
      'observed',
      ['DOC.SIGNATURE_HANDWRITTEN_REQUIRED'],
      'observed',
    ],
    // --- uploads ---
    [
      'an upload of 1 MB + 1 byte',
      () =>
        patchDoc(virtualFiling004(), 'ruc', (d) => ({
          ...d,
          upload: { sizeBytes: MAX_UPLOAD_BYTES + 1, detected: 'pdf', fileName: 'ruc.pdf' },
        })),
      '004.virtual.ruc',
      'observed',
      ['UPLOAD.TOO_LARGE'],
      'observed',
    ],
    [
      'an upload of exactly 1 MB',
      () =>
        patchDoc(virtualFiling004(), 'ruc', (d) => ({
          ...d,
          upload: { sizeBytes: MAX_UPLOAD_BYTES, detected: 'pdf' },
        })),
      '004.virtual.ruc',
      'met',
      [],
      'accepted',
    ],
    [
      'a ".pdf" that is really an executable',
      () =>
        patchDoc(virtualFiling004(), 'cedula', (d) => ({
          ...d,
          upload: { sizeBytes: 4096, detected: 'windows_executable', fileName: 'cedula.pdf' },
        })),
      '004.virtual.cedula',
      'observed',
      ['UPLOAD.TYPE_NOT_ALLOWED'],
      'observed',
    ],
    [
      'a document listed but never uploaded',
      () => patchDoc(virtualFiling004(), 'responsibility_agreement', (d) => omit(d, 'upload')),
      '004.virtual.responsibility_agreement',
      'observed',
      ['DOC.UPLOAD_MISSING'],
      'observed',
    ],
    [
      'RUC with a wrong check digit',
      () => patchDoc(virtualFiling004(), 'ruc', (d) => ({ ...d, fields: { ruc: '1790016918001' } })),
      '004.virtual.ruc',
      'observed',
      ['VALIDATION.RUC_CHECK_DIGIT'],
      'observed',
    ],
    ['RUC missing', () => withoutKinds(virtualFiling004(), 'ruc'), '004.virtual.ruc', 'missing', ['DOC.MISSING'], 'observed'],
    // --- prerequisites ---
    [
      'employer registration not done',
      () => ({ ...inPersonFiling004(), filer: { ...inPersonFiling004().filer, employerRegistered: false } }),
      '004.employer_registered',
      'missing',
      ['ELIGIBILITY.EMPLOYER_NOT_REGISTERED'],
      'observed',
    ],
    ['no active email', () => ({ ...inPersonFiling004(), request: {} }), '004.active_email', 'missing', ['VALIDATION.REQUIRED'], 'observed'],
    [
      'virtual form without province',
      () => ({ ...virtualFiling004(), request: { email: 'rrhh@empresa.com.ec', requestDetail: 'Clave' } }),
      '004.virtual.reception_form',
      'observed',
      ['VALIDATION.REQUIRED'],
      'observed',
    ],
    [
      'virtual form with an unknown province',
      () => ({
        ...virtualFiling004(),
        request: { email: 'rrhh@empresa.com.ec', province: 'Atlántida', requestDetail: 'Clave' },
      }),
      '004.virtual.reception_form',
      'observed',
      ['VALIDATION.PROVINCE'],
      'observed',
    ],
    // --- cédula and foreign employers ---
    ['legal representative cédula missing', () => withoutKinds(inPersonFiling004(), 'cedula'), '004.in_person.cedula', 'missing', ['DOC.MISSING'], 'observed'],
    [
      'legal representative cédula with an invalid number',
      () => patchDoc(inPersonFiling004(), 'cedula', (d) => ({ ...d, fields: { documentNumber: '0102030401' } })),
      '004.in_person.cedula',
      'observed',
      ['VALIDATION.CEDULA_CHECK_DIGIT'],
      'observed',
    ],
    ['foreign employer: the cédula does not apply', () => foreignEmployer(inPersonFiling004()), '004.in_person.cedula', 'not_applicable', [], 'observed'],
    [
      'foreign employer with no alternative document',
      () => foreignEmployer(inPersonFiling004()),
      '004.foreigner_code',
      'missing',
      ['DOC.ALTERNATIVE_MISSING'],
      'observed',
    ],
    [
      'foreign employer with the original passport at the window',
      () => withDocs(foreignEmployer(inPersonFiling004()), doc('passport', { belongsTo: 'legal_representative' })),
      '004.passport',
      'met',
      [],
      'accepted',
    ],
    [
      'foreign employer with a copy of the foreigner code at the window',
      () =>
        withDocs(
          foreignEmployer(inPersonFiling004()),
          doc('foreigner_code_certificate', {
            original: false,
            copy: true,
            fields: { documentNumber: HOLDER_FOREIGNER_CODE },
          }),
        ),
      '004.foreigner_code',
      'met',
      [],
      'accepted',
    ],
    [
      'foreign employer: the visa is not needed when the code is shown',
      () => withDocs(foreignEmployer(inPersonFiling004()), doc('foreigner_code_certificate', { original: false, copy: true })),
      '004.visa',
      'not_applicable',
      [],
      'accepted',
    ],
    [
      'foreign employer uploads the visa online',
      () => withDocs(foreignEmployer(virtualFiling004()), doc('visa', { original: false, upload: { sizeBytes: 50_000, detected: 'jpeg' } })),
      '004.visa',
      'met',
      [],
      'accepted',
    ],
    [
      'a foreign employer who has a cédula uses the cédula',
      () => ({
        ...inPersonFiling004(),
        filer: { ...inPersonFiling004().filer, isForeignEmployer: true, hasCedula: true },
      }),
      '004.passport',
      'not_applicable',
      [],
      'accepted',
    ],
    // --- artisans ---
    [
      'artisan without the qualification',
      () => ({ ...inPersonFiling004(), filer: { ...inPersonFiling004().filer, isArtisan: true } }),
      '004.artisan_qualification',
      'missing',
      ['DOC.MISSING'],
      'observed',
    ],
    [
      'artisan with a simple copy at the window',
      () =>
        withDocs(
          { ...inPersonFiling004(), filer: { ...inPersonFiling004().filer, isArtisan: true } },
          doc('artisan_qualification', { original: false, copy: true }),
        ),
      '004.artisan_qualification',
      'met',
      [],
      'accepted',
    ],
    [
      'artisan with the original only at the window',
      () => withDocs({ ...inPersonFiling004(), filer: { ...inPersonFiling004().filer, isArtisan: true } }, doc('artisan_qualification')),
      '004.artisan_qualification',
      'observed',
      ['DOC.COPY_MISSING'],
      'observed',
    ],
    [
      'artisan uploading the qualification online',
      () =>
        withDocs(
          { ...virtualFiling004(), filer: { ...virtualFiling004().filer, isArtisan: true } },
          doc('artisan_qualification', { original: false, upload: { sizeBytes: 10_000, detected: 'pdf' } }),
        ),
      '004.artisan_qualification',
      'met',
      [],
      'accepted',
    ],
    ['non-artisan: qualification does not apply', inPersonFiling004, '004.artisan_qualification', 'not_applicable', [], 'accepted'],
    // --- third party at the window ---
    ['third party named in the request, with his cédula', thirdPartyInPerson, '004.in_person.password_withdrawal_authorisation', 'met', [], 'accepted'],
    [
      'third party not registered in the request',
      () => patchDoc(thirdPartyInPerson(), 'key_delivery_request', (d) => ({ ...d, fields: {} })),
      '004.in_person.password_withdrawal_authorisation',
      'missing',
      ['DOC.FIELD_MISSING', 'DOC.FIELD_MISSING'],
      'observed',
    ],
    [
      'third party without his original cédula',
      () => ({
        ...thirdPartyInPerson(),
        documents: thirdPartyInPerson().documents.filter((d) => d.belongsTo !== 'third_party'),
      }),
      '004.in_person.third_party_cedula',
      'missing',
      ['DOC.MISSING'],
      'observed',
    ],
    [
      'third party online (the sheet provides it only at the window)',
      () => ({ ...virtualFiling004(), filer: { role: 'authorised_third_party', employerRegistered: true } }),
      '004.filer',
      'observed',
      ['ELIGIBILITY.FILER_NOT_ALLOWED'],
      'rejected',
    ],
    [
      'attorney (not provided for by the sheet)',
      () => ({ ...inPersonFiling004(), filer: { role: 'attorney', employerRegistered: true } }),
      '004.filer',
      'observed',
      ['ELIGIBILITY.FILER_NOT_ALLOWED'],
      'rejected',
    ],
    [
      'window filing without appointment',
      () => ({ ...inPersonFiling004(), appointment: { confirmationPresented: false } }),
      '004.appointment',
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

  it('words the size refusal with the exact byte counts', () => {
    const result = evaluateChecklist(
      patchDoc(virtualFiling004(), 'ruc', (d) => ({
        ...d,
        upload: { sizeBytes: MAX_UPLOAD_BYTES + 1, detected: 'pdf', fileName: 'ruc.pdf' },
      })),
    );
    expect(item(result, '004.virtual.ruc').reasons[0]?.message).toBe('El archivo «ruc.pdf» pesa 1.048.577 bytes y supera el máximo de 1 MB (1.048.576 bytes).');
  });
});
