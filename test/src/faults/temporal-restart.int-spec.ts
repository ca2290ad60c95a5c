import { Client, Connection } from '@temporalio/client';
import type { CaseView } from '@tramites/contracts';
import {
  CLEAN_AUDIT,
  CaseDriver,
  appProcessEnv,
  auditIssuedCases,
  startAppProcess,
  startCaseSuite,
  startDedicatedTemporal,
  type AppProcess,
  type CaseSuite,
  type DedicatedTemporal,
  testClientOptions,
} from '@tramites/testing';

const CASES = 8;

/**
 * The Temporal server is killed with SIGKILL while cases are being issued and started again on
 * its SQLite file: the cases go on from where the file left them and finish exactly once.
 * The server is this suite's own; the worker is a real worker process connected to it.
 */
describe('Temporal server restart mid-case', () => {
  let temporal: DedicatedTemporal;
  let connection: Connection;
  let suite: CaseSuite;
  let worker: AppProcess | undefined;
  let mailer: AppProcess | undefined;

  beforeAll(async () => {
    temporal = await startDedicatedTemporal();
    suite = await startCaseSuite('temporal_restart', CASES);
    const processEnv = appProcessEnv(suite, { temporalAddress: temporal.address });
    worker = await startAppProcess('worker', processEnv, /worker started/);
    mailer = await startAppProcess('mailer', processEnv, /mailer started/);
    connection = await Connection.connect({ address: temporal.address });
  });

  afterAll(async () => {
    await worker?.stop();
    await mailer?.stop();
    await connection?.close();
    await temporal?.stop();
    await suite?.close();
  });

  it('after the restart every case is issued once, with one code per person and one event per step', async () => {
    const { db, smtp } = suite;
    const driver = new CaseDriver(new Client({ connection, namespace: temporal.namespace, ...testClientOptions }), suite.taskQueue, smtp);
    const cases = await driver.casesAtTheWindow(db.dataSource, CASES);

    // The officer records the documents of every case; the server dies once the first code is issued.
    const { issuedAtFault: issuedAtCrash } = await driver.recordDocumentsAroundAFault(db.dataSource, cases, async () => {
      await temporal.crash();
      // The worker's polls and completions fail for a moment before the server is back on the same file and port.
      await new Promise((r) => setTimeout(r, 1_000));
      await temporal.restart();
    });
    const results: CaseView[] = await Promise.all(cases.map(({ handle }) => handle.result()));
    process.stderr.write(`[temporal-restart] ${issuedAtCrash} of ${CASES} cases issued when the server was killed\n`);
    expect(issuedAtCrash).toBeLessThan(CASES); // the crash did hit cases in flight
    expect(await auditIssuedCases(db.dataSource, smtp, results)).toEqual(CLEAN_AUDIT);
    expect(new Set(results.map((r) => r.result?.code)).size).toBe(CASES);
    expect(worker?.child.exitCode).toBeNull(); // the worker rode out the outage
  });
});
