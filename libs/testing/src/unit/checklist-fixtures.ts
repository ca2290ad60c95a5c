/**
 * Test fixtures for the checklist specs: complete, accepted filings of each
 * procedure that individual tests then break one requirement at a time.
 */
import type { ChecklistInput, ChecklistItem, ChecklistResult, DocumentKind, PresentedDocument } from '@tramites/domain';

export const EMPLOYER_CEDULA = '1712345675';
export const THIRD_PARTY_CEDULA = '0912345675';
export const LEGAL_REP_CEDULA = '0102030400';
export const HOLDER_FOREIGNER_CODE = '938472619509';
export const PRIVATE_RUC = '1790016919001';

export const FOREIGNER = {
  fullName: 'Carlos Eduardo Rivas Pérez',
  passport: 'AB1234567',
  visa: 'V98765432',
  homeId: 'CC80123456',
};

export function doc(kind: DocumentKind, overrides: Partial<PresentedDocument> = {}): PresentedDocument {
  return { kind, original: true, copy: false, fields: {}, ...overrides };
}

export function item(result: ChecklistResult, requirementId: string): ChecklistItem {
  const found = result.items.find((i) => i.requirementId === requirementId);
  if (!found) throw new Error(`no checklist item ${requirementId}`);
  return found;
}

export function codesOf(result: ChecklistResult, requirementId: string): string[] {
  return item(result, requirementId).reasons.map((r) => r.code);
}

export function withoutKinds(input: ChecklistInput, ...kinds: DocumentKind[]): ChecklistInput {
  return { ...input, documents: input.documents.filter((d) => !kinds.includes(d.kind)) };
}

export function withDocs(input: ChecklistInput, ...docs: PresentedDocument[]): ChecklistInput {
  return { ...input, documents: [...input.documents, ...docs] };
}

/** Replace the first document of `kind` by applying `change` to it. */
export function patchDoc(input: ChecklistInput, kind: DocumentKind, change: (d: PresentedDocument) => PresentedDocument): ChecklistInput {
  let done = false;
  return {
    ...input,
    documents: input.documents.map((d) => {
      if (done || d.kind !== kind) return d;
      done = true;
      return change(d);
    }),
  };
}

// --- 000 ----------------------------------------------------------------------

export function filing000(): ChecklistInput {
  return {
    procedure: 'FOREIGNER_CODE',
    channel: 'in_person',
    filer: { role: 'holder' },
    appointment: { confirmationPresented: true },
    sutRecord: { registrationNumber: 'SUT-2025-000123' },
    documents: [
      doc('request_letter', {
        signature: 'handwritten',
        fields: {
          fullName: FOREIGNER.fullName,
          identityDocumentNumber: FOREIGNER.passport,
          narrative: 'Solicito la asignación del código.',
        },
      }),
      doc('passport', { copy: true, fields: { fullName: FOREIGNER.fullName, documentNumber: FOREIGNER.passport } }),
      doc('visa', { copy: true }),
      doc('work_contract', { original: false, copy: true, fields: { sutRegistrationNumber: 'SUT-2025-000123' } }),
    ],
  };
}

export function thirdPartyFiling000(): ChecklistInput {
  return withDocs(
    { ...filing000(), filer: { role: 'authorised_third_party' } },
    doc('third_party_authorisation', {
      signature: 'handwritten',
      fields: {
        holderFullName: FOREIGNER.fullName,
        holderPassportNumber: FOREIGNER.passport,
        thirdPartyFullName: 'Luis Alberto Mena Vera',
        thirdPartyIdentityNumber: THIRD_PARTY_CEDULA,
        narrative: 'Autorizo a Luis Mena a ingresar el trámite.',
      },
    }),
    doc('cedula', { belongsTo: 'third_party' }),
  );
}

// --- 001 ----------------------------------------------------------------------

export function filing001(): ChecklistInput {
  return {
    procedure: 'FOREIGNER_CODE_EMPLOYMENT',
    channel: 'in_person',
    filer: { role: 'employer', identityNumber: EMPLOYER_CEDULA },
    appointment: { confirmationPresented: true, bookedForIdentityNumber: EMPLOYER_CEDULA },
    sutRecord: {
      registrationNumber: 'SUT-2025-000777',
      foreignerFullName: FOREIGNER.fullName,
      foreignerDocumentNumber: FOREIGNER.passport,
      foreignerDocumentKind: 'passport',
    },
    documents: [
      doc('request_letter', {
        signature: 'handwritten',
        signedBy: 'employer',
        fields: {
          employerFullName: 'María Fernanda Andrade Loor',
          employerCedula: EMPLOYER_CEDULA,
          foreignerFullName: FOREIGNER.fullName,
          foreignerDocumentNumber: FOREIGNER.passport,
          narrative: 'Solicito el código de identificación para mi trabajador.',
        },
      }),
      doc('sut_contract'),
      // Passport data is often written surname first and with separators: still the same data.
      doc('passport', {
        copy: true,
        fields: { fullName: 'RIVAS PÉREZ, CARLOS EDUARDO', documentNumber: 'ab-123 4567' },
      }),
    ],
  };
}

export function attorneyFiling001(): ChecklistInput {
  return withDocs(
    {
      ...filing001(),
      filer: { role: 'attorney', identityNumber: THIRD_PARTY_CEDULA },
      appointment: { confirmationPresented: true, bookedForIdentityNumber: THIRD_PARTY_CEDULA },
      endorsedPoderOnFile: true,
    },
    doc('poder', { original: false, copy: true }),
  );
}

