import { z } from 'zod';
import { CASES_TASK_QUEUE, DEFAULT_NAMESPACE } from '@tramites/contracts';
import { StartupError, checkDatabaseUrl, parseStartupEnv } from '@tramites/infra';

const positiveInt = z.coerce.number().int().positive();

const schema = z.object({
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default(DEFAULT_NAMESPACE),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default(CASES_TASK_QUEUE),
  DATABASE_URL: z.string({ error: 'DATABASE_URL is required' }).min(1, 'DATABASE_URL is required'),
  DATABASE_POOL_SIZE: positiveInt.default(10),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Prebuilt bundle from `npm run build:workflows`; required in production. */
  WORKFLOW_BUNDLE_PATH: z.string().optional(),
  /**
   * Cases kept in memory between their steps (ADR 0009: about 0.5 MB each; an evicted case replays its history on
   * its next step, about 40 ms of CPU for a 000 case). With 50 the worker held 311 to 371 MB with 1,000 open cases (ADR 0023: two V8 isolates and the SDK core bound it).
   */
  WORKER_MAX_CACHED_WORKFLOWS: positiveInt.default(50),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: positiveInt.default(40),
  WORKER_MAX_CONCURRENT_ACTIVITIES: positiveInt.default(40),
  WORKER_SHUTDOWN_GRACE_SECONDS: positiveInt.default(30),
  /**
   * The SDK's stack capture per workflow promise, for the `__stack_trace` query (workflow-stack-traces.ts,
   * the worker's preload; ADR 0023). Off by default: about 25 ms of worker CPU per 000 case.
   */
  WORKER_WORKFLOW_STACK_TRACES: z.enum(['on', 'off'], { error: 'WORKER_WORKFLOW_STACK_TRACES must be on or off' }).default('off'),
  /** Server secret for verification codes and verification numbers; required in production. */
  TRAMITES_SECRET: z.string().min(16, 'TRAMITES_SECRET must have at least 16 characters').optional(),
  /** Where issued PDFs and uploads are stored, content-addressed. */
  BLOB_DIR: z.string().min(1).default('.data/blobs'),
  /** Public page printed in each document's QR code. */
  VERIFY_BASE_URL: z.string().url('VERIFY_BASE_URL must be a URL').default('http://localhost:3000/verificacion'),
  /** The applicants' web pages: the reminder's "Consultar mi trámite" link and the waiting list's offer links (ADR 0029). */
  WEB_BASE_URL: z.string().url('WEB_BASE_URL must be a URL').default('http://localhost:3001'),
  /** How long a freed seat is held for the first of the waiting list before it passes to the next (ADR 0029). */
  WAITING_LIST_HOLD_MINUTES: positiveInt.max(24 * 60).default(30),
  /** How often the worker ends the waiting list's holds that were not taken and offers their seats to the next. */
  WAITING_LIST_SWEEP_SECONDS: positiveInt.default(30),
  /** Portal page that sets a password from the emailed single-use link (003, 004). */
  PORTAL_BASE_URL: z.string().url('PORTAL_BASE_URL must be a URL').default('http://localhost:3000/portal/clave'),
  /**
   * PEM bundle of the certification authorities accepted for electronic signatures (004, Ventanilla Virtual);
   * required in production (`npm start`: the data folder's development CA, libs/devenv/src/dev-signatures.ts).
   */
  SIGNATURE_TRUST_ANCHORS: z.string().min(1).optional(),
});

export type WorkerConfig = z.infer<typeof schema>;

/** Validated worker configuration from the environment; a bad value stops start-up with one line. */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const config = parseStartupEnv(schema, env);
  checkDatabaseUrl(config.DATABASE_URL);
  if (config.NODE_ENV === 'production' && !config.TRAMITES_SECRET) {
    throw new StartupError('TRAMITES_SECRET must be set in production (at least 16 random characters)');
  }
  // Without anchors every electronically signed upload (004, Ventanilla Virtual) fails its inspection: refused at start-up, not as an outage.
  if (config.NODE_ENV === 'production' && !config.SIGNATURE_TRUST_ANCHORS) {
    throw new StartupError('SIGNATURE_TRUST_ANCHORS must be set in production (a PEM file of the accredited certification authorities)');
  }
  return config;
}
