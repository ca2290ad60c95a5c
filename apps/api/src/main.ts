import 'reflect-metadata';
import './tracing-first';
import { OperationsFiguresRepository } from '@tramites/persistence';
import { assertDatabaseReachable, assertPortFree, assertTemporalReachable, runMain } from '@tramites/infra';
import { createMetricsRegistry, metricsPort, opsServerLine, registerPoolMetrics, startOpsServer } from '@tramites/observability';
import { createApiApp } from './app.factory';
import { loadApiConfig } from './config/api.config';
import { registerBusinessMetrics } from './operations/business-metrics';

runMain('api', async () => {
  const config = loadApiConfig();
  const { PORT, HOST, TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, DATABASE_URL } = config.values;
  await assertPortFree(PORT, HOST, 'PORT');
  await assertTemporalReachable(TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE);
  await assertDatabaseReachable(DATABASE_URL);
  // Metrics on the operations endpoint (METRICS_PORT), apart from the public port (ADR 0032).
  const opsPort = metricsPort();
  const registry = opsPort === undefined ? undefined : createMetricsRegistry();
  const app = await createApiApp(config, registry ? { metrics: registry } : {});
  await app.listen(PORT, HOST);
  if (registry && opsPort !== undefined) {
    const figures = app.get(OperationsFiguresRepository);
    registerPoolMetrics(registry, () => figures.poolFigures());
    registerBusinessMetrics(registry, figures);
    const ops = await startOpsServer({
      port: opsPort,
      metrics: () => registry.metrics(),
      // Ready when Temporal and PostgreSQL answer (the /health route's own checks).
      ready: async () => (await fetch(`http://127.0.0.1:${PORT}/health`)).ok,
    });
    process.stdout.write(`${opsServerLine('api', ops.port)}\n`);
  }
});
