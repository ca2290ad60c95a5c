import { randomBytes } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { TokenService } from '@tramites/api';
import { caseWorkflowId } from '@tramites/contracts';
import { freePort, waitFor } from '@tramites/infra';
import {
  answersOk,
  appProcessEnv,
  connectToSharedTemporal,
  createTestWorker,
  requireTestEnv,
  startAppProcess,
  startCaseSuite,
  startTcpProxy,
  testActivityDependencies,
  type AppProcess,
  type CaseSuite,
  type TcpProxy,
} from '@tramites/testing';

/** Start requests (one applicant and one Idempotency-Key each), each sent from two tabs at once. */
const HELD = 4;
const BURST = 8;
const TABS = 2;

interface Answer {
  key: string;
  status: number;
  caseId: string;
  created: boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The API process is killed with SIGKILL twice while applicants start cases, and started again;
 * the clients resend the same request with the same Idempotency-Key whenever the connection
 * is refused or cut. First while Temporal is out of the API's reach (the starts are on record,
 * their workflows not started yet: the resends must start them), then in the middle of a burst.
 * Each key must end as one case: one workflow, one request row, one read-model row.
 */
describe('API restart during idempotent case starts', () => {
  let env: TestWorkflowEnvironment;
  let suite: CaseSuite;
  let worker: Worker;
  let workerRun: Promise<void>;
  let temporalProxy: TcpProxy;
  let api: AppProcess | undefined;
  let apiEnv: Record<string, string>;
  let base: string;
  const traffic = { inFlight: 0, connectionErrors: 0, serverErrors: 0 };

  beforeAll(async () => {
    env = await connectToSharedTemporal();
    suite = await startCaseSuite('api_restart', 2);
    worker = await createTestWorker({
      connection: env.nativeConnection,
      namespace: requireTestEnv('namespace'),
      taskQueue: suite.taskQueue,
      dependencies: testActivityDependencies({ dataSource: suite.db.dataSource, smtpPort: suite.smtp.port }),
    });
    workerRun = worker.run();
    // The API reaches Temporal through a proxy, so that the test can take Temporal out of its reach.
    temporalProxy = await startTcpProxy(Number(requireTestEnv('temporalAddress').split(':').pop()));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    apiEnv = { ...appProcessEnv(suite, { temporalAddress: `127.0.0.1:${temporalProxy.port}` }), PORT: String(port), HOST: '127.0.0.1' };
    api = await startAppProcess('api', apiEnv, answersOk(`${base}/health`));
  });

  afterAll(async () => {
    await api?.stop();
    await temporalProxy?.stop();
    for await (const wf of env.client.workflow.list({ query: `TaskQueue = '${suite.taskQueue}' AND ExecutionStatus = 'Running'` })) {
      await env.client.workflow.getHandle(wf.workflowId, wf.runId).terminate('test over');
    }
    worker.shutdown();
    await workerRun;
    await suite?.close();
    await env?.teardown();
  });

  /** A client that resends the same start until the API answers (a refused or cut connection, a 5xx: again). */
  async function startCase(key: string, token: string, body: unknown): Promise<Answer> {
    const deadline = Date.now() + 90_000;
    for (;;) {
      traffic.inFlight += 1;
      try {
        const res = await fetch(`${base}/cases`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, 'Idempotency-Key': key },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(15_000),
        });
        if (res.status < 500) return { key, status: res.status, ...((await res.json()) as { caseId: string; created: boolean }) };
        traffic.serverErrors += 1;
      } catch {
        traffic.connectionErrors += 1;
      } finally {
        traffic.inFlight -= 1;
      }
      if (Date.now() > deadline) throw new Error(`no answer for ${key} in 90 s`);
      await sleep(100);
    }
  }

  it('maps every Idempotency-Key to exactly one case, started once', async () => {
    const tokens = new TokenService(apiEnv.JWT_SECRET!);
    const requests = await Promise.all(
      Array.from({ length: HELD + BURST }, async () => {
        const sub = `P${randomBytes(4).toString('hex').toUpperCase()}`;
        const body = {
          procedure: 'FOREIGNER_CODE',
          province: 'PICHINCHA',
          filerRole: 'holder',
          booker: { email: `${sub.toLowerCase()}@example.ec`, mobile: '0991234567' },
          holder: { fullName: 'María José Pérez Gómez', nationality: 'VEN', birthDate: '1990-04-12', documentType: 'passport', documentNumber: sub },
        };
        return { key: `start-${randomBytes(8).toString('hex')}`, token: await tokens.sign({ sub, role: 'applicant' }), body };
      }),
    );
    /** Every tab of every request, `spacingMs` apart. */
    const send = (batch: typeof requests, spacingMs: number): Promise<Answer[]> =>
      Promise.all(
        batch.flatMap((r, i) => Array.from({ length: TABS }, (_, tab) => sleep((i * TABS + tab) * spacingMs).then(() => startCase(r.key, r.token, r.body)))),
      );
    const { db, smtp } = suite;
    const recorded = async (): Promise<string[]> =>
      (await db.dataSource.query('SELECT case_id::text FROM case_start_requests')).map((r: { case_id: string }) => r.case_id);
    const workflowExists = (caseId: string): Promise<boolean> =>
      env.client.workflow
        .getHandle(caseWorkflowId(caseId))
        .describe()
        .then(
          () => true,
          () => false,
        );
    const restartApi = async (): Promise<void> => {
      await api?.crash();
      await temporalProxy.open();
      api = await api?.restart();
    };

    // 1. Temporal is out of the API's reach: the starts are recorded, their workflows cannot start; the API dies.
    await temporalProxy.close();
    const held = send(requests.slice(0, HELD), 0);
    await waitFor('the held starts on record', async () => (await recorded()).length === HELD, { timeoutMs: 15_000, intervalMs: 20 });
    const heldInFlight = traffic.inFlight;
    const heldStartedEarly = (await Promise.all((await recorded()).map(workflowExists))).filter(Boolean).length;
    await restartApi();

    // 2. A burst: the API dies again as soon as the first of it is on record.
    const burst = send(requests.slice(HELD), 15);
    await waitFor('the first start of the burst on record', async () => (await recorded()).length > HELD, { timeoutMs: 15_000, intervalMs: 5 });
    const burstInFlight = traffic.inFlight;
    await restartApi();
    const all = [...(await held), ...(await burst)];

    process.stderr.write(`[api-restart] in flight at the crashes: ${heldInFlight} held, ${burstInFlight} of the burst; ${JSON.stringify(traffic)}\n`);
    expect(heldInFlight).toBe(HELD * TABS);
    expect(heldStartedEarly).toBe(0);
    expect(traffic.serverErrors).toBe(0);
    expect(all.every((a) => a.status === 200 || a.status === 201)).toBe(true);

    // Per key: one case id in every answer, and "created" at most once.
    const caseOf = new Map<string, string>();
    for (const r of requests) {
      const mine = all.filter((a) => a.key === r.key);
      expect(new Set(mine.map((a) => a.caseId)).size).toBe(1);
      expect(mine.filter((a) => a.created).length).toBeLessThanOrEqual(1);
      caseOf.set(r.key, mine[0]!.caseId);
    }
    const caseIds = [...new Set(caseOf.values())].sort();
    expect(caseIds).toHaveLength(HELD + BURST);
    expect((await recorded()).sort()).toEqual(caseIds);

    // One workflow per case, and no other workflow on the queue (a second start would be a second execution).
    const executions = async (): Promise<string[]> => {
      const ids: string[] = [];
      for await (const wf of env.client.workflow.list({ query: `TaskQueue = '${suite.taskQueue}'` })) ids.push(wf.workflowId);
      return ids.sort();
    };
    // Waits are lenient: the assertion after each says what is missing.
    await waitFor('the executions', async () => (await executions()).length >= caseIds.length, { timeoutMs: 20_000 }).catch(() => undefined);
    expect(await executions()).toEqual(caseIds.map(caseWorkflowId).sort());

    // One read-model row per case, opened once, and one verification code emailed to each applicant.
    const readModel = async (): Promise<Array<{ id: string; opened: number }>> =>
      db.dataSource.query(
        `SELECT c.id::text, (SELECT count(*)::int FROM case_events e WHERE e.case_id = c.id AND e.type = 'CASE_OPENED') AS opened
         FROM cases c WHERE c.last_event_seq >= 2 ORDER BY c.id`,
      );
    await waitFor('the read model', async () => (await readModel()).length >= caseIds.length, { timeoutMs: 20_000 }).catch(() => undefined);
    expect(await readModel()).toEqual(caseIds.map((id) => ({ id, opened: 1 })));
    const codes = await Promise.all(
      requests.map(async (r) => {
        await smtp.waitForMessage((m) => m.to.includes(r.body.booker.email) && /verific/i.test(m.subject), 20_000);
        return smtp.messages().filter((m) => m.to.includes(r.body.booker.email)).length;
      }),
    );
    expect(codes).toEqual(Array(HELD + BURST).fill(1));
  });
});
