import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { EMAIL_DISPATCH_DEFAULTS, EmailDispatcher, createSmtpTransport, type EmailTransport } from '@tramites/mail';
import { createFileBlobStore } from '@tramites/persistence';
import { signingKeysFromEnv } from '@tramites/signing';
import { createTramitesWorker, keyedPoderWorkflowId, loadWorkerConfig, type ActivityDependencies } from '@tramites/worker';
import type { DataSource } from 'typeorm';
import { TEST_ACTOR_ASSERTION_KEY, testDataConverter, workflowBundle } from './temporal';

export const TEST_SECRET = 'test-secret-0123456789abcdef';

/** The workflow id of a poder's review in the tests (a keyed hash of its identity under TEST_SECRET; ADR 0014). */
export const testPoderReviewWorkflowId = (poderId: string): string => keyedPoderWorkflowId(TEST_SECRET, poderId);

/** What a test worker needs: the activities' dependencies, and the mail transport of its dispatcher. */
export type TestWorkerDependencies = ActivityDependencies & { mail: EmailTransport };

/** The real activity dependencies for a suite: its database, a real SMTP server, a temporary blob folder. */
export function testActivityDependencies(options: {
  dataSource: DataSource;
  smtpPort: number;
  overrides?: Partial<TestWorkerDependencies>;
}): TestWorkerDependencies {
  return {
    dataSource: options.dataSource,
    mail: createSmtpTransport({ host: '127.0.0.1', port: options.smtpPort, secure: false, from: 'Trámites IESS <no-responder@iess.gob.ec>' }),
    blobStore: createFileBlobStore(fs.mkdtempSync(path.join(os.tmpdir(), 'tramites-blobs-'))),
    signing: signingKeysFromEnv({ NODE_ENV: 'test' }),
    secret: TEST_SECRET,
    actorAssertionKey: TEST_ACTOR_ASSERTION_KEY,
    verifyBaseUrl: 'http://localhost:3000/verificacion',
    ...options.overrides,
  };
}

/**
 * A worker with the real workflows (prebuilt bundle) and the real activities, and beside
 * it the mail dispatcher (in production a process of its own, apps/mailer) for as long as
 * the worker runs, so that the emails the cases queue reach the suite's SMTP server.
 */
/** The worker's configuration as production reads it with nothing set but a database (its defaults). */
export const productionWorkerDefaults = (): ReturnType<typeof loadWorkerConfig> =>
  loadWorkerConfig({ DATABASE_URL: 'postgresql://tramites@127.0.0.1:5432/tramites' });

export async function createTestWorker(options: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  dependencies: TestWorkerDependencies;
}): Promise<Worker> {
  // The worker of production (apps/worker) with its default limits (cache, concurrency: read from
  // its configuration, never restated), and the bundle built once per test file.
  const production = productionWorkerDefaults();
  const worker = await createTramitesWorker({
    connection: options.connection,
    dependencies: options.dependencies,
    dataConverter: testDataConverter,
    workflowBundle: await workflowBundle(),
    config: {
      TEMPORAL_NAMESPACE: options.namespace,
      TEMPORAL_TASK_QUEUE: options.taskQueue,
      NODE_ENV: 'test',
      WORKFLOW_BUNDLE_PATH: undefined,
      WORKER_MAX_CACHED_WORKFLOWS: production.WORKER_MAX_CACHED_WORKFLOWS,
      WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: production.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
      WORKER_MAX_CONCURRENT_ACTIVITIES: production.WORKER_MAX_CONCURRENT_ACTIVITIES,
      // As the SDK's default: a suite's worker stops at once.
      WORKER_SHUTDOWN_GRACE_SECONDS: 0,
    },
  });
  const { dataSource, mail, blobStore, secret } = options.dependencies;
  const run = worker.run.bind(worker);
  // runUntil() calls run() too.
  worker.run = async () => {
    const dispatcher = new EmailDispatcher({
      dataSource,
      transport: mail,
      secret,
      loadAttachment: (sha) => blobStore.get(sha),
      pollIntervalMs: EMAIL_DISPATCH_DEFAULTS.pollIntervalMs,
      // Not production's 5 s: a message the suite's SMTP server refuses (rejectRecipient) is retried within a test's wait.
      retryInitialMs: 500,
      log: (level, msg, fields) => level === 'info' || process.stderr.write(`[mailer] ${msg} ${JSON.stringify(fields)}\n`),
    });
    dispatcher.start();
    try {
      return await run();
    } finally {
      await dispatcher.stop();
    }
  };
  return worker;
}
