import './tracing-first';
import { createMetricsRegistry, metricsPort, opsServerLine, startOpsServer } from '@tramites/observability';
import { loadWebConfig } from './config';
import { createWebApp } from './web.factory';

async function main(): Promise<void> {
  const config = loadWebConfig();
  // Metrics on the operations endpoint (METRICS_PORT), apart from the public port (ADR 0032).
  const opsPort = metricsPort();
  const registry = opsPort === undefined ? undefined : createMetricsRegistry();
  const app = await createWebApp(config, registry ? { metrics: registry } : {});
  await app.listen(config.port, config.host);
  process.stdout.write(`web: Trámites IESS pages at http://localhost:${config.port} (API ${config.apiBaseUrl})\n`);
  if (registry && opsPort !== undefined) {
    const ops = await startOpsServer({
      port: opsPort,
      metrics: () => registry.metrics(),
      // Ready when its API answers: the pages can do nothing without it.
      ready: async () => (await fetch(`${config.apiBaseUrl}/health`)).ok,
    });
    process.stdout.write(`${opsServerLine('web', ops.port)}\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
