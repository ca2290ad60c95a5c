import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ChecklistResult, DocumentKind, DocumentOwner, FilerRole, Reason, VirtualUploadSlot } from '@tramites/domain';
import type { Actor, RecordDocumentsInput, WaitingOn } from './case';

/**
 * Portal passwords (sheets 003 and 004). No password, personal answer or link token
 * ever travels through these types: the API checks and stores secrets in PostgreSQL
 * and tells the workflow only the outcome (ADR 0007).
 */

export type CredentialProcedure = 'AFFILIATE_PORTAL_PASSWORD' | 'EMPLOYER_PORTAL_PASSWORD';
export type HolderKind = 'affiliate' | 'employer';

export interface CredentialSettings {
  /** 003/004: "un link ... su duración es de 15 minutos"; a Temporal timer expires it. */
  linkTtlMs: number;
  /** How many links a case may send (the first and two re-sends). */
  maxLinks: number;
  /** 003: minutes the online session (identity check, email) stays open. */
  sessionMinutes: number;
  /** 003: days a locked case waits for an officer to unlock the credential. */
  lockedWaitDays: number;
  /** Hours an expired link may be re-requested before the case closes. */
  resendWindowHours: number;
  /** 004: business days to submit (or correct) the documents. */
  submissionBusinessDays: number;
}

export const CREDENTIAL_DEFAULTS: CredentialSettings = {
  linkTtlMs: 15 * 60_000,
  maxLinks: 3,
  sessionMinutes: 60,
  lockedWaitDays: 30,
  resendWindowHours: 24,
  submissionBusinessDays: 5,
};

export const credentialLinkOrdinalId = (caseId: string, ordinal: number): string => `${caseId}:link:${ordinal}`;

export type CredentialStatus =
  | 'identity_check'
  | 'locked'
  | 'awaiting_email'
  | 'awaiting_submission'
  | 'awaiting_window_review'
  | 'office_review'
  | 'awaiting_correction'
  | 'link_sent'
  | 'link_expired'
  | 'issued'
  | 'rejected'
  | 'expired'
  | 'abandoned';

const CREDENTIAL_STATUS_SET: Record<CredentialStatus, true> = {
  identity_check: true,
  locked: true,
  awaiting_email: true,
  awaiting_submission: true,
  awaiting_window_review: true,
  office_review: true,
  awaiting_correction: true,
  link_sent: true,
  link_expired: true,
  issued: true,
  rejected: true,
  expired: true,
  abandoned: true,
};
export const CREDENTIAL_STATUSES = Object.keys(CREDENTIAL_STATUS_SET) as readonly CredentialStatus[];

export const CREDENTIAL_FINAL_STATUSES: readonly CredentialStatus[] = ['issued', 'rejected', 'expired', 'abandoned'];

export interface AffiliatePasswordInput {
  caseId: string;
  /** Cédula or foreigner code (003, VIRTUAL 3). */
  identityNumber: string;
  openedBy: Actor;
  settings?: Partial<CredentialSettings>;
}

export interface EmployerPasswordInput {
  caseId: string;
  channel: 'in_person' | 'virtual';
  /** RUC, or for a foreign employer the foreigner code, passport or visa number. */
  employerId: string;
  filerRole: Extract<FilerRole, 'legal_representative' | 'employer' | 'authorised_third_party'>;
  /** Who files: the legal representative, the employer himself or the authorised third party. */
  filer: { identityNumber: string; fullName: string };
  /** In person: the officer's agency and the appointment shown at the window. */
  agencyId?: string;
  appointmentReference?: string;
  openedBy: Actor;
  settings?: Partial<CredentialSettings>;
}

/** A multiple-choice question shown to the affiliate (the expected answer stays in the database). */
export interface ChallengeQuestion {
  id: string;
  text: string;
  options: string[];
}

export interface IdentityCheckView {
  ordinal: number;
  workHistory: ChallengeQuestion[];
  /** Empty at the first generation: the answers are chosen with the new password. */
  personal: Array<{ id: string; text: string }>;
  firstGeneration: boolean;
  failedTotal: number;
  attemptsLeft: number;
}

/** An uploaded file as the worker judged it (content and, for signed documents, the PDF signature). */
export interface InspectedUpload {
  documentId: string;
  kind: DocumentKind;
  belongsTo?: DocumentOwner;
  found: boolean;
  detected?: string;
  sizeBytes?: number;
  fileName?: string;
  sha256?: string;
  signature?: {
    status: 'valid' | 'missing' | 'digest_mismatch' | 'bad_signature' | 'untrusted' | 'malformed' | 'not_pdf';
    signer?: string;
    /** The certificate's issuer ("CN=…, O=…, C=EC"), shown to the provincial office. */
    issuer?: string;
    signingTime?: string;
  };
}

