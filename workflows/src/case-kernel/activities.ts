import { proxyActivities, proxyLocalActivities, type LocalActivityOptions } from '@temporalio/workflow';
import type { CaseActivities, CredentialActivities } from '@tramites/contracts';

/** Every activity a case workflow may call (in-person and portal cases alike). */
export type KernelActivities = CaseActivities & CredentialActivities;

/**
 * The short steps on our own database (event log, codes, agenda, outbox, password links) run
 * as local activities (ADR 0009): inside the workflow task, so an update costs one round trip
 * to the Temporal server instead of one per step. Cases started before this patch replay their
 * recorded regular activities.
 */
export const LOCAL_STEPS_PATCH = 'local-db-steps';

/** The same timeout and retries as the regular activities they replace. */
export const LOCAL_STEP_OPTIONS: LocalActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
};

/** Regular activities: retried until they succeed. */
export const activities = proxyActivities<KernelActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

/** Short database steps: local activities in cases started after ADR 0009. */
export const localSteps = proxyLocalActivities<KernelActivities>(LOCAL_STEP_OPTIONS);

/** External registries and issuance: bounded retries, then the case shows as stuck (never a silent hang). */
export const registryActivities = (initialMs: number): KernelActivities =>
  proxyActivities<KernelActivities>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: initialMs, maximumInterval: '30 seconds', maximumAttempts: 5 },
  });
