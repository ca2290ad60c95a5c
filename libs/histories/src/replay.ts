import path from 'node:path';
import type { DataConverter } from '@temporalio/common';
import type { WorkflowBundleOption, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { workflowBundleOptions } from '@tramites/infra';
import type { History } from './history';

/**
 * The sources the worker bundles (workflows/src/index.ts). Replayers outside the worker may not
 * import the workflow package (Nx boundaries), so they point at the file, as a replayer must.
 */
export const WORKFLOW_SOURCES = path.resolve(__dirname, '../../../workflows/src/index.ts');

const ignore = (): void => undefined;

/** The workflow code bundled as the worker runs it (failure converter and interceptors included); only errors are logged. */
export async function bundleWorkflows(options: { workflowsPath?: string; onError?: (message: string) => void } = {}): Promise<WorkflowBundleWithSourceMap> {
  const { bundleWorkflowCode } = await import('@temporalio/worker');
  const onError = options.onError ?? ((m: string) => process.stderr.write(`${m}\n`));
  return bundleWorkflowCode({
    ...workflowBundleOptions(options.workflowsPath ?? WORKFLOW_SOURCES),
    logger: { trace: ignore, debug: ignore, info: ignore, log: ignore, warn: ignore, error: onError },
  });
}

/**
 * The workflow code a process replays against, bundled once (a few seconds, on first use): the
 * prebuilt bundle when `prebuiltPath` is set (WORKFLOW_BUNDLE_PATH, as for the worker), else the
 * sources. A failed build is not kept: the next call tries again.
 */
export function lazyWorkflowBundle(
  options: { prebuiltPath?: string; workflowsPath?: string; onError?: (message: string) => void } = {},
): () => Promise<WorkflowBundleOption> {
  let bundle: Promise<WorkflowBundleOption> | undefined;
  return () => {
    if (bundle) return bundle;
    const building: Promise<WorkflowBundleOption> = options.prebuiltPath ? Promise.resolve({ codePath: options.prebuiltPath }) : bundleWorkflows(options);
    building.catch(() => {
      if (bundle === building) bundle = undefined;
    });
    bundle = building;
    return bundle;
  };
}

export interface ReplayOptions {
  workflowBundle: WorkflowBundleOption;
  /** The data converter of the processes that wrote the history (the payload codec, ADR 0014). */
  dataConverter: DataConverter;
  replayName?: string;
}

/**
 * A replay runs the workflows on the calling thread (the SDK's replay worker is in debug mode),
 * where the SDK installs, on first use, a V8 promise hook that captures and source-maps a stack
 * for every promise a workflow creates: that feeds the `__stack_trace` query of a live worker,
 * which no replay answers. It cost 20 to 35% of the replay's CPU (ADR 0023, "Third pass"), and
 * once installed it runs for every promise of the process, the API's included. This keeps it out
 * of the process: the SDK's handlers are marked installed before the first replay (an internal
 * of `@temporalio/worker`, checked by test/src/workflows/replay.int-spec.ts against the installed
 * SDK). The live worker does the same in its own threads through its preload
 * (apps/worker/src/workflow-stack-traces.ts), which must stay light and so does not import this.
 */
export async function withoutPromiseStackHook(): Promise<void> {
  const { globalHandlers } = await import('@temporalio/worker/lib/workflow/vm-shared.js');
  if (globalHandlers.promiseHookInstalled) globalHandlers.uninstall();
  globalHandlers.installed = true;
}

/** Replays one history against the bundle; the replay's failure (non-determinism, workflow task failure) as the SDK words it, or undefined. */
export async function replayHistory(options: ReplayOptions, history: History | unknown, workflowId: string): Promise<string | undefined> {
  const { Worker } = await import('@temporalio/worker');
  await withoutPromiseStackHook();
  try {
    await Worker.runReplayHistory(
      { workflowBundle: options.workflowBundle, dataConverter: options.dataConverter, replayName: options.replayName ?? 'replay' },
      history,
      workflowId,
    );
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** Replays many histories on one replay worker; `<workflowId>: <error>` for each that fails. */
export async function replayHistories(
  options: ReplayOptions,
  histories: Iterable<{ workflowId: string; history: History | unknown }>,
): Promise<{ replayed: number; failures: string[] }> {
  const { Worker } = await import('@temporalio/worker');
  await withoutPromiseStackHook();
  const failures: string[] = [];
  let replayed = 0;
  const replayOptions = { workflowBundle: options.workflowBundle, dataConverter: options.dataConverter, replayName: options.replayName ?? 'replay' };
  for await (const result of Worker.runReplayHistories(replayOptions, histories as Iterable<{ workflowId: string; history: History }>)) {
    replayed += 1;
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  return { replayed, failures };
}
