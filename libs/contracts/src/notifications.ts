/**
 * The emails a case sends to its applicant. Workflow-safe: types and constants only.
 *
 * Param values travel in workflow history, so they are plain strings, numbers and
 * booleans. Conventions:
 * - instants (`startsAt`, `previousStartsAt`, `deadline`) are ISO-8601 strings with an
 *   explicit zone (`2026-12-07T14:30:00.000Z`); a date-only deadline (`2026-12-14`) is
 *   read as that calendar day in Ecuador. Emails show them in America/Guayaquil.
 * - lists (`observations`, `reasons`) are Spanish texts joined with
 *   {@link CASE_EMAIL_LIST_SEPARATOR}, one item per reason.
 * - `reference` is the case reference the applicant sees; every email mentions it.
 */

/** Separator of the items of a list param (`observations`, `reasons`). */
export const CASE_EMAIL_LIST_SEPARATOR = '\n';

/** What every email of a started case names: the case reference and the procedure. */
export type CaseEmailCaseParams = {
  reference: string;
  /** Spanish name of the procedure, e.g. «Código de identificación para extranjeros». */
  procedureName: string;
};

/** An appointment (turno) at an agency. */
export type CaseEmailAppointmentParams = CaseEmailCaseParams & {
  agencyName: string;
  /** ISO-8601 instant. */
  startsAt: string;
};

/** The params of each template. */
export type CaseEmailParams = {
  /** The code that verifies the applicant's email while booking. Never stored in the outbox. */
  VERIFICATION_CODE: { reference: string; code: string; minutesValid: number };
  APPOINTMENT_CONFIRMED: CaseEmailAppointmentParams;
  /** `bring`: the applicant's own list of what to bring (libs/domain whatToBring), `manageUrl`: where to reschedule or cancel. */
  APPOINTMENT_REMINDER: CaseEmailAppointmentParams & { bring?: string; manageUrl?: string };
  /** `startsAt` is the new appointment, `previousStartsAt` the one it replaces. */
  APPOINTMENT_RESCHEDULED: CaseEmailAppointmentParams & { previousStartsAt: string };
  APPOINTMENT_CANCELLED: CaseEmailAppointmentParams;
  /** The applicant did not come to the appointment (no-show): the case is closed. */
  CASE_LAPSED: CaseEmailAppointmentParams;
  /** `deadline`: ISO-8601 instant or date (YYYY-MM-DD) by which the corrections are due. */
  DOCUMENTS_OBSERVED: CaseEmailCaseParams & { observations: string; deadline: string };
  DOCUMENTS_ACCEPTED: CaseEmailCaseParams;
  /** The correction deadline passed without the corrections. */
  CASE_ABANDONED: CaseEmailCaseParams;
  CASE_REJECTED: CaseEmailCaseParams & { reasons: string };
  PODER_IN_LEGAL_REVIEW: CaseEmailCaseParams;
  PODER_ENDORSED: CaseEmailCaseParams;
  PODER_REJECTED: CaseEmailCaseParams & { reason: string };
  /** `alreadyHad`: the person already held a code, which the email recalls instead of a new one. */
  FOREIGNER_CODE_ISSUED: CaseEmailCaseParams & { code: string; verificationNumber: string; alreadyHad: boolean };
  /** The certificate PDF is expected as an attachment. */
  CERTIFICATE_ISSUED: CaseEmailCaseParams & { verificationNumber: string };
  /** The institution is late or the case is stuck on its side; the applicant need not act. */
  CASE_DELAYED: CaseEmailCaseParams;
  /** 003/004: the single-use link to set the portal password. The URL carries the token: never stored in the outbox. */
  PASSWORD_LINK: CaseEmailCaseParams & { url: string; minutesValid: number; expiresAt: string };
  /** 003/004: a new portal password was set (a warning if the holder did not do it). */
  PASSWORD_SET: CaseEmailCaseParams & { setAt: string };
  /** Follow my case: the one-time code that opens the case with its reference and identity number. Never stored in the outbox. */
  FOLLOW_CASE_CODE: { reference: string; code: string; minutesValid: number };
  /** 003: five failed identity checks locked the credential until an officer unlocks it. */
  CREDENTIAL_LOCKED: CaseEmailCaseParams;
  /** The waiting list: a freed seat is held for the applicant until `expiresAt`; `url` (a bearer link, never stored in clear) takes it. */
  WAITING_LIST_OFFER: CaseEmailAppointmentParams & { url: string; minutesValid: number; expiresAt: string };
};

