import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TokenService, createApiApp, loadApiConfig, type Principal } from '@tramites/api';
import { createFileBlobStore } from '@tramites/persistence';
import type { ActivityDependencies } from '@tramites/worker';
import {
  connectToSharedTemporal,
  createTestDatabase,
  createTestWorker,
  requireTestEnv,
  OfficerTokenSigner,
  seedAgency,
  startTestOfficerIssuer,
  startTestSmtpServer,
  TEST_ACTOR_ASSERTION_KEY,
  TEST_PAYLOAD_KEYS,
  testActivityDependencies,
  uniqueTaskQueue,
  type OfficerSignIn,
  type TestOfficer,
  type TestDatabase,
  type TestSmtpServer,
} from '../index';
import { TestRows } from '../rows';
import request from 'supertest';

export const TEST_JWT_SECRET = 'test-jwt-secret-0123456789abcdef0123456789';

/** The identity provider the suite's API trusts for officers (ADR 0021): its issuer and RS256 signing key. */
export interface OfficerIdentityProvider {
  issuer: string;
  signingJwk: string;
}

export interface ApiHarness {
  app: INestApplication;
  http: () => ReturnType<typeof request>;
  /**
   * A bearer token for a principal: an applicant's is the API's own (HS256, as the API mints
   * them after a captcha or an emailed code); an officer's is an access token of the identity
   * provider, signed with its key (`signIn`: when and how the officer authenticated; default now).
   */
  token: (principal: Principal, signIn?: OfficerSignIn) => Promise<string>;
  db: TestDatabase;
  smtp: TestSmtpServer;
  env: TestWorkflowEnvironment;
  taskQueue: string;
  close: () => Promise<void>;
}

/** Variables the API reads from the process environment when it is built, not from its config. */
const PROCESS_ENV_KEYS = ['BLOB_DIR', 'SIGNING_PUBLIC_KEYS'] as const;

/**
 * The real API (in-process Nest app) and a real worker on the run's shared Temporal dev
 * server and PostgreSQL, with a suite database, a task queue and an SMTP server of its own.
 * `overrides` are API settings; BLOB_DIR and SIGNING_PUBLIC_KEYS among them are set in the
 * process environment while the API is built, and restored by close().
 */
export async function startApiHarness(
  label: string,
  overrides: Record<string, string> = {},
  activityOverrides: Partial<ActivityDependencies> = {},
  /** The officers' provider when the suite runs one (the officers' pages); else the harness serves its key material. */
  officerProvider?: OfficerIdentityProvider,
): Promise<ApiHarness> {
  if (overrides['OIDC_ISSUER_URL'] !== undefined && overrides['OIDC_ISSUER_URL'] !== officerProvider?.issuer) {
    throw new Error('startApiHarness: pass the provider (issuer and signing key) whose OIDC_ISSUER_URL the API trusts');
  }
  const ownIssuer = officerProvider ? undefined : await startTestOfficerIssuer();
  const officers = officerProvider ? new OfficerTokenSigner(officerProvider.issuer, officerProvider.signingJwk) : ownIssuer?.signer;
  if (!officers) throw new Error('startApiHarness: no officers provider');
  const env = await connectToSharedTemporal();
  const db = await createTestDatabase(label);
  const smtp = await startTestSmtpServer();
  await seedAgency(db.dataSource, 3);
  await seedAgency(db.dataSource, 3, 'GYE-CENTRO');
  await new TestRows(db.dataSource).renameAgency('GYE-CENTRO', 'GUAYAS', 'Centro de Atención Universal Guayaquil');
  const taskQueue = uniqueTaskQueue(label);
  // The API stores uploads where the worker reads them (one BLOB_DIR, as in production);
  // the API reads BLOB_DIR from the environment when it is built.
  const blobDir = overrides['BLOB_DIR'] ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tramites-api-blobs-'));
  const saved = Object.fromEntries(PROCESS_ENV_KEYS.map((key) => [key, process.env[key]]));
  process.env['BLOB_DIR'] = blobDir;
  if (overrides['SIGNING_PUBLIC_KEYS'] !== undefined) process.env['SIGNING_PUBLIC_KEYS'] = overrides['SIGNING_PUBLIC_KEYS'];
  const worker: Worker = await createTestWorker({
    connection: env.nativeConnection,
    namespace: requireTestEnv('namespace'),
    taskQueue,
    dependencies: testActivityDependencies({
      dataSource: db.dataSource,
      smtpPort: smtp.port,
      overrides: { blobStore: createFileBlobStore(blobDir), ...activityOverrides },
    }),
  });
  const running = worker.run();
  const config = loadApiConfig({
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: requireTestEnv('temporalAddress'),
    TEMPORAL_NAMESPACE: requireTestEnv('namespace'),
    TEMPORAL_TASK_QUEUE: taskQueue,
    // Not production's `info`: a line per request would bury the suites' own output (the log's content has suites of its own).
    LOG_LEVEL: 'silent',
    JWT_SECRET: TEST_JWT_SECRET,
    // Officers only through the identity provider's access tokens (ADR 0021).
    OIDC_ISSUER_URL: officers.issuer,
    // The same keys as the suite's worker and clients (ADR 0014).
    TEMPORAL_PAYLOAD_KEYS: TEST_PAYLOAD_KEYS,
    TEMPORAL_ACTOR_ASSERTION_KEY: TEST_ACTOR_ASSERTION_KEY,
    ...overrides,
  });
  const app = await createApiApp(config);
  await app.init();
  const tokens = new TokenService(TEST_JWT_SECRET);
  // An applicant's token lives as long as those the API hands out (CASE_TOKEN_MINUTES).
  const applicantTokenSeconds = config.values.CASE_TOKEN_MINUTES * 60;
  return {
    app,
    http: () => request(app.getHttpServer()),
    token: (p, signIn) => (p.role === 'applicant' ? tokens.sign(p, applicantTokenSeconds) : officers.sign(p as TestOfficer, signIn)),
    db,
    smtp,
    env,
    taskQueue,
    close: async () => {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      await app.close();
      worker.shutdown();
      await running;
      await smtp.close();
      await db.drop();
      await env.teardown();
      await ownIssuer?.close();
    },
  };
}
