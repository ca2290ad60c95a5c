import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type NativeConnection, Worker } from '@temporalio/worker';
import {
  createActivities,
  createFileBlobStore,
  createSmtpTransport,
  signingKeysFromEnv,
  type ActivityDependencies,
} from '@tramites/activities';
import type { DataSource } from 'typeorm';
import { workflowBundle } from './temporal';

export const TEST_SECRET = 'test-secret-0123456789abcdef';

/** The real activity dependencies for a suite: its database, a real SMTP server, a temporary blob folder. */
export function testActivityDependencies(options: {
  dataSource: DataSource;
  smtpPort: number;
  overrides?: Partial<ActivityDependencies>;
}): ActivityDependencies {
  return {
    dataSource: options.dataSource,
    mail: createSmtpTransport({ host: '127.0.0.1', port: options.smtpPort, secure: false, from: 'Trámites IESS <no-responder@iess.gob.ec>' }),
    blobStore: createFileBlobStore(fs.mkdtempSync(path.join(os.tmpdir(), 'tramites-blobs-'))),
    signing: signingKeysFromEnv({ NODE_ENV: 'test' }),
    secret: TEST_SECRET,
    verifyBaseUrl: 'http://localhost:3000/verificacion',
    ...options.overrides,
  };
}

/** A worker with the real workflows (prebuilt bundle) and the real activities. */
export async function createTestWorker(options: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  dependencies: ActivityDependencies;
}): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities(options.dependencies),
  });
}
