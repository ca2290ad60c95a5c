import { replayHistories } from '@tramites/histories';
import { loadRecordedHistories, testDataConverter, workflowBundle } from '@tramites/testing';

/** Every recorded history (test/histories) replays against the current workflow code without non-determinism. */
describe('replay of recorded histories', () => {
  const histories = loadRecordedHistories();

  it('has recorded histories to replay', () => {
    expect(histories.length).toBeGreaterThanOrEqual(5);
  });

  it('replays each of them cleanly', async () => {
    const { replayed, failures } = await replayHistories({ workflowBundle: await workflowBundle(), dataConverter: testDataConverter }, histories);
    expect(failures).toEqual([]);
    expect(replayed).toBe(histories.length);
    // Without the SDK's per-promise stack capture (ADR 0023, "Third pass"): the hook never got in.
    const { globalHandlers } = await import('@temporalio/worker/lib/workflow/vm-shared.js');
    expect({ installed: globalHandlers.installed, promiseHookInstalled: globalHandlers.promiseHookInstalled }).toEqual({
      installed: true,
      promiseHookInstalled: false,
    });
  });
});
