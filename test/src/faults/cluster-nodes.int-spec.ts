import { Client, Connection } from '@temporalio/client';
import type { CaseView } from '@tramites/contracts';
import { waitFor } from '@tramites/infra';
import {
  CLEAN_AUDIT,
  CaseDriver,
  appProcessEnv,
  auditIssuedCases,
  startAppProcess,
  startCaseSuite,
  startDedicatedCluster,
  testClientOptions,
  testTemporalMode,
  type AppProcess,
  type CaseSuite,
  type DedicatedCluster,
} from '@tramites/testing';

const CASES = 10;
const FAULTS = 4;

// Needs the Temporal server built from the Go module proxy: runs with TRAMITES_TEMPORAL=cluster (CI's second pass).
const describeOnCluster = testTemporalMode() === 'cluster' ? describe : describe.skip;

/**
 * Faults only a cluster has. The suite's own Temporal cluster (2 history nodes sharing 8 shards,
 * 2 matching nodes, frontend, internal worker) on a PostgreSQL of its own; the worker and the
 * mailer are real processes. Each fault hits a burst of issuances: afterwards every case is
 * issued once, with one code per person, one event per step and every email sent once.
 */
describeOnCluster('Temporal cluster nodes that die', () => {
  let temporal: DedicatedCluster;
  let connection: Connection;
  let suite: CaseSuite;
  let driver: CaseDriver;
  let worker: AppProcess | undefined;
  let mailer: AppProcess | undefined;
  const codes = new Set<string>();

  beforeAll(async () => {
    temporal = await startDedicatedCluster();
    suite = await startCaseSuite('cluster_nodes', CASES * FAULTS);
    const processEnv = appProcessEnv(suite, { temporalAddress: temporal.cluster.address });
    worker = await startAppProcess('worker', processEnv, /worker started/);
    mailer = await startAppProcess('mailer', processEnv, /mailer started/);
    connection = await Connection.connect({ address: temporal.cluster.address });
    driver = new CaseDriver(new Client({ connection, namespace: temporal.cluster.namespace, ...testClientOptions }), suite.taskQueue, suite.smtp);
  }, 240_000);

  afterAll(async () => {
    await worker?.stop();
    await mailer?.stop();
    await connection?.close();
    await temporal?.stop();
    await suite?.close();
  });

  /** CASES cases at the window; the officer records their documents and `fault` strikes mid-burst. */
  async function burstWith(label: string, fault: () => Promise<void>): Promise<void> {
    const cases = await driver.casesAtTheWindow(suite.db.dataSource, CASES);
    const { issuedAtFault: atFault, faultAt: started } = await driver.recordDocumentsAroundAFault(suite.db.dataSource, cases, fault);
    const results: CaseView[] = await Promise.all(cases.map(({ handle }) => handle.result()));
    process.stderr.write(`[cluster-faults] ${label}: ${atFault} of ${CASES} issued at the fault, all done ${Date.now() - started} ms after it\n`);
    expect(atFault).toBeLessThan(CASES); // the fault did hit cases in flight
    expect(await auditIssuedCases(suite.db.dataSource, suite.smtp, results)).toEqual(CLEAN_AUDIT);
    expect(new Set(results.map((r) => r.result?.code)).size).toBe(CASES);
    for (const r of results) codes.add(r.result?.code ?? 'none');
    expect(worker?.child.exitCode).toBeNull(); // the worker rode it out
  }

  it('a history node killed with SIGKILL mid-burst: its shards move, then it rejoins; nothing lost or doubled', async () => {
    await burstWith('history-1 SIGKILL', async () => {
      await temporal.cluster.kill('history-1');
      // The other history node takes the dead node's shards once the ring drops it.
      await waitFor('the shards on history-2 alone', () => temporal.cluster.waitUntilServing(5_000).then(() => true), {
        timeoutMs: 90_000,
        intervalMs: 500,
      });
      await temporal.cluster.start('history-1');
    });
  });

  it('a matching node killed with SIGKILL mid-burst: the task queues move to the other one', async () => {
    await burstWith('matching-1 SIGKILL', async () => {
      await temporal.cluster.kill('matching-1');
      await new Promise((r) => setTimeout(r, 3_000));
      await temporal.cluster.start('matching-1');
    });
  });

  it('the frontend restarted mid-burst: clients and the worker reconnect', async () => {
    await burstWith('frontend restart', async () => {
      await temporal.cluster.kill('frontend', 'SIGTERM');
      await new Promise((r) => setTimeout(r, 1_000));
      await temporal.cluster.start('frontend');
    });
  });

  it('PostgreSQL restarted under the cluster mid-burst: every node reconnects', async () => {
    await burstWith('PostgreSQL restart', async () => {
      await temporal.postgres.stop();
      await new Promise((r) => setTimeout(r, 2_000));
      await temporal.postgres.restart();
    });
  });

  it('every case of every burst got a code of its own', () => {
    expect(codes.size).toBe(CASES * FAULTS);
    expect(codes.has('none')).toBe(false);
  });
});
