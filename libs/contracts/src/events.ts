import type { Actor } from './case';

/** One entry of a case's audit log, appended by the recordCaseEvent activity. */
export interface CaseEventInput {
  caseId: string;
  /** 1-based, assigned by the workflow: (caseId, seq) makes the append idempotent. */
  seq: number;
  type: string;
  actor: Actor;
  occurredAt: string;
  data: Record<string, unknown>;
  /** The read-model row after this event. */
  projection: CaseProjection;
}

export interface CaseProjection {
  workflowId: string;
  procedureType: string;
  status: string;
  province: string | null;
  agencyId: string | null;
  applicantId: string;
  deadlineAt: string | null;
  waitingOn?: string;
  holderName?: string | null;
  appointmentAt?: string | null;
}
