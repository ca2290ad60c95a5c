import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createApiApp, loadApiConfig } from '@tramites/api';
import { ERROR_CODES } from '@tramites/contracts';
import { addBusinessDays, toLocalDate } from '@tramites/domain';
import {
  connectToSharedTemporal,
  createTestDatabase,
  createTestWorker,
  requireTestEnv,
  startTcpProxy,
  testActivityDependencies,
  uniqueTaskQueue,
  type TcpProxy,
  type TestDatabase,
} from '@tramites/testing';
import request from 'supertest';

/** API and worker against the real Temporal dev server and PostgreSQL (reached through a proxy we can cut). */
describe('GET /health', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let proxy: TcpProxy;
  let app: INestApplication;
  let worker: Worker;
  let workerRun: Promise<void>;

  beforeAll(async () => {
    env = await connectToSharedTemporal();
    db = await createTestDatabase('e2e_health');
    const dbUrl = new URL(db.url);
    proxy = await startTcpProxy(Number(dbUrl.port));
    dbUrl.port = String(proxy.port);
    worker = await createTestWorker({
      connection: env.nativeConnection,
      namespace: requireTestEnv('namespace'),
      taskQueue: uniqueTaskQueue('health'),
      dependencies: testActivityDependencies({ dataSource: db.dataSource, smtpPort: 1 }),
    });
    workerRun = worker.run();
    app = await createApiApp(
      loadApiConfig({
        DATABASE_URL: dbUrl.toString(),
        TEMPORAL_ADDRESS: requireTestEnv('temporalAddress'),
        TEMPORAL_NAMESPACE: requireTestEnv('namespace'),
        // Not production's `info`: a line per request would bury the suite's own output.
        LOG_LEVEL: 'silent',
      }),
    );
    await app.init();
  });

  afterAll(async () => {
    await app.close();
    worker.shutdown();
    await workerRun;
    await proxy.stop();
    await db.drop();
    await env.teardown();
  });

  it('answers 200 with both dependencies up', async () => {
    const res = await request(app.getHttpServer()).get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', temporal: 'up', database: 'up' });
    expect(worker.getState()).toBe('RUNNING');
  });

  it('answers 503 naming the database while PostgreSQL is unreachable, and 200 once it is back', async () => {
    await proxy.close();
    const down = await request(app.getHttpServer()).get('/health').expect(503);
    expect(down.body).toEqual({ status: 'degraded', temporal: 'up', database: 'down' });

    await proxy.open();
    let body: unknown;
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const res = await request(app.getHttpServer()).get('/health');
      body = res.body;
      if (res.status === 200) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(body).toEqual({ status: 'ok', temporal: 'up', database: 'up' });
  });

  it('answers 500 INTERNAL in Spanish, naming nothing of the cause, to a request PostgreSQL cannot answer', async () => {
    await proxy.close();
    try {
      const res = await request(app.getHttpServer()).get(`/agencies/UIO-NORTE/availability?date=${addBusinessDays(toLocalDate(Date.now()), 3)}`);
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ error: { code: 'INTERNAL', message: ERROR_CODES.INTERNAL.message } });
    } finally {
      await proxy.open();
    }
  });

  it('answers 503 naming Temporal while Temporal is unreachable', async () => {
    // An API of its own whose Temporal is reached through a proxy this test cuts (it cannot start without one).
    const [temporalHost, temporalPort] = requireTestEnv('temporalAddress').split(':');
    const temporalProxy = await startTcpProxy(Number(temporalPort), temporalHost);
    const cut = await createApiApp(
      loadApiConfig({
        DATABASE_URL: db.url,
        TEMPORAL_ADDRESS: `127.0.0.1:${temporalProxy.port}`,
        TEMPORAL_NAMESPACE: requireTestEnv('namespace'),
        TEMPORAL_TASK_QUEUE: uniqueTaskQueue('health-cut'),
        LOG_LEVEL: 'silent',
      }),
    );
    await cut.init();
    try {
      await temporalProxy.close();
      const health = await request(cut.getHttpServer()).get('/health').expect(503);
      expect(health.body).toEqual({ status: 'degraded', temporal: 'down', database: 'up' });
    } finally {
      await temporalProxy.open();
      await cut.close();
      await temporalProxy.stop();
    }
  });

  it('publishes the OpenAPI document, including /health', async () => {
    const res = await request(app.getHttpServer()).get('/docs-json').expect(200);
    expect(res.body.paths['/health']).toBeDefined();
    await request(app.getHttpServer()).get('/docs').expect(200);
  });
});
