import path from 'node:path';
import { startObservabilityStack, type ObservabilityStack, type ObservedProcess } from '@tramites/devenv';
import { waitFor, type Log } from '@tramites/infra';
import { announcedOpsPort } from '@tramites/observability';
import type { AppProcess } from '@tramites/testing';

/**
 * BENCH_OBSERVABILITY=1: the bench's worker, mailer and API with metrics and traces on (ADR 0032), so that their CPU
 * per case can be compared with a run without (the floor of the cost). A real Prometheus scrapes them at
 * production's interval (docker/prometheus/prometheus.yml: 15 s) and evaluates the alert rules; a real Jaeger takes
 * their spans. The tools' own CPU is not counted: production runs them on other machines.
 */
export interface BenchObservability {
  /** The variables of one process: METRICS_PORT=0 (any free port, announced), the OTLP endpoint, its service name. */
  env(name: ObservedProcess): Record<string, string>;
  /** Once the process has printed its operations port, Prometheus scrapes it. */
  announce(name: ObservedProcess, process: AppProcess): Promise<void>;
  stop(): Promise<void>;
}

export const BENCH_OBSERVABILITY = process.env.BENCH_OBSERVABILITY === '1';

export async function startBenchObservability(dir: string, log: Log): Promise<BenchObservability> {
  // The prebuilt workflow bundle carries the SDK's workflow interceptors (libs/infra workflowTracing).
  process.env['TRAMITES_WORKFLOW_TRACING'] = 'true';
  const stack: ObservabilityStack | undefined = await startObservabilityStack({
    dir: path.join(dir, 'observability'),
    prometheusPort: 0,
    jaegerPort: 0,
    otlpPort: 0,
    scrapeIntervalSeconds: 15,
    announcedPorts: true,
    log,
  });
  if (!stack) throw new Error('BENCH_OBSERVABILITY=1 needs Prometheus and Jaeger (built once with Go into the per-user cache)');
  log(`observability on: Prometheus ${stack.prometheus.url}, Jaeger ${stack.jaeger.url}`);
  return {
    // OpenTelemetry's own sampler variables, when the bench is given them, reach every process (the cost of a sampled
    // production against tracing every request: docs/decisions/0032-observability.md, "Cost").
    env: (name) => ({ ...stack.processEnv(name), ...samplerEnv() }),
    announce: async (name, process) => {
      let port: number | undefined;
      await waitFor(`${name}'s operations port`, async () => Boolean((port = announcedOpsPort(process.output(), name))), {
        timeoutMs: 60_000,
        intervalMs: 100,
      });
      if (port) stack.announce(name, port);
    },
    stop: () => stack.stop(),
  };
}

function samplerEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ['OTEL_TRACES_SAMPLER', 'OTEL_TRACES_SAMPLER_ARG']) {
    const value = process.env[name];
    if (value) env[name] = value;
  }
  return env;
}
