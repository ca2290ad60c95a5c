/**
 * The worker's preload: every launcher runs the worker as `node --require <this file> main`
 * (npm start, the image's entrypoint, the test suites' and the bench's processes). Node runs
 * preloads in every thread of the process, so this also runs in the SDK's workflow thread,
 * before the SDK's own modules load there.
 *
 * In that thread the SDK installs a V8 promise hook that captures and source-maps a stack for
 * every promise a workflow creates, for the `__stack_trace` query (the Temporal UI's "Stack
 * Trace" tab). It cost about 25 ms of worker CPU per 000 case and a third of a replay's
 * (ADR 0023, "Third pass"). With WORKER_WORKFLOW_STACK_TRACES=off (the default) the SDK's
 * handlers are marked installed before it gets there, so the hook never is; the query then
 * answers "Workflow stack traces are not enabled on this worker". `on` keeps it, for a worker
 * restarted to look at a stuck case. The state the case waits in is in the read model
 * (`cases.waiting_on`) either way.
 *
 * An internal of @temporalio/worker (its global handlers); the workflow-stack-traces suite
 * checks it against the installed SDK, through a real worker process.
 */
import { globalHandlers } from '@temporalio/worker/lib/workflow/vm-shared.js';
import { markWorkflowStackTraces, type WorkflowStackTraces } from './stack-traces-mark';

const wanted: WorkflowStackTraces = process.env['WORKER_WORKFLOW_STACK_TRACES']?.trim() === 'on' ? 'on' : 'off';
if (wanted === 'off' && !globalHandlers.installed) globalHandlers.installed = true;
markWorkflowStackTraces(wanted);
