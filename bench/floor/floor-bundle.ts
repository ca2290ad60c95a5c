import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

const ignore = (): void => undefined;

/**
 * The floor's workflow bundle: the bare workflow with the SDK's defaults (no interceptors, no
 * payload codec), which is what makes it the floor. Not `bundleWorkflows` of libs/histories:
 * that one adds our workflows' interceptor modules, which the floor must not run.
 */
export function bundleFloorWorkflow(log: (line: string) => void): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: require.resolve('./floor.workflow'),
    logger: { log: ignore, trace: ignore, debug: ignore, info: ignore, warn: log, error: log },
  });
}
