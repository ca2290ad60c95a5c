import type { Actor, OpenCaseInput } from '@tramites/contracts';

/** Test data of the in-person case's pure state machine's unit specs (workflows/src/in-person-case/*.state.spec.ts). */
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
