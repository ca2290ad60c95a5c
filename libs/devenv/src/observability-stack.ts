import path from 'node:path';
import { freePort, type Log } from '@tramites/infra';
import { findOrInstallTool, startJaeger, startPrometheus, writeFileTargets, type RunningTool } from './observability-tools';
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
  /**
   * Tells Prometheus where a process's operations endpoint listens (with `announcedPorts`, once the process has
   * printed its `opsServerLine`); Prometheus reads its targets file again and scrapes it from then on.
   */
  announce(name: ObservedProcess, port: number): void;
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
  /** Where the Temporal server serves its metrics when it runs already (the tests' dev server); else a port for it. */
  temporalMetricsPort?: number;
  /** The alert rules to evaluate: production's (`alertRulesFile`) unless given (a test's copy with short `for:`). */
  ruleFiles?: string[];
  /**
   * The processes bind any free operations port (METRICS_PORT=0) and the caller `announce`s it: no port is picked
   * before its process binds it, so none can be taken in between (the tests). Otherwise each process is given a
   * free port picked now (npm start).
   */
  announcedPorts?: boolean;
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
  const ports = Object.fromEntries(
    await Promise.all(OBSERVED_PROCESSES.map(async (p) => [p, options.announcedPorts ? 0 : await freePort()] as const)),
  ) as Record<ObservedProcess, number>;
  const temporalMetricsPort = options.temporalMetricsPort ?? (await freePort());
  const targetsFile = (p: ObservedProcess): string => path.join(options.dir, 'prometheus-targets', `${p}.json`);
  const announce = (p: ObservedProcess, port: number): void => writeFileTargets(targetsFile(p), port ? [`127.0.0.1:${port}`] : []);
  for (const p of OBSERVED_PROCESSES) announce(p, ports[p]);
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
      fileTargets: Object.fromEntries(OBSERVED_PROCESSES.map((p) => [`tramites-${p}`, targetsFile(p)])),
      targets: {
        temporal: [`127.0.0.1:${temporalMetricsPort}`],
        ...options.extraTargets,
      },
      ruleFiles: options.ruleFiles ?? [alertRulesFile()],
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
    announce,
    processEnv: (name) => ({ METRICS_PORT: String(ports[name]), OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlpEndpoint, OTEL_SERVICE_NAME: `tramites-${name}` }),
    stop: async () => {
      await prometheus.stop();
      await jaeger.stop();
    },
  };
}
