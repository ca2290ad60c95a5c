import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Task queue served by apps/worker for every case workflow and its activities. */
export const CASES_TASK_QUEUE = 'tramites-cases';

/**
 * The workflow types the worker registers (the exported function names in workflows/src/index.ts).
 * Clients start workflows and list histories by these names, never by a literal of their own.
 */
export const WORKFLOW_TYPES = {
  inPersonCase: 'inPersonCaseWorkflow',
  poderReview: 'poderReviewWorkflow',
  affiliatePassword: 'affiliatePasswordWorkflow',
  employerPassword: 'employerPasswordWorkflow',
  historyArchiver: 'historyArchiverWorkflow',
  eventLogCheckpoint: 'eventLogCheckpointWorkflow',
  followCodeEmail: 'followCodeEmailWorkflow',
  issuedDocumentResend: 'issuedDocumentResendWorkflow',
} as const;

export type WorkflowType = (typeof WORKFLOW_TYPES)[keyof typeof WORKFLOW_TYPES];

/** Namespace used when TEMPORAL_NAMESPACE is not set. */
export const DEFAULT_NAMESPACE = 'tramites';

/**
 * Custom search attributes the case workflows upsert, for operations tooling
 * (Temporal Web UI). Screens read the PostgreSQL read model instead: search
 * attributes are eventually consistent.
 */
export const searchAttributeKeys = {
  procedureType: defineSearchAttributeKey('ProcedureType', SearchAttributeType.KEYWORD),
  caseStatus: defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD),
  province: defineSearchAttributeKey('Province', SearchAttributeType.KEYWORD),
  agencyId: defineSearchAttributeKey('AgencyId', SearchAttributeType.KEYWORD),
  caseDeadline: defineSearchAttributeKey('CaseDeadline', SearchAttributeType.DATETIME),
};

/** The same keys in the CLI's `--search-attribute NAME=Type` spelling, for dev servers and cluster setup. */
export const SEARCH_ATTRIBUTES: Record<string, 'Keyword' | 'Datetime'> = Object.fromEntries(
  Object.values(searchAttributeKeys).map((key) => [key.name, key.type === SearchAttributeType.DATETIME ? 'Datetime' : 'Keyword']),
);

/** The single, ever-running workflow that archives closed cases' histories. */
export const HISTORY_ARCHIVER_WORKFLOW_ID = 'history-archiver';
