/** What the worker's preload (workflow-stack-traces.ts) did, left where main.ts reads it. */
export type WorkflowStackTraces = 'on' | 'off';

const MARK = Symbol.for('tramites.worker.workflowStackTraces');

export function markWorkflowStackTraces(value: WorkflowStackTraces): void {
  (globalThis as Record<symbol, unknown>)[MARK] = value;
}

/** What the preload did in this thread; undefined when the process was started without it. */
export function preloadedWorkflowStackTraces(): WorkflowStackTraces | undefined {
  return (globalThis as Record<symbol, unknown>)[MARK] as WorkflowStackTraces | undefined;
}
