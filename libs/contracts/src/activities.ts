import type { CaseEventInput } from './events';

/**
 * What the workflows may ask of the outside world. activities/ implements it
 * (createActivities returns a CaseActivities); workflows see only this type.
 */
export interface CaseActivities {
  /** Appends one event to the hash-chained log and updates the read model; idempotent on (caseId, seq). */
  recordCaseEvent(input: CaseEventInput): Promise<void>;
}
