/**
 * Resending the issued document (ADR 0024): a case manager asks for the
 * issuance email (with its PDF) to go out again. Workflow-safe: types and constants only.
 */
import type { SendCaseEmailInput } from './notifications';

/** The templates of an issuance email, the only ones a resend may send. */
export type IssuedDocumentTemplate = 'FOREIGNER_CODE_ISSUED' | 'CERTIFICATE_ISSUED';

/** One resend request: its id names the workflow and the outbox row, so a retried request sends one email. */
export const issuedDocumentResendWorkflowId = (caseId: string, requestId: string): string => `issued-document-resend:${caseId}:${requestId}`;

/** The outbox idempotency key of one resend request. */
export const issuedDocumentResendEmailKey = (caseId: string, requestId: string): string => `resend:${caseId}:${requestId}`;

export interface IssuedDocumentResendInput {
  requestId: string;
  /** The issuance email again, with its idempotency key set to {@link issuedDocumentResendEmailKey}. */
  email: Extract<SendCaseEmailInput, { template: IssuedDocumentTemplate }>;
}
