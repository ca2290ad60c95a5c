// Every workflow the worker registers. Only workflow-safe code may be imported here.
export { inPersonCaseWorkflow } from './in-person-case/in-person-case.workflow';
export { poderReviewWorkflow } from './poder-review/poder-review.workflow';
export { historyArchiverWorkflow } from './history-archiver/history-archiver.workflow';
export { affiliatePasswordWorkflow } from './portal-credential/affiliate-password.workflow';
export { employerPasswordWorkflow } from './portal-credential/employer-password.workflow';
export { eventLogCheckpointWorkflow } from './event-log-checkpoint/event-log-checkpoint.workflow';
export { followCodeEmailWorkflow } from './follow-case/follow-code-email.workflow';
export { issuedDocumentResendWorkflow } from './issued-document/issued-document-resend.workflow';
