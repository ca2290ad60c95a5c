import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { waitFor, WORKER_NODE_FLAGS, workerProcessEnv } from '@tramites/infra';
import { developmentSecrets } from '@tramites/devenv';
import type { CaseSuite } from './case-suite';
import { requireTestEnv, TEST_ENV } from './shared-infra';
import { TEST_ACTOR_ASSERTION_KEY, TEST_PAYLOAD_KEYS } from './temporal';

const ROOT = path.resolve(__dirname, '../../..');

/** The worker's preload, which every launcher passes to Node before its main (ADR 0023). */
export const WORKER_PRELOAD = { source: 'apps/worker/src/workflow-stack-traces.ts', compiled: 'dist/apps/worker/src/workflow-stack-traces.js' } as const;

export interface AppProcess {
  child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  /** SIGKILL: no shutdown hook runs, in-flight work is lost mid-way. */
  crash(): Promise<void>;
  stop(): Promise<void>;
  /** The same app with the same environment, started again (after crash() or stop()). */
  restart(): Promise<AppProcess>;
}

/**
 * `npm run build` (dist/) once per test run, whichever suite asks first: a build removes dist/
 * before writing it, so a second build would pull the files from under the apps another suite
 * runs from it. A lock folder keeps two Jest workers from building at once.
 */
export async function buildProductionApps(): Promise<void> {
  const marker = path.join(ROOT, 'dist', '.test-run');
  const runId = process.env[TEST_ENV.runId];
  const built = (): boolean => Boolean(runId) && fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === runId;
  if (built()) return;
  const lock = path.join(os.tmpdir(), `tramites-build-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}.lock`);
  const take = (): boolean => {
    try {
      fs.mkdirSync(lock);
      return true;
    } catch {
      // A lock left by a killed run (a build takes about a second) is taken over.
      if (Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? 0) > 60_000) fs.rmSync(lock, { recursive: true, force: true });
      return false;
    }
  };
  await waitFor('the build lock', async () => take(), { timeoutMs: 90_000, intervalMs: 100 });
  try {
    if (built()) return;
    execFileSync(process.execPath, ['scripts/build-apps.mjs'], { cwd: ROOT, stdio: 'ignore' });
    if (runId) fs.writeFileSync(marker, runId);
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** When a started process counts as up: a line it prints, or a probe that answers true. */
export type Readiness = RegExp | (() => Promise<boolean>);

/**
 * Starts apps/worker, apps/mailer, apps/api or apps/web as `npm start` does (or, with `compiled`,
 * from the build of `npm run build` in dist/, as production does), and resolves once it is up.
 * `node` runs it on another Node.js binary than this process's (the production image's LTS).
 */
export async function startAppProcess(
  app: 'worker' | 'mailer' | 'api' | 'web',
  env: Record<string, string>,
  ready: Readiness,
  options: { compiled?: boolean; node?: string } = {},
): Promise<AppProcess> {
  // The worker's preload (apps/worker/src/workflow-stack-traces.ts) runs as in production, in every thread.
  // Its node flags and allocator setting too (libs/infra worker-process.ts).
  const workerArgs =
    app === 'worker' ? [...WORKER_NODE_FLAGS, '--require', path.join(ROOT, options.compiled ? WORKER_PRELOAD.compiled : WORKER_PRELOAD.source)] : [];
  const args = options.compiled ? [...workerArgs, `dist/apps/${app}/src/main.js`] : ['-r', '@swc-node/register', ...workerArgs, `apps/${app}/src/main.ts`];
  const child = spawn(options.node ?? process.execPath, args, {
    cwd: ROOT,
    // LOG_LEVEL warn unless the suite says (production: info): a line per request or task would bury the suite's own output.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ...(app === 'worker' ? workerProcessEnv(env) : {}), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let done = false;
    const finish = (err?: Error): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearInterval(poller);
      // Once up, the output is only kept: matching the whole of it again on every chunk costs this
      // process CPU that grows with the output, and slows how fast it drains the child's pipes.
      child.stdout?.off('data', check);
      child.stderr?.off('data', check);
      if (!err) return resolve();
      child.kill('SIGKILL'); // a process that did not come up is not left behind
      reject(err);
    };
    const timer = setTimeout(() => finish(new Error(`${app} did not start in 60 s:\n${out}`)), 60_000);
    const check = (): void => {
      if (ready instanceof RegExp && ready.test(out)) finish();
    };
    const probe = ready instanceof RegExp ? undefined : ready;
    const poller =
      probe &&
      setInterval(
        () =>
          void probe().then(
            (up) => up && finish(),
            () => undefined,
          ),
        200,
      );
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('exit', (code) => finish(new Error(`${app} exited with ${code} during start-up:\n${out}`)));
  });
  return {
    child,
    output: () => out,
    crash: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
    restart: () => startAppProcess(app, env, ready, options),
  };
}

/** A readiness probe: true once GET `url` answers 200. */
export const answersOk = (url: string) => async (): Promise<boolean> =>
  (await fetch(url, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined))?.status === 200;

/**
 * The environment of a suite's worker or API process: the suite's database, task queue and
 * SMTP server (the database and Temporal may be given, e.g. through a proxy), the run's shared
 * Temporal server, development secrets and a blob folder of its own.
 */
export function appProcessEnv(suite: CaseSuite, reach: { databaseUrl?: string; temporalAddress?: string } = {}): Record<string, string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tramites-app-'));
  return {
    ...developmentSecrets(dir),
    // The suite's own clients read what the processes write (ADR 0014).
    TEMPORAL_PAYLOAD_KEYS: TEST_PAYLOAD_KEYS,
    TEMPORAL_ACTOR_ASSERTION_KEY: TEST_ACTOR_ASSERTION_KEY,
    DATABASE_URL: reach.databaseUrl ?? suite.db.url,
    TEMPORAL_ADDRESS: reach.temporalAddress ?? requireTestEnv('temporalAddress'),
    TEMPORAL_NAMESPACE: requireTestEnv('namespace'),
    TEMPORAL_TASK_QUEUE: suite.taskQueue,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(suite.smtp.port),
    BLOB_DIR: path.join(dir, 'blobs'),
    NODE_ENV: 'test',
  };
}
