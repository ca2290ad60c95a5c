import {
  connectToSharedTemporal,
  createTestDatabase,
  createTestWorker,
  productionWorkerDefaults,
  requireTestEnv,
  startTestSmtpServer,
  testActivityDependencies,
  uniqueTaskQueue,
} from '@tramites/testing';

/** The suites' worker runs with production's limits (apps/worker/src/worker.config.ts defaults), not settings of its own. */
describe("the suites' worker", () => {
  it("keeps as many workflows in its cache as production's worker (WORKER_MAX_CACHED_WORKFLOWS)", async () => {
    const env = await connectToSharedTemporal();
    const db = await createTestDatabase('test_worker_settings');
    const smtp = await startTestSmtpServer();
    try {
      const worker = await createTestWorker({
        connection: env.nativeConnection,
        namespace: requireTestEnv('namespace'),
        taskQueue: uniqueTaskQueue('test-worker-settings'),
        dependencies: testActivityDependencies({ dataSource: db.dataSource, smtpPort: smtp.port }),
      });
      const cached = worker.options.maxCachedWorkflows;
      await worker.runUntil(Promise.resolve());
      const production = productionWorkerDefaults();
      expect(production.WORKER_MAX_CACHED_WORKFLOWS).toBe(50);
      expect(cached).toBe(production.WORKER_MAX_CACHED_WORKFLOWS);
    } finally {
      await smtp.close();
      await db.drop();
      await env.teardown();
    }
  });
});
