import { continueAsNew, proxyActivities, sleep } from '@temporalio/workflow';
import type { CaseActivities } from '@tramites/contracts';

const { archiveClosedHistories } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '10 seconds', maximumInterval: '5 minutes' },
});

/**
 * Forever: archives the histories of cases that closed (in batches), then waits. The
 * namespace retention (days) is far longer than the interval, so no history is missed.
 */
export async function historyArchiverWorkflow(options: { intervalMinutes: number; batch: number } = { intervalMinutes: 10, batch: 200 }): Promise<void> {
  for (let round = 0; round < 100; round += 1) {
    let archived = options.batch;
    while (archived === options.batch) ({ archived } = await archiveClosedHistories({ limit: options.batch }));
    await sleep(`${options.intervalMinutes} minutes`);
  }
  await continueAsNew<typeof historyArchiverWorkflow>(options);
}
