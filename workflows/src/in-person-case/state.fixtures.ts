import type { Actor, OpenCaseInput } from '@tramites/contracts';

/** Test data of the pure state machine's unit tests (never imported by workflow code). */
export const OFFICER: Actor = { id: 'officer-1', role: 'case_manager', agencyId: 'UIO-NORTE' };
export const APPLICANT: Actor = { id: 'V1234567', role: 'applicant' };
export const OPEN_CASE_INPUT: OpenCaseInput = {
  caseId: '00000000-0000-4000-8000-000000000001',
  procedure: 'FOREIGNER_CODE',
  province: 'PICHINCHA',
  filerRole: 'holder',
  booker: { identityNumber: 'V1234567', email: 'ana@example.ec', mobile: '0991234567' },
  holder: { fullName: 'TORRES, ANA', nationality: 'COL', documentType: 'visa', documentNumber: 'V1234567', birthDate: '1992-07-03' },
  openedBy: APPLICANT,
};
