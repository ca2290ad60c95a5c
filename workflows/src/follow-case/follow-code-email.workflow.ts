import { proxyActivities } from '@temporalio/workflow';
import type { CaseActivities, FollowCodeEmailInput } from '@tramites/contracts';
import { startChecked } from '../case-kernel/guards';

const { sendCaseEmail } = proxyActivities<Pick<CaseActivities, 'sendCaseEmail'>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 20 },
});

/**
 * Follow my case (ADR 0017): emails one follow code through the outbox activity, which
 * renders it in Spanish and queues it once per challenge. The API starts one per challenge
 * (`follow-code:<challengeId>`) and keeps the code's hash; nothing else happens here.
 */
export async function followCodeEmailWorkflow(input: FollowCodeEmailInput): Promise<void> {
  // Only the API starts it (ADR 0014, start assertions): no email before its start is verified.
  await startChecked();
  if (!input.to) return;
  await sendCaseEmail({
    idempotencyKey: `follow-code:${input.challengeId}`,
    caseId: input.caseId,
    to: input.to,
    template: 'FOLLOW_CASE_CODE',
    params: { reference: input.reference, code: input.code, minutesValid: input.minutesValid },
  });
}
