import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ChecklistResult, DeadlineClockState, FilerRole, PresentedDocument, Reason, SutRecord } from '@tramites/domain';

/** Workflow ids derive from business ids (docs/architecture.md, rule 4). */
export const caseWorkflowId = (caseId: string): string => `case:${caseId}`;

export type InPersonProcedure = 'FOREIGNER_CODE' | 'FOREIGNER_CODE_EMPLOYMENT' | 'NON_AFFILIATION_CERTIFICATE';

export type ActorRole = 'applicant' | 'case_manager' | 'legal_unit' | 'auditor' | 'admin' | 'supervisor' | 'system';

/** Who did something: recorded in the workflow history and the event log. */
export interface Actor {
  id: string;
  role: ActorRole;
  /** Agency of a case manager or a supervisor, province of the legal unit. */
  agencyId?: string;
  province?: string;
}

export const SYSTEM_ACTOR: Actor = { id: 'system', role: 'system' };

/** The foreign person the case is for (the holder), as identified at the window. */
export interface HolderIdentity {
  fullName: string;
  nationality: string;
  documentType: 'passport' | 'visa' | 'home_country_id';
  documentNumber: string;
  /** YYYY-MM-DD */
  birthDate: string;
}

/** Who books the appointment and attends: its contact data receives every email. */
export interface Booker {
  identityNumber: string;
  email: string;
  mobile: string;
}

export interface PowerOfAttorneyData {
  /** Employer (RUC or cédula) who granted the poder. */
  employerId: string;
  /** Identity number of the attorney who acts. */
  attorneyId: string;
  attorneyName: string;
  /** Number of the notarial deed. */
  deedNumber: string;
  notary: string;
  /** YYYY-MM-DD, when stated in the deed. */
  validUntil?: string;
}

export interface OpenCaseInput {
  caseId: string;
  procedure: InPersonProcedure;
  province: string;
  filerRole: FilerRole;
  booker: Booker;
  holder: HolderIdentity;
  /** 001: the employer who files for the foreign worker (RUC or cédula). */
  employerId?: string;
  /** When an attorney acts (001). */
  poder?: PowerOfAttorneyData;
  /**
   * 001, "grupos vulnerables": elderly, disabled or pregnant people may be attended
   * without an online appointment; the case manager opens the case checked in.
   */
  walkIn?: { agencyId: string; vulnerableGroup: 'elderly' | 'disabled' | 'pregnant' };
  /**
   * An online turno booked at the desk on the applicant's behalf (an assisted booking, ADR 0030):
   * the officer who opens the case has seen the person's identity document, so no emailed code is
   * asked; the officer then books a seat of this agency with the booking's own rules.
   */
  deskBooking?: { agencyId: string };
  openedBy: Actor;
  /** Business-day budgets; defaults in CASE_DEFAULTS. */
  settings?: Partial<CaseSettings>;
}

export interface CaseSettings {
  /** Minutes an emailed verification code is valid. */
  verificationCodeMinutes: number;
  verificationMaxAttempts: number;
  verificationMaxCodes: number;
  /** Hours a case may wait for the booker to verify and book before it closes. */
  bookingWindowHours: number;
  /** Business days the applicant has to correct observed documents. */
  correctionBusinessDays: number;
  /** Business days the institution has, from check-in, to issue the result (clock stops while waiting on the applicant). */
  serviceBusinessDays: number;
  /** Business days the legal unit has to decide a poder; a reminder at half, escalation at the end. */
  legalReviewBusinessDays: number;
  /** Business hours between automatic retries of a stuck registry call. */
  stuckRetryBusinessHours: number;
  /**
   * First back-off of a registry call's retries (doubling up to 30 s, five attempts), before the case
   * shows as stuck: 5 s gives about 65 s, so an outage of our own database of up to a minute goes unnoticed.
   */
  registryRetryInitialMs: number;
}

export const CASE_DEFAULTS: CaseSettings = {
  verificationCodeMinutes: 10,
  verificationMaxAttempts: 5,
  verificationMaxCodes: 3,
  bookingWindowHours: 24,
  correctionBusinessDays: 5,
  serviceBusinessDays: 10,
  legalReviewBusinessDays: 3,
  stuckRetryBusinessHours: 4,
  registryRetryInitialMs: 5000,
};

export type CaseStatus =
  | 'awaiting_verification'
  | 'awaiting_booking'
  | 'scheduled'
  | 'checked_in'
  | 'awaiting_correction'
  | 'legal_review'
  | 'issuing'
  /** Issuance paused: a probable duplicate of a person who already has a code awaits a case manager. */
  | 'possible_duplicate'
  | 'stuck'
  | 'issued'
  | 'rejected'
  | 'lapsed'
  | 'cancelled'
  | 'abandoned'
  | 'verification_failed';

/** Every status of an in-person case (the record makes the compiler ask for a new one). */
const CASE_STATUS_SET: Record<CaseStatus, true> = {
  awaiting_verification: true,
  awaiting_booking: true,
  scheduled: true,
  checked_in: true,
  awaiting_correction: true,
  legal_review: true,
  issuing: true,
  stuck: true,
  possible_duplicate: true,
  issued: true,
  rejected: true,
  lapsed: true,
  cancelled: true,
  abandoned: true,
  verification_failed: true,
};
export const CASE_STATUSES = Object.keys(CASE_STATUS_SET) as readonly CaseStatus[];

export const FINAL_STATUSES: readonly CaseStatus[] = ['issued', 'rejected', 'lapsed', 'cancelled', 'abandoned', 'verification_failed'];

export type WaitingOn = 'applicant' | 'institution' | 'nobody';

