/**
 * What the "Transparencia" table of every sheet counts as an attended case
 * ("Volumen de Atenciones"), defined once here.
 *
 * A case is attended when the institution served it to a decision at the
 * window, whatever the decision:
 * - `issued`: the code or certificate was issued;
 * - `rejected`: the documents, the poder or the registries said no;
 * - `abandoned`: it was attended and observed, and the applicant let the
 *   correction deadline pass.
 * The other final statuses are not attentions: `lapsed` (no-show or expired
 * booking), `cancelled` (by the applicant before being attended) and
 * `verification_failed` (never got past the emailed code).
 *
 * The month is the month, in America/Guayaquil, of the case's closing event
 * in the append-only, hash-chained event log (case_events.occurred_at, the
 * instant the workflow decided). cases.updated_at is NOT used: it is the time
 * the read-model row was last written (by whichever activity ran last, a
 * retry included), so it can fall in another month than the decision, and
 * published figures for a past month must never move.
 */
export const ATTENDED_STATUSES = ['issued', 'rejected', 'abandoned'] as const;
export type AttendedStatus = (typeof ATTENDED_STATUSES)[number];

/**
 * The events that close a case in an attended status (workflows/src/in-person-case).
 * The query also requires the event's recorded status (case_events.data.status)
 * to be an attended one, so an event type that one day stops closing the case
 * is not counted.
 */
export const ATTENDED_CLOSING_EVENTS: Readonly<Record<AttendedStatus, readonly string[]>> = {
  issued: ['FOREIGNER_CODE_ISSUED', 'CERTIFICATE_ISSUED'],
  rejected: ['CASE_REJECTED', 'PODER_REJECTED'],
  abandoned: ['CASE_ABANDONED'],
};

export const CLOSING_EVENT_TYPES: readonly string[] = Object.values(ATTENDED_CLOSING_EVENTS).flat();

/** Every figure is by month of Ecuador's mainland time (UTC-5, no daylight saving). */
export const TRANSPARENCY_TIME_ZONE = 'America/Guayaquil';

export { SPANISH_MONTHS } from '@tramites/domain';
