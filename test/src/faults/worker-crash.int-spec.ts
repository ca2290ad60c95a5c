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

  beforeAll(async () => {
    env = await connectToSharedTemporal();
    suite = await startCaseSuite('worker_crash', CASES);
    worker = await startAppProcess('worker', appProcessEnv(suite), /worker started/);
  });

  afterAll(async () => {
    await worker?.stop();
    await suite?.close();
    await env?.teardown();
  });

  it('after a restart every case finishes, each person has exactly one code, and every email is one outbox message', async () => {
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

    // Every email of every case arrived and is marked sent. A worker killed between the mail
    // server's acceptance and the outbox update re-sends on retry: SMTP cannot be part of our
    // transaction, so delivery is at-least-once, with the same Message-ID, which lets the
    // receiving side drop the copy. Each outbox key is one distinct message.
    await new Promise((r) => setTimeout(r, 500));
    const ids = smtp.messages().map((m) => m.messageId);
    const outbox: Array<{ n: number }> = await db.dataSource.query('SELECT count(*)::int AS n FROM email_outbox');
    expect(outbox[0]?.n).toBe(new Set(ids).size);
    process.stderr.write(`[worker-crash] ${ids.length - new Set(ids).size} duplicate deliveries (same Message-ID) of ${ids.length}\n`);
  });
});
