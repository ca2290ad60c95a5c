import { proxyActivities } from '@temporalio/workflow';
import type { CaseActivities, IssuedDocumentResendInput } from '@tramites/contracts';
import { startChecked } from '../case-kernel/guards';

const { sendCaseEmail } = proxyActivities<Pick<CaseActivities, 'sendCaseEmail'>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 20 },
});

/**
 * Resends the issued document (ADR 0024): the issuance email, with its PDF, once more through
 * the outbox activity. The API starts one per resend request
 * (`issued-document-resend:<caseId>:<requestId>`); the outbox key is the request's, so a
 * retried request or a crashed worker queues one email.
 */
export async function issuedDocumentResendWorkflow(input: IssuedDocumentResendInput): Promise<void> {
  // Only the API starts it (ADR 0014, start assertions).
  await startChecked();
  await sendCaseEmail(input.email);
}
