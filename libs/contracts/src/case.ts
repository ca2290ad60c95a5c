import { defineQuery, defineUpdate } from '@temporalio/workflow';

/** Workflow ids derive from business ids (DESIGN.md, convention 4). */
export const caseWorkflowId = (caseId: string): string => `case:${caseId}`;

export type InPersonProcedure = 'FOREIGNER_CODE' | 'FOREIGNER_CODE_EMPLOYMENT' | 'NON_AFFILIATION_CERTIFICATE';

export type ActorRole = 'applicant' | 'case_manager' | 'legal_unit' | 'auditor' | 'admin' | 'system';

/** Who did something: recorded in the workflow history and the event log. */
export interface Actor {
  id: string;
  role: ActorRole;
}

export const SYSTEM_ACTOR: Actor = { id: 'system', role: 'system' };

export type CaseStatus = 'scheduled' | 'checked_in' | 'lapsed';

export interface StartInPersonCaseInput {
  caseId: string;
  procedure: InPersonProcedure;
  applicantId: string;
  province: string;
  agencyId: string;
  /** Appointment start, ISO-8601 instant. */
  appointmentAt: string;
  openedBy: Actor;
}

export interface CaseView {
  caseId: string;
  procedure: InPersonProcedure;
  status: CaseStatus;
  province: string;
  agencyId: string;
  appointmentAt: string;
  /** Instant after which a scheduled case lapses as a no-show. */
  lapsesAt: string;
  checkedInAt?: string;
  checkedInBy?: Actor;
  /** Number of case events recorded so far. */
  eventCount: number;
}

export interface CheckInInput {
  actor: Actor;
}

export const getCaseQuery = defineQuery<CaseView>('getCase');
export const checkInUpdate = defineUpdate<CaseView, [CheckInInput]>('checkIn');
