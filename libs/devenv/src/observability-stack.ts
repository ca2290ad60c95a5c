import path from 'node:path';
import { freePort, type Log } from '@tramites/infra';
import { findOrInstallTool, startJaeger, startPrometheus, type RunningTool } from './observability-tools';
import { workspaceRoot } from './paths';

/** The processes that serve an operations endpoint (libs/observability), each a Prometheus job of its own. */
export const OBSERVED_PROCESSES = ['api', 'web', 'worker', 'mailer'] as const;
export type ObservedProcess = (typeof OBSERVED_PROCESSES)[number];

/** The alert rules of production (docker/prometheus/alerts.yml), which the development Prometheus evaluates too. */
export function alertRulesFile(): string {
  return path.join(workspaceRoot(), 'docker', 'prometheus', 'alerts.yml');
}

export interface ObservabilityStack {
  prometheus: RunningTool;
  jaeger: RunningTool & { otlpEndpoint: string };
  /** The environment of one process: its operations port, the OTLP endpoint, its service name. */
  processEnv(name: ObservedProcess): Record<string, string>;
  /** The Temporal dev server's own metrics port (startTemporalDevServer's metricsPort). */
  temporalMetricsPort: number;
  stop(): Promise<void>;
}

export interface ObservabilityStackOptions {
  dir: string;
  /** 0: any free port (the tests). */
  prometheusPort: number;
  jaegerPort: number;
  otlpPort: number;
  scrapeIntervalSeconds?: number;
  /** Prometheus targets beyond our processes and the dev server (a Temporal cluster's services). */
  extraTargets?: Record<string, string[]>;
  log: Log;
}

/**
 * A real Prometheus scraping every process (and the Temporal server) and evaluating the alert rules, and a
 * real Jaeger taking the processes' OTLP spans (ADR 0032): `npm start` and the operations suite. Undefined
 * when the binaries are missing and Go cannot build them.
 */
export async function startObservabilityStack(options: ObservabilityStackOptions): Promise<ObservabilityStack | undefined> {
  const [prometheusBin, jaegerBin] = [await findOrInstallTool('prometheus', options.log), await findOrInstallTool('jaeger', options.log)];
  if (!prometheusBin || !jaegerBin) return undefined;
  const pick = async (port: number): Promise<number> => port || (await freePort());
  const ports = Object.fromEntries(await Promise.all(OBSERVED_PROCESSES.map(async (p) => [p, await freePort()] as const))) as Record<ObservedProcess, number>;
  const temporalMetricsPort = await freePort();
  const jaeger = await startJaeger({
    bin: jaegerBin,
    dir: path.join(options.dir, 'jaeger'),
    otlpPort: await pick(options.otlpPort),
    queryPort: await pick(options.jaegerPort),
    log: options.log,
  });
  let prometheus: RunningTool;
  try {
    prometheus = await startPrometheus({
      bin: prometheusBin,
      dataDir: path.join(options.dir, 'prometheus'),
      port: await pick(options.prometheusPort),
      targets: {
        ...Object.fromEntries(OBSERVED_PROCESSES.map((p) => [`tramites-${p}`, [`127.0.0.1:${ports[p]}`]])),
        temporal: [`127.0.0.1:${temporalMetricsPort}`],
        ...options.extraTargets,
      },
      ruleFiles: [alertRulesFile()],
      scrapeIntervalSeconds: options.scrapeIntervalSeconds ?? 5,
      log: options.log,
    });
  } catch (err) {
    await jaeger.stop();
    throw err;
  }
  return {
    prometheus,
    jaeger,
    temporalMetricsPort,
    processEnv: (name) => ({ METRICS_PORT: String(ports[name]), OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlpEndpoint, OTEL_SERVICE_NAME: `tramites-${name}` }),
    stop: async () => {
      await prometheus.stop();
      await jaeger.stop();
    },
  };
}
