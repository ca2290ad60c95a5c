import type { CaseEventType } from './event-types';

/**
 * The steps of an in-person case's log its applicant sees on "Mi trámite" (GET /cases/:id/progress,
 * apps/web's timeline): what happened to the case, never an internal step (a retry, the duplicate
 * check, a reminder, a failed code attempt). The web has words for each one in both languages.
 */
export const CITIZEN_STEPS = [
  'CASE_OPENED',
  'BOOKER_VERIFIED',
  'APPOINTMENT_BOOKED',
  'APPOINTMENT_RESCHEDULED',
  'CASE_CHECKED_IN',
  'DOCUMENTS_ACCEPTED',
  'DOCUMENTS_OBSERVED',
  'PODER_FOUND_ENDORSED',
  'PODER_SENT_TO_LEGAL_UNIT',
  'PODER_ENDORSED',
  'PODER_REJECTED',
  'FOREIGNER_CODE_ISSUED',
  'CERTIFICATE_ISSUED',
  'CASE_REJECTED',
  'CASE_CANCELLED',
  'CASE_ABANDONED',
  'CASE_LAPSED',
  'CASE_EXPIRED',
] as const satisfies readonly CaseEventType[];

export type CitizenStep = (typeof CITIZEN_STEPS)[number];
