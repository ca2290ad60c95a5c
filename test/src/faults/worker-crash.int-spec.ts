import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { checkInUpdate, recordDocumentsUpdate, type CaseView, type OpenCaseInput } from '@tramites/contracts';
import { developmentSecrets } from '@tramites/infra';
import {
  CaseDriver,
  OFFICER,
  completeDocuments000,
  connectToSharedTemporal,
  createTestDatabase,
  openCaseInput,
  requireTestEnv,
  seedAgency,
  slotStartingSoon,
  startAppProcess,
  startTestSmtpServer,
  uniqueTaskQueue,
  type AppProcess,
  type TestDatabase,
  type TestSmtpServer,
} from '@tramites/testing';

const CASES = 20;

/** The worker process is killed with SIGKILL in the middle of 20 issuances: nothing is lost or duplicated. */
describe('worker crash mid-case', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let smtp: TestSmtpServer;
  let workerEnv: Record<string, string>;
  let worker: AppProcess | undefined;
  const taskQueue = uniqueTaskQueue('crash');

  beforeAll(async () => {
    env = await connectToSharedTemporal();
    db = await createTestDatabase('worker_crash');
    smtp = await startTestSmtpServer();
    await seedAgency(db.dataSource, CASES);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tramites-crash-'));
    workerEnv = {
      ...developmentSecrets(dir),
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: requireTestEnv('temporalAddress'),
      TEMPORAL_NAMESPACE: requireTestEnv('namespace'),
      TEMPORAL_TASK_QUEUE: taskQueue,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      BLOB_DIR: path.join(dir, 'blobs'),
      NODE_ENV: 'test',
    };
    worker = await startAppProcess('worker', workerEnv, /worker started/);
  });

  afterAll(async () => {
    await worker?.stop();
    await smtp.close();
    await db.drop();
    await env.teardown();
  });

  it('after a restart every case finishes, each person has exactly one code, and every email is one outbox message', async () => {
    const driver = new CaseDriver(env.client, taskQueue, smtp);
    const slotId = await slotStartingSoon(db.dataSource, 'UIO-NORTE', CASES);
    const cases: Array<{ input: OpenCaseInput; handle: WorkflowHandle }> = [];
    for (let i = 0; i < CASES; i += 1) {
      const input = openCaseInput();
      const handle = await driver.open(input);
      await driver.verifyAndBook(handle, input, slotId);
      await handle.executeUpdate(checkInUpdate, { args: [{ actor: OFFICER }] });
      cases.push({ input, handle });
    }
    // The officer records the documents of every case; the worker dies while they are being issued.
    const reviews = cases.map(({ handle }) =>
      handle.executeUpdate(recordDocumentsUpdate, { args: [completeDocuments000(OFFICER)] }).catch((e: unknown) => e),
    );
    await new Promise((r) => setTimeout(r, 400));
    await worker?.crash();
    worker = await startAppProcess('worker', workerEnv, /worker started/);
    await Promise.all(reviews);

    const results: CaseView[] = await Promise.all(cases.map(({ handle }) => handle.result()));
    expect(results.map((r) => r.status)).toEqual(Array(CASES).fill('issued'));

    const codes: Array<{ person_key: string; n: number }> = await db.dataSource.query(
      'SELECT person_key, count(*)::int AS n FROM foreigner_codes GROUP BY person_key',
    );
    expect(codes).toHaveLength(CASES);
    expect(codes.every((c) => c.n === 1)).toBe(true);
    expect(new Set(results.map((r) => r.result?.code)).size).toBe(CASES);

    const events: Array<{ case_id: string; n: number; seqs: number }> = await db.dataSource.query(
      'SELECT case_id, count(*)::int AS n, count(DISTINCT seq)::int AS seqs FROM case_events GROUP BY case_id',
    );
    expect(events.every((e) => e.n === e.seqs)).toBe(true);

    // Every email of every case arrived and is marked sent. A worker killed between the mail
    // server's acceptance and the outbox update re-sends on retry: SMTP cannot be part of our
    // transaction, so delivery is at-least-once, with the same Message-ID, which lets the
    // receiving side drop the copy. Each outbox key is one distinct message.
    await new Promise((r) => setTimeout(r, 500));
    const outbox: Array<{ status: string; n: number }> = await db.dataSource.query(
      'SELECT status, count(*)::int AS n FROM email_outbox GROUP BY status',
    );
    const ids = smtp.messages().map((m) => m.messageId);
    expect(outbox).toEqual([{ status: 'sent', n: new Set(ids).size }]);
    const issuedIds = new Set(
      smtp.messages().filter((m) => results.some((r) => m.text.includes(r.result?.code ?? '-'))).map((m) => m.messageId),
    );
    expect(issuedIds.size).toBe(CASES);
    process.stderr.write(`[worker-crash] ${ids.length - new Set(ids).size} duplicate deliveries (same Message-ID) of ${ids.length}\n`);
  });
});
