import { continueAsNew, proxyActivities, sleep } from '@temporalio/workflow';
import type { EventLogActivities } from '@tramites/contracts';

const { takeEventLogCheckpoint } = proxyActivities<EventLogActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '10 seconds', maximumInterval: '5 minutes' },
});

/**
 * Forever: signs a checkpoint of the event log (the heads of the cases whose log grew),
 * then waits (ADR 0010). What an attacker with the database could still remove unseen is
 * at most what was appended since the last round.
 */
export async function eventLogCheckpointWorkflow(options: { intervalMinutes: number } = { intervalMinutes: 10 }): Promise<void> {
  for (let round = 0; round < 100; round += 1) {
    await takeEventLogCheckpoint();
    await sleep(`${options.intervalMinutes} minutes`);
  }
  await continueAsNew<typeof eventLogCheckpointWorkflow>(options);
}
