import type { LocalActivityOptions } from '@temporalio/workflow';

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
