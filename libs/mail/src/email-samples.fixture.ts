import type { CaseEmailParams, CaseEmailTemplate } from '@tramites/contracts';

/** Valid params of every email template, for the template specs. */
export const REF = 'TR-2026-000123';
export const PROCEDURE = 'Código de identificación para extranjeros';
export const appointment = {
  reference: REF,
  procedureName: PROCEDURE,
  agencyName: 'Centro de Atención Universal Quito Norte',
  // 14:30 UTC = 09:30 in Guayaquil.
  startsAt: '2026-12-07T14:30:00.000Z',
};
export const started = { reference: REF, procedureName: PROCEDURE };

/** Valid params of every template. */
export const SAMPLES: { [K in CaseEmailTemplate]: CaseEmailParams[K] } = {
  VERIFICATION_CODE: { reference: REF, code: '482915', minutesValid: 10 },
  FOLLOW_CASE_CODE: { reference: REF, code: '173904', minutesValid: 10 },
  PASSWORD_LINK: {
    reference: REF,
    procedureName: 'Clave de afiliado',
    url: 'https://tramites.iess.gob.ec/clave#t=abc',
    minutesValid: 15,
    expiresAt: '2026-12-07T14:30:00.000Z',
  },
  PASSWORD_SET: { reference: REF, procedureName: 'Clave de afiliado', setAt: '2026-12-07T14:30:00.000Z' },
  CREDENTIAL_LOCKED: { reference: REF, procedureName: 'Clave de afiliado' },
  APPOINTMENT_CONFIRMED: appointment,
  APPOINTMENT_REMINDER: appointment,
  APPOINTMENT_RESCHEDULED: { ...appointment, previousStartsAt: '2026-12-03T20:00:00Z' },
  APPOINTMENT_CANCELLED: appointment,
  CASE_LAPSED: appointment,
  DOCUMENTS_OBSERVED: {
    ...started,
    observations: 'Pasaporte: falta la copia simple.\nSolicitud: la firma manuscrita es imprescindible.',
    deadline: '2026-12-14',
  },
  DOCUMENTS_ACCEPTED: started,
  CASE_ABANDONED: started,
  CASE_REJECTED: { ...started, reasons: 'La persona ya tiene cédula de ciudadanía.' },
  PODER_IN_LEGAL_REVIEW: started,
  PODER_ENDORSED: started,
  PODER_REJECTED: { ...started, reason: 'El poder no faculta al apoderado para este trámite.' },
  FOREIGNER_CODE_ISSUED: { ...started, code: 'EXT-1234567', verificationNumber: 'V-998877', alreadyHad: false },
  CERTIFICATE_ISSUED: { ...started, procedureName: 'Certificado de no afiliación', verificationNumber: 'V-112233' },
  CASE_DELAYED: started,
  WAITING_LIST_OFFER: { ...appointment, url: 'https://turnos.example/turno/lista/oferta/abc', minutesValid: 30, expiresAt: '2026-12-03T20:30:00Z' },
};
