/**
 * The text messages (SMS) a case sends to the applicant's mobile number, which the sheets make every
 * applicant give (000, 001, 002: "número de celular"). Workflow-safe: types and constants only.
 * Params follow the emails' conventions (libs/contracts notifications.ts): ISO instants with zone,
 * lists joined with CASE_EMAIL_LIST_SEPARATOR.
 */

/** The params of each SMS template. */
export type CaseSmsParams = {
  /** The day before the turno: where, when, what to bring (`bring`, a list), and where to reschedule or cancel. */
  APPOINTMENT_REMINDER: { reference: string; agencyName: string; startsAt: string; bring?: string };
  /** Nobody came to the turno: the case closed, and how to book again. */
  CASE_LAPSED: { reference: string; agencyName: string; startsAt: string };
  /** A seat freed on the day the applicant waits for: the link takes it within `minutesValid` minutes. */
  WAITING_LIST_OFFER: { reference: string; agencyName: string; startsAt: string; url: string; minutesValid: number };
};

export type CaseSmsTemplate = keyof CaseSmsParams;

export const CASE_SMS_TEMPLATES = ['APPOINTMENT_REMINDER', 'CASE_LAPSED', 'WAITING_LIST_OFFER'] as const satisfies readonly CaseSmsTemplate[];

/** The idempotency key of the SMS that goes with event `seq` of a case (the email's key is `caseId:seq`). */
export const caseSmsIdempotencyKey = (caseId: string, seq: number): string => `${caseId}:${seq}:sms`;

/** Input of the queueCaseSms activity, discriminated by `template`. */
export type SendCaseSmsInput<T extends CaseSmsTemplate = CaseSmsTemplate> = {
  [K in T]: {
    /** Same key, at most one SMS. */
    idempotencyKey: string;
    caseId: string;
    /** The applicant's Ecuadorian mobile number (09XXXXXXXX); never logged. */
    to: string;
    template: K;
    params: CaseSmsParams[K];
  };
}[T];

/** `queued`: in the SMS outbox (the dispatcher sends it); `already_sent` / `already_failed`: an earlier call with the same key. */
export type SendCaseSmsResult = { status: 'queued' | 'already_sent' | 'already_failed' };

/** Failure types of the SMS activity: a bug of the caller, never retried. */
export const CASE_SMS_ERRORS = {
  invalidParams: 'CASE_SMS.INVALID_PARAMS',
  invalidRecipient: 'CASE_SMS.INVALID_RECIPIENT',
} as const;