export function thirdPartyFiling001(): ChecklistInput {
  return withDocs(
    {
      ...filing001(),
      filer: { role: 'authorised_third_party', identityNumber: THIRD_PARTY_CEDULA },
      appointment: { confirmationPresented: true, bookedForIdentityNumber: THIRD_PARTY_CEDULA },
    },
    doc('third_party_authorisation', {
      signature: 'handwritten',
      signedBy: 'employer',
      fields: {
        employerFullName: 'María Fernanda Andrade Loor',
        employerCedula: EMPLOYER_CEDULA,
        thirdPartyFullName: 'Luis Alberto Mena Vera',
        thirdPartyCedula: THIRD_PARTY_CEDULA,
        narrative: 'Autorizo a Luis Mena a presentar el trámite.',
      },
    }),
    doc('cedula', { belongsTo: 'third_party' }),
    doc('cedula', { belongsTo: 'employer', original: false, copy: true }),
  );
}

// --- 002 ----------------------------------------------------------------------

export function filing002(): ChecklistInput {
  return {
    procedure: 'NON_AFFILIATION_CERTIFICATE',
    channel: 'in_person',
    filer: { role: 'holder', hasCedula: false, hasForeignerCode: false },
    appointment: { confirmationPresented: true },
    documents: [
      doc('passport'),
      doc('visa'),
      doc('request_letter', {
        signature: 'handwritten',
        fields: {
          addressee: 'Director Provincial de Pichincha',
          fullName: FOREIGNER.fullName,
          identityDocumentNumber: FOREIGNER.passport,
          email: 'carlos.rivas@example.com',
          petition: 'Solicito el certificado de no afiliación al IESS.',
        },
      }),
    ],
  };
}

export function thirdPartyFiling002(): ChecklistInput {
  return withDocs(
    patchDoc({ ...filing002(), filer: { role: 'authorised_third_party' } }, 'passport', (d) => ({ ...d, copy: true })),
    doc('third_party_authorisation', {
      signature: 'handwritten',
      fields: {
        holderFullName: FOREIGNER.fullName,
        holderPassportNumber: FOREIGNER.passport,
        thirdPartyFullName: 'Luis Alberto Mena Vera',
        thirdPartyIdentityNumber: THIRD_PARTY_CEDULA,
        narrative: 'Autorizo a Luis Mena a retirar el certificado.',
      },
    }),
    doc('foreigner_code_certificate', { belongsTo: 'third_party' }),
  );
}

// --- 003 ----------------------------------------------------------------------

export const LINK_ISSUED_AT = Date.UTC(2025, 5, 2, 15, 0, 0); // 10:00 Guayaquil

export function filing003(): ChecklistInput {
  return {
    procedure: 'AFFILIATE_PORTAL_PASSWORD',
    channel: 'virtual',
    filer: { role: 'holder' },
    request: { cedula: EMPLOYER_CEDULA, email: 'afiliado@example.com', mobile: '+593 99 123 4567' },
    documents: [],
    portal: {
      captchaPassed: true,
      birthDayMonthConfirmed: true,
      workHistoryAnswered: true,
      personalQuestionsAnswered: true,
      failedAttempts: 1,
      emailConfirmed: true,
      linkIssuedAt: LINK_ISSUED_AT,
      linkOpenedAt: LINK_ISSUED_AT + 5 * 60_000,
      declarationAccepted: true,
      newPassword: { valid: true, setAt: LINK_ISSUED_AT + 12 * 60_000 },
    },
  };
}

// --- 004 ----------------------------------------------------------------------

const PDF = { sizeBytes: 200_000, detected: 'pdf' as const };

export function inPersonFiling004(): ChecklistInput {
  return {
    procedure: 'EMPLOYER_PORTAL_PASSWORD',
    channel: 'in_person',
    filer: { role: 'legal_representative', employerRegistered: true, identityNumber: LEGAL_REP_CEDULA },
    request: { email: 'rrhh@empresa.com.ec' },
    appointment: { confirmationPresented: true },
    documents: [
      doc('key_delivery_request', { signature: 'handwritten' }),
      doc('cedula', { belongsTo: 'legal_representative', fields: { documentNumber: LEGAL_REP_CEDULA } }),
      doc('responsibility_agreement', { signature: 'handwritten' }),
    ],
  };
}

export function virtualFiling004(): ChecklistInput {
  return {
    procedure: 'EMPLOYER_PORTAL_PASSWORD',
    channel: 'virtual',
    filer: { role: 'legal_representative', employerRegistered: true },
    request: { email: 'rrhh@empresa.com.ec', province: 'Pichincha', requestDetail: 'Solicito la clave patronal.' },
    documents: [
      doc('ruc', { original: false, upload: { ...PDF, fileName: 'ruc.pdf' }, fields: { ruc: PRIVATE_RUC } }),
      doc('key_delivery_request', {
        original: false,
        signature: 'electronic',
        upload: { ...PDF, fileName: 'solicitud.pdf' },
      }),
      doc('cedula', {
        original: false,
        belongsTo: 'legal_representative',
        upload: { sizeBytes: 90_000, detected: 'jpeg', fileName: 'cedula.jpg' },
      }),
      doc('responsibility_agreement', {
        original: false,
        signature: 'electronic',
        upload: { ...PDF, fileName: 'acuerdo.pdf' },
      }),
    ],
  };
}
