import type { AppointmentView, DuplicateCandidate, HolderIdentity, PowerOfAttorneyData } from './case';
import type { CaseEventInput } from './events';
import type { SendCaseEmailInput, SendCaseEmailResult } from './notifications';
import type { SendCaseSmsInput, SendCaseSmsResult } from './sms';
import type { PoderView } from './poder';
import type { ReasonCode } from '@tramites/domain';

export interface IssueVerificationCodeInput {
  caseId: string;
  email: string;
  minutesValid: number;
  /** Which code of the case this is (1, 2, ...): makes the activity idempotent. */
  ordinal: number;
}

export type VerificationOutcome = 'valid' | 'wrong' | 'expired';

export interface ReserveSlotInput {
  caseId: string;
  slotId: string;
  /** The appointment is in the name of whoever attends (001). */
  bookedFor: string;
}

export type PoderDecisionLookup =
  | { status: 'none' }
  | { status: 'pending' }
  | { status: 'endorsed'; validUntil?: string }
  | { status: 'rejected'; reasonCode: ReasonCode }
  | { status: 'expired' | 'revoked' };

export interface IssueForeignerCodeInput {
  caseId: string;
  holder: HolderIdentity;
}

export interface AssignForeignerCodeInput {
  caseId: string;
  holder: HolderIdentity;
  /** A case manager's decision of a "posible duplicado" review. */
  decision?: { kind: 'same_person'; code: string } | { kind: 'different_person' };
}

export type AssignForeignerCodeResult =
  { outcome: 'assigned'; code: string; alreadyHad: boolean } | { outcome: 'possible_duplicate'; candidates: DuplicateCandidate[] };

export interface IssueDocumentInput {
  caseId: string;
  kind: 'FOREIGNER_CODE' | 'NON_AFFILIATION_CERTIFICATE';
  holder: HolderIdentity;
  code?: string;
  agencyId?: string;
  /** Instant of issuance, fixed by the workflow so a retry renders the same bytes. */
  issuedAt: string;
}

export interface RegistryFacts {
  hasForeignerCode: boolean;
  hasCedula: boolean;
  isAffiliated: boolean;
}

/**
 * What the workflows may ask of the outside world. activities/ implements it
 * (createActivities returns a CaseActivities); workflows see only this type.
 * Every activity is idempotent: a retry never duplicates a row, a code or an email.
 */
export interface CaseActivities {
  /** Appends one event to the hash-chained log and updates the read model; idempotent on (caseId, seq). */
  recordCaseEvent(input: CaseEventInput): Promise<void>;
  /** Draws a 6-digit code, stores only its hash, and emails it. Returns when it expires. */
  issueVerificationCode(input: IssueVerificationCodeInput): Promise<{ expiresAt: string }>;
  checkVerificationCode(input: { caseId: string; code: string }): Promise<VerificationOutcome>;
  /** Books a seat of a slot (never beyond its capacity); the same case booking again gets the same appointment. */
  reserveSlot(input: ReserveSlotInput): Promise<AppointmentView>;
  /** Moves the case's appointment to another slot, releasing the old seat, atomically. */
  moveAppointment(input: ReserveSlotInput): Promise<AppointmentView>;
  releaseAppointment(input: { caseId: string }): Promise<void>;
  sendCaseEmail(input: SendCaseEmailInput): Promise<SendCaseEmailResult>;
  /** Renders a text message and queues it once per idempotency key in the SMS outbox (the dispatcher sends it). */
  queueCaseSms(input: SendCaseSmsInput): Promise<SendCaseSmsResult>;
  /** The registry of poderes: is this poder endorsed and still valid on `asOf`? */
  lookupPoder(input: { poderId: string; asOf: string }): Promise<PoderDecisionLookup>;
  /** The workflow id of the poder's review: a keyed hash of its identity, never its numbers (ADR 0014). */
  poderReviewWorkflowId(input: { poderId: string }): Promise<string>;
  /** Writes the legal unit's inbox row (and the registry entry once endorsed). */
  recordPoderReview(input: { view: PoderView; poder: PowerOfAttorneyData }): Promise<void>;
  /** One code per person, ever: returns the existing code when the person already has one. */
  issueForeignerCode(input: IssueForeignerCodeInput): Promise<{ code: string; alreadyHad: boolean }>;
  /**
   * Dedupe before issuance: a document the person has shown before gives
   * the existing code; the same normalised names + birth date + nationality without a decision
   * is a possible duplicate (nothing issued); otherwise a new code. Every document is recorded.
   */
  assignForeignerCode(input: AssignForeignerCodeInput): Promise<AssignForeignerCodeResult>;
  /** 002: the IESS registries (foreigner codes, cédulas, affiliations) for this person. */
  lookupRegistry(input: { holder: HolderIdentity }): Promise<RegistryFacts>;
  /** Renders the signed PDF, stores it content-addressed; the same case and kind always gets the same document. */
  issueDocument(input: IssueDocumentInput): Promise<{ verificationNumber: string; sha256: string }>;
  /** Copies closed cases' Temporal histories into the archive auditors read after retention. */
  archiveClosedHistories(input: { limit: number }): Promise<{ archived: number }>;
}
