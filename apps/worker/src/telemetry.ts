import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import { NoopSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Resource } from '@opentelemetry/resources';
import type { InjectedSinks, WorkerInterceptors } from '@temporalio/worker';
import type { RunningTracing } from '@tramites/observability';

/**
 * The SDK's OpenTelemetry interceptors (ADR 0032): each activity's span is a child of the workflow's, which
 * is a child of the API's request. The workflow spans leave the sandbox through the `exporter` sink, always
 * registered: a prebuilt bundle may carry the workflow interceptors while this worker exports nothing.
 */
export function tracingWorkerOptions(tracing: RunningTracing | undefined): { interceptors: Pick<WorkerInterceptors, 'activity'>; sinks: InjectedSinks<never> } {
  const exporter = makeWorkflowExporter(tracing?.spanProcessor ?? new NoopSpanProcessor(), tracing?.resource ?? Resource.empty());
  return {
    interceptors: tracing
      ? { activity: [(ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) })] }
      : {},
    sinks: { exporter } as unknown as InjectedSinks<never>,
  };
}

/** The SDK's Prometheus text, appended to the worker's own on its operations endpoint (one scrape target per process). */
export async function coreMetricsText(corePort: number): Promise<string> {
  try {
    const res = await fetch(`http://127.0.0.1:${corePort}/metrics`);
    return res.ok ? await res.text() : '';
  } catch {
    return '';
  }
}
