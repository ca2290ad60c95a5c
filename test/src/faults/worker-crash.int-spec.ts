import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { CaseView } from '@tramites/contracts';
import {
  CLEAN_AUDIT,
  CaseDriver,
  appProcessEnv,
  auditIssuedCases,
  connectToSharedTemporal,
  startAppProcess,
  startCaseSuite,
  type AppProcess,
  type CaseSuite,
} from '@tramites/testing';

const CASES = 20;

/** The worker process is killed with SIGKILL in the middle of 20 issuances: nothing is lost or duplicated. */
describe('worker crash mid-case', () => {
  let env: TestWorkflowEnvironment;
  let suite: CaseSuite;
  let worker: AppProcess | undefined;
  let mailer: AppProcess | undefined;

  beforeAll(async () => {
    env = await connectToSharedTemporal();
    suite = await startCaseSuite('worker_crash', CASES);
    // One environment for both: the mailer opens the bodies the worker sealed with the same secret.
    const processEnv = appProcessEnv(suite);
    worker = await startAppProcess('worker', processEnv, /worker started/);
    mailer = await startAppProcess('mailer', processEnv, /mailer started/);
  });

  afterAll(async () => {
    await worker?.stop();
    await mailer?.stop();
    await suite?.close();
    await env?.teardown();
  });

  it('after a restart every case finishes, each person has exactly one code, and no email is sent twice', async () => {
    const { db, smtp } = suite;
    const driver = new CaseDriver(env.client, suite.taskQueue, smtp);
    const cases = await driver.casesAtTheWindow(db.dataSource, CASES);
    // The officer records the documents of every case; the worker dies while they are being issued.
    const reviews = cases.map(({ handle }) => driver.recordDocuments(handle));
    await new Promise((r) => setTimeout(r, 400));
    await worker?.crash();
    worker = await worker?.restart();
    await Promise.all(reviews);

    const results: CaseView[] = await Promise.all(cases.map(({ handle }) => handle.result()));
    expect(await auditIssuedCases(db.dataSource, smtp, results)).toEqual(CLEAN_AUDIT);
    expect(new Set(results.map((r) => r.result?.code)).size).toBe(CASES);

    // Every email of every case arrived once. The worker only queues emails in the outbox
    // (ADR 0008): the mail dispatcher, another process, sends them, so a worker killed at any
    // point can neither lose one nor send one twice.
    await new Promise((r) => setTimeout(r, 500));
    const ids = smtp.messages().map((m) => m.messageId);
    const outbox: Array<{ n: number }> = await db.dataSource.query(`SELECT count(*)::int AS n FROM email_outbox WHERE status = 'sent'`);
    expect(ids.length).toBeGreaterThanOrEqual(CASES * 4);
    expect(ids).toHaveLength(new Set(ids).size);
    expect(outbox[0]?.n).toBe(ids.length);
  });
});