export interface AppointmentView {
  slotId: string;
  reference: string;
  agencyId: string;
  agencyName: string;
  startsAt: string;
  /** The agency's own closing time that day (ISO instant): a no-show lapses then. Absent in appointments booked before it was kept. */
  closesAt?: string;
}

export interface IssuedResult {
  kind: 'FOREIGNER_CODE' | 'NON_AFFILIATION_CERTIFICATE';
  code?: string;
  /** The person already had a code: it is handed over again, never a second one. */
  alreadyHad?: boolean;
  verificationNumber: string;
  documentSha256: string;
  issuedAt: string;
}

export interface CaseView {
  caseId: string;
  procedure: InPersonProcedure;
  status: CaseStatus;
  province: string;
  filerRole: FilerRole;
  applicantId: string;
  holder: HolderIdentity;
  waitingOn: WaitingOn;
  /** The applicant's or the institution's deadline, whichever the case waits on. */
  deadlineAt?: string;
  appointment?: AppointmentView;
  verification: { attemptsLeft: number; codesLeft: number; codeExpiresAt?: string };
  /** The agency whose desk booked the turno on the applicant's behalf (ADR 0030). */
  deskBooking?: { agencyId: string };
  checkedInAt?: string;
  checkedInBy?: Actor;
  /** Who reviewed the documents last (may not endorse the case's poder). */
  documentsReviewedBy?: Actor;
  checklist?: ChecklistResult;
  correctionDueAt?: string;
  /** The institution's clock (runs from check-in, paused while waiting on the applicant). */
  serviceClock?: DeadlineClockState;
  poder?: { poderId: string; status: 'on_file' | 'in_review' | 'endorsed' | 'rejected'; reason?: Reason };
  stuck?: { step: string; since: string; attempts: number; escalated: boolean };
  /** "Posible duplicado": the people with a code who may be the holder, and the case manager's decision. */
  duplicateReview?: DuplicateReview;
  result?: IssuedResult;
  closedReason?: Reason[];
  eventCount: number;
}

// --- messages -----------------------------------------------------------------

export interface VerifyCodeInput {
  actor: Actor;
  code: string;
}
export interface ResendCodeInput {
  actor: Actor;
}
export interface BookSlotInput {
  actor: Actor;
  slotId: string;
}
export interface CancelInput {
  actor: Actor;
  reason: string;
}
export interface CheckInInput {
  actor: Actor;
}
export interface RecordDocumentsInput {
  actor: Actor;
  documents: PresentedDocument[];
  sutRecord?: SutRecord;
  request?: Record<string, string>;
  /** Facts established at the window. */
  holderHasCedula?: boolean;
  holderHasForeignerCode?: boolean;
  isForeignWorkerHimself?: boolean;
}
export interface RetryStuckInput {
  actor: Actor;
}

/** A person who already has a foreigner code and may be the holder (same normalised names, birth date, nationality). */
export interface DuplicateCandidate {
  code: string;
  fullName: string;
  nationality: string;
  birthDate: string;
  /** Every document the person has shown. */
  documents: Array<{ documentType: string; documentNumber: string }>;
}

export type DuplicateDecision = 'same_person' | 'different_person';

export interface DuplicateReview {
  candidates: DuplicateCandidate[];
  foundAt: string;
  decision?: DuplicateDecision;
  /** same_person: the existing code the holder is given. */
  code?: string;
  reason?: string;
  decidedBy?: Actor;
  decidedAt?: string;
}

export interface ResolveDuplicateInput {
  actor: Actor;
  decision: DuplicateDecision;
  /** same_person: which candidate's code (optional when there is one candidate). */
  code?: string;
  /** Why: kept in the audit trail. */
  reason: string;
}

/** The events of the "posible duplicado" review (the vocabulary of the case log). */
export const DUPLICATE_REVIEW_EVENTS = {
  found: 'POSSIBLE_DUPLICATE_FOUND',
  resolved: 'POSSIBLE_DUPLICATE_RESOLVED',
} as const;

export const getCaseQuery = defineQuery<CaseView>('getCase');
export const verifyCodeUpdate = defineUpdate<CaseView, [VerifyCodeInput]>('verifyCode');
export const resendCodeUpdate = defineUpdate<CaseView, [ResendCodeInput]>('resendCode');
export const bookSlotUpdate = defineUpdate<CaseView, [BookSlotInput]>('bookSlot');
export const rescheduleUpdate = defineUpdate<CaseView, [BookSlotInput]>('reschedule');
export const cancelUpdate = defineUpdate<CaseView, [CancelInput]>('cancel');
export const checkInUpdate = defineUpdate<CaseView, [CheckInInput]>('checkIn');
export const recordDocumentsUpdate = defineUpdate<CaseView, [RecordDocumentsInput]>('recordDocuments');
export const retryStuckUpdate = defineUpdate<CaseView, [RetryStuckInput]>('retryStuck');
/** A case manager decides a "posible duplicado": the existing code (same person) or a new one (different person). */
export const resolveDuplicateUpdate = defineUpdate<CaseView, [ResolveDuplicateInput]>('resolveDuplicate');

/** The short reference the applicant sees in emails and at the window. */
export const caseReference = (caseId: string): string => `T-${caseId.replace(/-/g, '').slice(0, 10).toUpperCase()}`;

/** Spanish names of the in-person procedures, for emails and screens. */
export const PROCEDURE_NAMES: Record<InPersonProcedure, string> = {
  FOREIGNER_CODE: 'Asignación de código de identificación para extranjeros',
  FOREIGNER_CODE_EMPLOYMENT: 'Código de identificación para extranjeros bajo relación de dependencia',
  NON_AFFILIATION_CERTIFICATE: 'Certificado de no afiliación',
};
