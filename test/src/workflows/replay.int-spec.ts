import { Worker } from '@temporalio/worker';
import { loadRecordedHistories, testDataConverter, workflowBundle } from '@tramites/testing';

/** Every recorded history (test/histories) replays against the current workflow code without non-determinism. */
describe('replay of recorded histories', () => {
  const histories = loadRecordedHistories();

  it('has recorded histories to replay', () => {
    expect(histories.length).toBeGreaterThanOrEqual(5);
  });

  it('replays each of them cleanly', async () => {
    const failures: string[] = [];
    let replayed = 0;
    for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle(), dataConverter: testDataConverter }, histories)) {
      replayed += 1;
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(histories.length);
  });
});
