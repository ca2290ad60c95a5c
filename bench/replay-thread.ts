/**
 * One replay worker of the bench's replay phase, in a worker thread (bench only): replays its
 * share of the recorded histories with the workflow bundle it is given and posts the count of
 * failures. Replay runs the workflows on the thread that calls it, so threads are what spreads it
 * over the cores.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { replayHistories } from '@tramites/histories';
import { testDataConverter } from '@tramites/testing';

interface ReplayShare {
  bundle: { code: string; sourceMap: string };
  histories: Array<{ workflowId: string; history: unknown }>;
}

async function replayShare({ bundle, histories }: ReplayShare): Promise<number> {
  // The recorded histories were written by test runs, under the development payload key (ADR 0014).
  // As every replay of the house, without the SDK's per-promise stack capture (libs/histories).
  const { failures } = await replayHistories({ workflowBundle: bundle, dataConverter: testDataConverter }, histories);
  return failures.length;
}

if (parentPort) {
  const port = parentPort;
  replayShare(workerData as ReplayShare).then(
    (errors) => port.postMessage({ errors }),
    (err: unknown) => port.postMessage({ failed: err instanceof Error ? err.message : String(err) }),
  );
}
