import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createApiApp, loadApiConfig } from '@tramites/api';
import { CASE_DEFAULTS, type CaseView } from '@tramites/contracts';
import { waitFor } from '@tramites/infra';
import {
  CLEAN_AUDIT,
  CaseDriver,
  appProcessEnv,
  auditIssuedCases,
  connectToSharedTemporal,
  requireTestEnv,
  startAppProcess,
  startCaseSuite,
  startTcpProxy,
  type AppProcess,
  type CaseSuite,
  type TcpProxy,
} from '@tramites/testing';
import request from 'supertest';

const CASES = 6;
/** How long PostgreSQL stays unreachable: 30 s, as the issue demands; TRAMITES_PG_OUTAGE_MS shortens it for local runs. */
const OUTAGE_MS = Number(process.env.TRAMITES_PG_OUTAGE_MS ?? 30_000);
/**
 * Registry and issuance calls retry five times before a case shows as stuck: about 65 s with
 * the default back-off (5 s, doubling up to 30 s), which outlasts the 30 s outage. A longer
 * outage asked for through TRAMITES_PG_OUTAGE_MS gets a budget that outlasts it too.
 */
const REGISTRY_RETRY_INITIAL_MS = Math.max(CASE_DEFAULTS.registryRetryInitialMs, Math.ceil(OUTAGE_MS / 6));

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * PostgreSQL becomes unreachable (connections dropped, new ones reset) for the worker process
 * and the API while cases are being issued, then comes back: /health says so, the activities
 * retry instead of failing the cases, and every case finishes with nothing lost or doubled.
 * The shared PostgreSQL is not touched: the worker and the API reach it through a proxy that is cut.
 */
describe('PostgreSQL outage mid-case', () => {
  let env: TestWorkflowEnvironment;
  let suite: CaseSuite;
  let proxy: TcpProxy;
  let worker: AppProcess | undefined;
  let mailer: AppProcess | undefined;
  let app: INestApplication | undefined;

  beforeAll(async () => {
    env = await connectToSharedTemporal();
    suite = await startCaseSuite('pg_outage', CASES);
    proxy = await startTcpProxy(Number(new URL(suite.db.url).port));
    const viaProxy = new URL(suite.db.url);
    viaProxy.port = String(proxy.port);
    const processEnv = appProcessEnv(suite, { databaseUrl: viaProxy.toString() });
    worker = await startAppProcess('worker', processEnv, /worker started/);
    // Not production's 5 s (doubling): an email deferred during the outage goes out soon after it, within the audit's wait.
    mailer = await startAppProcess('mailer', { ...processEnv, MAILER_RETRY_INITIAL_MS: '1000' }, /mailer started/);
    app = await createApiApp(
      loadApiConfig({
        DATABASE_URL: viaProxy.toString(),
        TEMPORAL_ADDRESS: requireTestEnv('temporalAddress'),
        TEMPORAL_NAMESPACE: requireTestEnv('namespace'),
        TEMPORAL_TASK_QUEUE: suite.taskQueue,
        // Not production's `info`: a line per request would bury the suite's own output.
        LOG_LEVEL: 'silent',
        // Not production's 2 s: the last check during the outage, 2 s before its end, answers before the database is back.
        HEALTH_TIMEOUT_MS: '1500',
      }),
    );
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await worker?.stop();
    await mailer?.stop();
    await proxy?.stop();
    await suite?.close();
    await env?.teardown();
  });

  it(
    'reports 503 during the outage, and afterwards every case is issued once with all its events, codes and emails',
    async () => {
      const { db, smtp } = suite;
      const health = () => request(app!.getHttpServer()).get('/health');
      const driver = new CaseDriver(env.client, suite.taskQueue, smtp);
      const settings =
        REGISTRY_RETRY_INITIAL_MS === CASE_DEFAULTS.registryRetryInitialMs ? {} : { settings: { registryRetryInitialMs: REGISTRY_RETRY_INITIAL_MS } };
      const cases = await driver.casesAtTheWindow(db.dataSource, CASES, settings);
      expect((await health()).status).toBe(200);

      // The officer records the documents of every case; the database goes away once the first is accepted.
      const reviews = cases.map(({ handle }) => driver.recordDocuments(handle, OUTAGE_MS + 90_000));
      const count = async (sql: string): Promise<number> => (await db.dataSource.query(sql))[0].n as number;
      await waitFor(
        'the first documents accepted',
        async () => (await count(`SELECT count(*)::int AS n FROM case_events WHERE type = 'DOCUMENTS_ACCEPTED'`)) > 0,
        {
          timeoutMs: 30_000,
          intervalMs: 10,
        },
      );
      await proxy.close();
      const cutAt = Date.now();
      const issuedAtCut = await count(`SELECT count(*)::int AS n FROM cases WHERE status = 'issued'`);

      const early = await health();
      expect({ status: early.status, body: early.body }).toEqual({ status: 503, body: { status: 'degraded', temporal: 'up', database: 'down' } });
      // Shortly before the end of the outage: still 503, every case still running, and its activities retrying.
      await sleep(Math.max(0, cutAt + OUTAGE_MS - 2_000 - Date.now()));
      const late = await health();
      const described = await Promise.all(cases.map(({ handle }) => handle.describe()));
      const retrying = described.filter((d) => (d.raw.pendingActivities ?? []).some((a) => (a.attempt ?? 0) > 1)).length;
      expect(late.status).toBe(503);
      expect(described.map((d) => d.status.name)).toEqual(Array(CASES).fill('RUNNING'));
      expect(retrying).toBeGreaterThan(0);
      await sleep(Math.max(0, cutAt + OUTAGE_MS - Date.now()));
      await proxy.open();

      await waitFor('/health 200', async () => (await health()).status === 200, { timeoutMs: 20_000 }).catch(() => undefined);
      expect((await health()).body).toEqual({ status: 'ok', temporal: 'up', database: 'up' });

      await Promise.all(reviews);
      const results: CaseView[] = await Promise.all(cases.map(({ handle }) => handle.result()));
      process.stderr.write(
        `[postgres-outage] ${OUTAGE_MS} ms outage; ${issuedAtCut} of ${CASES} cases issued at the cut, ${retrying} retrying before the end; ` +
          `all issued ${Math.round((Date.now() - cutAt - OUTAGE_MS) / 1000)} s after it\n`,
      );
      expect(issuedAtCut).toBeLessThan(CASES); // the outage did hit cases in flight
      expect(await auditIssuedCases(db.dataSource, smtp, results)).toEqual(CLEAN_AUDIT);
      expect(new Set(results.map((r) => r.result?.code)).size).toBe(CASES);
      expect(await count(`SELECT count(*)::int AS n FROM case_events WHERE type = 'CASE_STUCK'`)).toBe(0); // no case waited as stuck
      expect(worker?.child.exitCode).toBeNull(); // the worker process rode out the outage
      expect(mailer?.child.exitCode).toBeNull(); // and so did the mail dispatcher
    },
    OUTAGE_MS + 120_000,
  );
});
