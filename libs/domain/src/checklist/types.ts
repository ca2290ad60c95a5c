import type { Instant, LocalDate } from '../calendar/guayaquil-time';
import type { Channel, DocumentKind, DocumentOwner, FilerRole, ProcedureType, SignatureKind } from '../procedures/types';
import type { Reason } from '../reasons/reasons';
import type { ValidationReasonCode } from '../reasons/reasons';
import type { SheetRef } from '../shared/sheet-ref';
import type { UploadFacts } from '../uploads/sniff-upload';

/**
 * Who files and the facts the officer (or a registry lookup) established.
 * `hasCedula` / `hasForeignerCode` describe the holder: the foreigner the
 * case is for (000-002), or in 004 the employer's representative. Unknown
 * (undefined) facts are treated as "no".
 */
export interface FilerProfile {
  readonly role: FilerRole;
  /** Cédula or foreigner code of the person attending, compared with the appointment. */
  readonly identityNumber?: string;
  /** Elderly, disabled or pregnant (001: may ask for the turn at the centre). */
  readonly isVulnerable?: boolean;
  /** 001: the person filing is the foreign worker whose code is requested. */
  readonly isForeignWorkerHimself?: boolean;
  readonly hasCedula?: boolean;
  readonly hasForeignerCode?: boolean;
  /** 004: the employer (or its representative) is a foreigner. */
  readonly isForeignEmployer?: boolean;
  /** 004: a qualified artisan. */
  readonly isArtisan?: boolean;
  /** 004: the employer registration was completed beforehand. */
  readonly employerRegistered?: boolean;
}

export interface PresentedDocument {
  readonly kind: DocumentKind;
  /** Whose document it is; defaults to the holder. */
  readonly belongsTo?: DocumentOwner;
  readonly original: boolean;
  readonly copy: boolean;
  /** Absent means not signed. */
  readonly signature?: SignatureKind;
  /** Who signed it, when the officer recorded it. */
  readonly signedBy?: DocumentOwner;
  /** Data read from the document (keys as in the procedure's field specs). */
  readonly fields: Readonly<Record<string, string>>;
  /** Ventanilla Virtual: facts recorded when the file was sniffed. */
  readonly upload?: UploadFacts;
}

/** The foreigner's identity as registered with the work contract in the Ministry of Labour's SUT. */
export interface SutRecord {
  readonly registrationNumber?: string;
  readonly foreignerFullName?: string;
  readonly foreignerDocumentNumber?: string;
  readonly foreignerDocumentKind?: 'passport' | 'visa' | 'home_country_id';
  readonly contractEnd?: LocalDate;
}

export interface AppointmentFacts {
  /** "Confirmación del Turno en Línea" shown, physically or on a screen. */
  readonly confirmationPresented: boolean;
  readonly bookedForIdentityNumber?: string;
}

/** 003: progress of the online flow (the password itself never enters the case). */
export interface AffiliatePortalProgress {
  readonly captchaPassed?: boolean;
  readonly birthDayMonthConfirmed?: boolean;
  readonly workHistoryAnswered?: boolean;
  readonly personalQuestionsAnswered?: boolean;
  readonly failedAttempts?: number;
  readonly emailConfirmed?: boolean;
  readonly linkIssuedAt?: Instant;
  readonly linkOpenedAt?: Instant;
  readonly declarationAccepted?: boolean;
  /** Outcome of validateAffiliatePassword run where the password was typed, and when it was set. */
  readonly newPassword?: { readonly valid: true; readonly setAt: Instant } | { readonly valid: false; readonly code: ValidationReasonCode };
}

export interface ChecklistInput {
  readonly procedure: ProcedureType;
  readonly channel: Channel;
  readonly filer: FilerProfile;
  /** 001: a poder endorsed (sumillado) by the provincial legal unit is on file for this attorney. */
  readonly endorsedPoderOnFile?: boolean;
  readonly sutRecord?: SutRecord;
  /** Data typed into the request / online form (003, 004). */
  readonly request?: Readonly<Record<string, string>>;
  readonly documents: readonly PresentedDocument[];
  readonly appointment?: AppointmentFacts;
  readonly portal?: AffiliatePortalProgress;
  /** Date used for "vigente" checks; without it validity dates are not checked. */
  readonly asOf?: LocalDate;
}

export type RequirementStatus = 'met' | 'missing' | 'observed' | 'not_applicable';

export interface ChecklistItem {
  readonly requirementId: string;
  readonly label: string;
  readonly status: RequirementStatus;
  readonly reasons: readonly Reason[];
  readonly source: SheetRef;
  readonly alternativeGroup?: string;
  /** Spanish explanation (why it does not apply, which alternative was used). */
  readonly note?: string;
}

export type ChecklistOutcome = 'accepted' | 'observed' | 'rejected';

export interface ChecklistResult {
  readonly procedure: ProcedureType;
  readonly channel: Channel;
  readonly items: readonly ChecklistItem[];
  /** rejected: a final reason exists; observed: something to correct; accepted: all met. */
  readonly outcome: ChecklistOutcome;
  readonly mayProceed: boolean;
  /** Every reason of every item, in item order. */
  readonly reasons: readonly (Reason & { readonly requirementId: string })[];
}