export interface CredentialCaseView {
  caseId: string;
  procedure: CredentialProcedure;
  channel: 'in_person' | 'virtual';
  status: CredentialStatus;
  province: string | null;
  agencyId?: string;
  /** 003: the affiliate's identity number; 004: the person who files. */
  applicantId: string;
  holder: { kind: HolderKind; id: string; name?: string };
  waitingOn: WaitingOn;
  deadlineAt?: string;
  identityCheck?: IdentityCheckView;
  email?: { masked: string; confirmed: boolean; changed: boolean };
  link?: { ordinal: number; linkId: string; sentTo: string; expiresAt: string; linksLeft: number };
  submission?: { uploads: InspectedUpload[]; checklist?: ChecklistResult; submittedAt: string };
  /** 004 Ventanilla Virtual: the files this filer uploads, by the employer's registry (libs/domain virtualUploadSlots). */
  uploadSlots?: VirtualUploadSlot[];
  review?: { decision: 'approve' | 'observe' | 'reject'; by: Actor; at: string; observations?: string };
  result?: { kind: 'PORTAL_PASSWORD'; setAt: string; setBy: string };
  closedReason?: Reason[];
  eventCount: number;
}

// --- messages (none carries a secret) -----------------------------------------------------

export interface IdentityCheckedInput {
  actor: Actor;
  ordinal: number;
  outcome: 'passed' | 'failed' | 'locked';
  /** Which parts were wrong (birth, work_history, personal): for the audit, never the answers. */
  failedParts: string[];
  failedTotal: number;
}
export interface ConfirmEmailInput {
  actor: Actor;
  email: string;
}
export interface UnlockInput {
  actor: Actor;
  reason: string;
}
export interface PasswordSetInput {
  actor: Actor;
  linkId: string;
  setAt: string;
}
export interface ResendLinkInput {
  actor: Actor;
}
export interface SubmitUploadsInput {
  actor: Actor;
  uploads: Array<{ documentId: string; kind: DocumentKind; belongsTo?: DocumentOwner }>;
  request: Record<string, string>;
}
export interface OfficeReviewInput {
  actor: Actor;
  decision: 'approve' | 'observe' | 'reject';
  observations?: string;
}

export const getCredentialCaseQuery = defineQuery<CredentialCaseView>('getCase');
/** Waits until the case has taken its first steps, then returns it (the API's start answers with it). */
export const credentialReadyUpdate = defineUpdate<CredentialCaseView, []>('ready');
export const identityCheckedUpdate = defineUpdate<CredentialCaseView, [IdentityCheckedInput]>('identityChecked');
export const confirmEmailUpdate = defineUpdate<CredentialCaseView, [ConfirmEmailInput]>('confirmEmail');
export const unlockCredentialUpdate = defineUpdate<CredentialCaseView, [UnlockInput]>('unlockCredential');
export const passwordSetUpdate = defineUpdate<CredentialCaseView, [PasswordSetInput]>('passwordSet');
export const resendLinkUpdate = defineUpdate<CredentialCaseView, [ResendLinkInput]>('resendLink');
export const submitUploadsUpdate = defineUpdate<CredentialCaseView, [SubmitUploadsInput]>('submitUploads');
/** 004 in person: the same update name as the in-person cases, so the window route serves both. */
export const recordWindowDocumentsUpdate = defineUpdate<CredentialCaseView, [RecordDocumentsInput]>('recordDocuments');
export const officeReviewUpdate = defineUpdate<CredentialCaseView, [OfficeReviewInput]>('officeReview');

// --- activities ------------------------------------------------------------------------------

export type AffiliateLookup =
  { found: false } | { found: true; fullName: string; email: string; locked: boolean; failedTotal: number; personalQuestionIds: string[] };

export type EmployerLookup =
  | { registered: false }
  | {
      registered: true;
      name: string;
      idType: 'ruc' | 'foreigner_code' | 'passport' | 'visa';
      province: string;
      email: string;
      legalRepIdentity: string;
      legalRepName: string;
      isArtisan: boolean;
      artisanQualification?: string;
      keyRequestNumber?: string;
      /** The office of the employer's province that reviews Ventanilla Virtual filings. */
      officeAgencyId?: string;
    };

export interface IssuePasswordLinkInput {
  caseId: string;
  ordinal: number;
  holderKind: HolderKind;
  holderId: string;
  email: string;
  ttlMs: number;
  procedureName: string;
}

export type LinkClosing = { status: 'expired' } | { status: 'used'; usedAt: string; usedBy: string };

export interface CredentialActivities {
  lookupAffiliate(input: { identityNumber: string }): Promise<AffiliateLookup>;
  /** Draws the questions of one identity check and stores their expected answers hashed; the same ordinal draws the same questions. */
  drawIdentityChallenge(input: { caseId: string; identityNumber: string; ordinal: number }): Promise<{ workHistory: ChallengeQuestion[] }>;
  lookupEmployer(input: { employerId: string }): Promise<EmployerLookup>;
  /** Sniffs the uploaded files of the case and verifies the electronic signature of the PDFs that need one. */
  inspectUploads(input: { caseId: string; uploads: SubmitUploadsInput['uploads'] }): Promise<InspectedUpload[]>;
  /** Creates the single-use link (only its hash is stored) and emails it; idempotent per (case, ordinal). */
  issuePasswordLink(input: IssuePasswordLinkInput): Promise<{ linkId: string; expiresAt: string }>;
  /** The timer fired: kills the link unless it was used first (then says when and by whom). */
  expirePasswordLink(input: { linkId: string }): Promise<LinkClosing>;
}