export type CaseEmailTemplate = keyof CaseEmailParams;

/** Every template, in a stable order (tests, admin screens). */
export const CASE_EMAIL_TEMPLATES = [
  'VERIFICATION_CODE',
  'APPOINTMENT_CONFIRMED',
  'APPOINTMENT_REMINDER',
  'APPOINTMENT_RESCHEDULED',
  'APPOINTMENT_CANCELLED',
  'CASE_LAPSED',
  'DOCUMENTS_OBSERVED',
  'DOCUMENTS_ACCEPTED',
  'CASE_ABANDONED',
  'CASE_REJECTED',
  'PODER_IN_LEGAL_REVIEW',
  'PODER_ENDORSED',
  'PODER_REJECTED',
  'FOREIGNER_CODE_ISSUED',
  'CERTIFICATE_ISSUED',
  'CASE_DELAYED',
  'PASSWORD_LINK',
  'PASSWORD_SET',
  'CREDENTIAL_LOCKED',
  'FOLLOW_CASE_CODE',
  'WAITING_LIST_OFFER',
] as const satisfies readonly CaseEmailTemplate[];

/** A file sent with the email, by content address; the worker loads the bytes. */
export type CaseEmailAttachment = { filename: string; sha256: string; contentType: string };

/** The idempotency key of the email that goes with event `seq` of a case: the same event, at most one email. */
export const caseEmailIdempotencyKey = (caseId: string, seq: number): string => `${caseId}:${seq}`;

/**
 * Input of the sendCaseEmail activity: a union discriminated by `template`, so that
 * `params` is checked against that template's params.
 */
export type SendCaseEmailInput<T extends CaseEmailTemplate = CaseEmailTemplate> = {
  [K in T]: {
    /** Makes the send idempotent: the workflow passes caseEmailIdempotencyKey(caseId, seq). Same key, at most one email. */
    idempotencyKey: string;
    caseId: string;
    /** One email address. */
    to: string;
    template: K;
    params: CaseEmailParams[K];
    attachments?: CaseEmailAttachment[];
  };
}[T];

export type SendCaseEmailResult = {
  /**
   * `queued`: the email is in the outbox and the mail dispatcher sends it (or already did);
   * `already_sent`: an earlier call with the same idempotency key was sent;
   * `already_failed`: the mail server refused it for good (see the outbox row).
   */
  status: 'queued' | 'already_sent' | 'already_failed';
  /** The Message-ID header, derived from the idempotency key. */
  messageId: string;
};

/**
 * Stable codes of the failures of sendCaseEmail (ApplicationFailure `type`) and of the
 * dispatcher's refusals (prefix of `email_outbox.last_error`).
 */
export const CASE_EMAIL_ERRORS = {
  /** The address is malformed or the mail server refused it for good. Not retried. */
  invalidRecipient: 'EMAIL.INVALID_RECIPIENT',
  /** A param is missing or malformed (a bug in the caller). Not retried. */
  invalidParams: 'EMAIL.INVALID_PARAMS',
  /** The idempotency key was already used for another recipient or template. Not retried. */
  idempotencyConflict: 'EMAIL.IDEMPOTENCY_CONFLICT',
  /** An attachment is malformed or not in the document store, or the worker has no store. Not retried (a failing store is). */
  invalidAttachment: 'EMAIL.INVALID_ATTACHMENT',
  /** The mail server refused the message for good (not the recipient). Not retried. */
  rejected: 'EMAIL.REJECTED',
  /** The mail server is unreachable or deferred the message. Retried. */
  smtpUnavailable: 'EMAIL.SMTP_UNAVAILABLE',
} as const;
