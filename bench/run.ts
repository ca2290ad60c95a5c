/**
 * `npm run bench` — throughput, latency, replay speed, case-list speed and memory, on one
 * Temporal dev server and one PostgreSQL started for the run (not part of npm test).
 *   BENCH_CASES (default 40)        complete 000 cases per path
 *   BENCH_CONCURRENCY (default 8)   cases driven at once
 *   BENCH_LIST_ROWS (default 100000) read-model rows for the case-list measurement (1000000 for the target of ADR 0023)
 *   BENCH_OPEN_CASES (default 1000)  cases left open (booked, waiting for their day) for the worker's memory
 *   BENCH_RUSH_APPLICANTS (default 500) applicants of the booking rush (bench/rush.ts; 0 leaves it out), for
 *                                    BENCH_RUSH_SEATS (default 100) seats in slots of BENCH_RUSH_SEATS_PER_SLOT (10)
 *   BENCH_PAGES_APPLICANTS (default BENCH_CASES) bookings through the web pages (bench/pages.ts; 0 leaves it out)
 *   WORKER_* variables               passed to the worker (e.g. WORKER_MAX_CACHED_WORKFLOWS), to compare settings
 *   BENCH_COMPILED (default 1)       run the worker, mailer and API from the `npm run build` output, as production
 *                                    does; 0 runs them from the TypeScript sources (@swc-node/register)
 *   TRAMITES_TEMPORAL=cluster (or `npm run bench -- --cluster`) a Temporal cluster on the run's PostgreSQL
 *                                    (ADR 0013; TEMPORAL_HISTORY_NODES, TEMPORAL_MATCHING_NODES, TEMPORAL_HISTORY_SHARDS)
 *                                    instead of the dev server on SQLite
 *   BENCH_REPLAY_WORKERS (default: the number of cores) worker threads sharing the replay of 1,000 recorded histories
 *   BENCH_OBSERVABILITY=1            the worker, mailer and API with metrics and traces on, a real Prometheus scraping
 *                                    them and a real Jaeger taking their spans (bench/observability.ts, ADR 0032's cost)
 *   BENCH_PROFILE=1                  V8 CPU profiles of the worker, API, mailer and floor worker (every thread) during
 *                                    the API and floor phases, into bench/results/profiles/<timestamp>/ (summarise them
 *                                    with `node bench/profile-summary.mjs <dir>`), and the SQL of the API phase from
 *                                    pg_stat_statements in the JSON result. The bench's own replay phase is profiled
 *                                    too (its threads) when it runs under the same preload: BENCH_PROFILE=1 BENCH_PROFILE_DIR=<dir>
 *                                    NODE_OPTIONS="--require $PWD/bench/profile-preload.cjs" npm run bench
 * Prints a table and writes bench/results/<timestamp>.json. CPU seconds per process are
 * reported for each phase: on 2 cores they show what bounds throughput and latency.
 * The floor phase runs bench/floor/: a workflow of the same shape as a 000 case with
 * empty bodies, on its own worker process, at the same load; the figures to improve are our CPU
 * per case and throughput as ratios to the floor's, measured in the same run.
 */
import 'reflect-metadata';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { Worker as Thread } from 'node:worker_threads';
import path from 'node:path';
import autocannon from 'autocannon';
import { Client, Connection } from '@temporalio/client';
import { TokenService } from '@tramites/api';
import { toGuayaquilWallClock } from '@tramites/domain';
import { caseWorkflowId, checkInUpdate, DEFAULT_NAMESPACE, recordDocumentsUpdate, type CaseView } from '@tramites/contracts';
import { actorAssertionInterceptor, actorAssertionKeyFromEnv, dataConverterFromEnv, freePort, WORKER_NODE_FLAGS, workerProcessEnv } from '@tramites/infra';
import {
  developmentSecrets,
  clusterShapeFromEnv,
  findOrInstallTemporalCli,
  provisionTemporalCluster,
  startEmbeddedPostgres,
  startTemporalDevServer,
} from '@tramites/devenv';
import { CaseReadModelRepository, WORK_QUEUES, runMigrations, createDataSource } from '@tramites/persistence';
import { BenchRows } from '@tramites/testing/rows';
import { Explaining, indexesOf } from './explaining';
import {
  CaseDriver,
  OFFICER,
  completeDocuments000,
  loadRecordedHistories,
  WORKER_PRELOAD,
  openCaseInput,
  seedAgency,
  slotStartingLater,
  slotStartingSoon,
  startAppProcess,
  startTestOfficerIssuer,
  startTestSmtpServer,
  workflowBundle,
} from '@tramites/testing';
import { bundleWorkflows } from '@tramites/histories';
import { bundleFloorWorkflow } from './floor/floor-bundle';
import { BENCH_OBSERVABILITY, startBenchObservability } from './observability';
import { RUSH_APPLICANTS, bookingRush } from './rush';
import { PAGES_APPLICANTS, pagesSummary, pagesUnderLoad } from './pages';
import { FLOOR_TASK_QUEUE } from './floor/floor-worker';
import { floorBookUpdate, floorCase, floorCheckInUpdate, floorDocumentsUpdate, floorVerifyUpdate } from './floor/floor.workflow';

const N = Number(process.env.BENCH_CASES ?? 40);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const LIST_ROWS = Number(process.env.BENCH_LIST_ROWS ?? 100_000);
const OPEN_CASES = Number(process.env.BENCH_OPEN_CASES ?? 1000);
const COMPILED = process.env.BENCH_COMPILED !== '0';
const PROFILE = process.env.BENCH_PROFILE === '1';
const REPLAY_WORKERS = Number(process.env.BENCH_REPLAY_WORKERS ?? os.cpus().length);
const CLUSTER = process.argv.includes('--cluster') || process.env.TRAMITES_TEMPORAL === 'cluster';
/** The run's temporary folder: Temporal processes are told apart from other runs' by it. */
let runDir = '';
const JWT = 'bench-jwt-secret-0123456789abcdef0123456789';
const log = (line: string): void => void process.stderr.write(`[bench] ${line}\n`);

const latencies = new Map<string, number[]>();
/** Off during the warm-up: its latencies are not part of the figures. */
let recording = true;
async function timed<T>(route: string, work: () => Promise<T>): Promise<T> {
  const start = process.hrtime.bigint();
  try {
    return await work();
  } finally {
    if (recording) {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const samples = latencies.get(route) ?? [];
      samples.push(ms);
      latencies.set(route, samples);
    }
  }
}
const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};
/** VmHWM (peak) or VmRSS (now) of a process, in MB. */
const rssMb = (pid: number | undefined, field: 'VmHWM' | 'VmRSS' = 'VmHWM'): number => {
  if (!pid) return 0;
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : 0;
};
const peakRssMb = (pid: number | undefined): number => rssMb(pid, 'VmHWM');

type CpuByProcess = Record<'temporal' | 'postgres' | 'worker' | 'api' | 'mailer' | 'floor' | 'bench', number>;
const TICKS_PER_SECOND = 100;
/** The processes this run started, by pid (other runs on the machine have processes of the same names). */
const runPids = new Map<number, keyof CpuByProcess>();
/** CPU seconds used so far by each process of the run (PostgreSQL: all its processes, ended backends included). */
function cpuSeconds(): CpuByProcess {
  const out: CpuByProcess = { temporal: 0, postgres: 0, worker: 0, api: 0, mailer: 0, floor: 0, bench: 0 };
  const procs: Array<{ pid: number; ppid: number; cmd: string; own: number; children: number }> = [];
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let stat: string;
    let cmd: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      continue; // ended meanwhile
    }
    const fields = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    const [utime, stime, cutime, cstime] = [fields[11] ?? 0, fields[12] ?? 0, fields[13] ?? 0, fields[14] ?? 0];
    procs.push({ pid: Number(pid), ppid: fields[1] ?? 0, cmd, own: (utime + stime) / TICKS_PER_SECOND, children: (cutime + cstime) / TICKS_PER_SECOND });
  }
  // The run's postmaster has the run's folder in its command line; its backends are its children.
  const postmaster = procs.find((p) => /(^|\/)postgres /.test(p.cmd) && p.cmd.includes(runDir));
  for (const p of procs) {
    const kind: keyof CpuByProcess | undefined =
      p.pid === process.pid
        ? 'bench'
        : (runPids.get(p.pid) ??
          ((p.cmd.includes('server start-dev') || p.cmd.includes('temporal-server')) && p.cmd.includes(runDir)
            ? 'temporal'
            : postmaster && (p.pid === postmaster.pid || p.ppid === postmaster.pid)
              ? 'postgres'
              : undefined));
    if (kind) out[kind] += p.own + (p === postmaster ? p.children : 0);
  }
  return out;
}
const cpuSince = (before: CpuByProcess): CpuByProcess =>
  Object.fromEntries(Object.entries(cpuSeconds()).map(([k, v]) => [k, Math.round((v - before[k as keyof CpuByProcess]) * 100) / 100])) as CpuByProcess;
/** CPU seconds of the processes a path uses: ours (all but the floor's worker), or the floor's (Temporal, its worker, the bench). */
const cpuTotal = (c: CpuByProcess, path: 'ours' | 'floor' = 'ours'): number =>
  path === 'floor' ? c.temporal + c.floor + c.bench : c.temporal + c.postgres + c.worker + c.api + c.mailer + c.bench;
/** Runs one phase: its wall time and the CPU seconds of every process meanwhile (and its CPU profiles with BENCH_PROFILE=1). */
async function phase(name: string, work: () => Promise<void>, profileDir?: string): Promise<{ seconds: number; cpu: CpuByProcess }> {
  const flag = profileDir && path.join(profileDir, '.recording');
  if (flag) {
    fs.writeFileSync(flag, name);
    await new Promise((r) => setTimeout(r, 500)); // every thread polls the flag every 100 ms
  }
  const start = Date.now();
  const before = cpuSeconds();
  await work();
  const seconds = (Date.now() - start) / 1000;
  const cpu = cpuSince(before);
  if (flag) {
    fs.rmSync(flag);
    await new Promise((r) => setTimeout(r, 1_500)); // the profiles are written
  }
  return { seconds, cpu };
}
/** `seconds` of requests to `url` on 8 connections (autocannon); every response time goes into `latencies`. */
function loadTest(url: string, authorization: string, seconds: number, latencies: number[]): Promise<autocannon.Result> {
  return new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, headers: { authorization }, connections: 8, duration: seconds }, (err, res) => (err ? reject(err) : resolve(res)));
    // autocannon's summary has p90 and p97.5; the targets are p95s, so keep every response time.
    instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  });
}
/**
 * The API, direct and floor phases book one slot and check in on it, which the workflow allows
 * only on the slot's day in Guayaquil (APPOINTMENT.NOT_TODAY). Within 30 minutes of local
 * midnight the slot could not stay in the future for the whole run: wait for the new day.
 */
async function afterLocalMidnightIfClose(): Promise<void> {
  const leftMinutes = 24 * 60 - toGuayaquilWallClock(Date.now()).minuteOfDay;
  if (leftMinutes > 30) return;
  log(`${leftMinutes} min to midnight in Guayaquil: waiting for the new day before booking today's slot`);
  await new Promise((r) => setTimeout(r, (leftMinutes + 1) * 60_000));
}
async function pool<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      for (let item = items[next++]; item !== undefined; item = items[next++]) await work(item);
    }),
  );
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tramites-bench-'));
  runDir = dir;
  fs.chmodSync(dir, 0o755);
  /** What to stop at the end, or when the run fails half-way (no process is left behind). */
  const stops: Array<() => unknown> = [];
  try {
    const pg = await startEmbeddedPostgres({
      clusterDir: path.join(dir, 'pg'),
      port: await freePort(),
      database: 'bench',
      log,
      ...(PROFILE ? { settings: { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'all' } } : {}),
    });
    stops.push(() => pg.stop());
    let temporal: { address: string; stop(): Promise<void> };
    if (CLUSTER) {
      // Temporal's databases on the same PostgreSQL server as the read model, as in production.
      temporal = await provisionTemporalCluster({
        postgresUrl: pg.url,
        configDir: path.join(dir, 'temporal'),
        ip: '127.0.0.1',
        frontendPort: 0,
        namespace: DEFAULT_NAMESPACE,
        log,
      });
      log(`Temporal cluster at ${temporal.address}`);
    } else {
      const cli = await findOrInstallTemporalCli(log);
      if (!cli) throw new Error('no Temporal CLI');
      temporal = await startTemporalDevServer({
        cliPath: cli.path,
        dataDir: path.join(dir, 'temporal'),
        ip: '127.0.0.1',
        port: await freePort(),
        uiPort: await freePort(),
        namespace: DEFAULT_NAMESPACE,
        log: () => undefined,
      });
    }
    stops.push(() => temporal.stop());
    await runMigrations({ url: pg.url });
    const db = createDataSource({ url: pg.url, poolSize: 4 });
    await db.initialize();
    stops.push(() => db.destroy());
    await seedAgency(db, 1000);
    const smtp = await startTestSmtpServer();
    stops.push(() => smtp.close());
    // Officers reach the API with the identity provider's access tokens only (ADR 0021): the
    // embedded provider's key material, its JWKS served here, signs the bench officer's token.
    const secrets = developmentSecrets(dir);
    const officers = await startTestOfficerIssuer(secrets['OIDC_DEV_SIGNING_JWK']);
    stops.push(() => officers.close());
    const env = {
      ...secrets,
      DATABASE_URL: pg.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: DEFAULT_NAMESPACE,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      BLOB_DIR: path.join(dir, 'blobs'),
      JWT_SECRET: JWT,
      OIDC_ISSUER_URL: officers.issuer,
      LOG_LEVEL: 'warn',
    };
    const observability = BENCH_OBSERVABILITY ? await startBenchObservability(dir, log) : undefined;
    if (observability) stops.push(() => observability.stop());
    const bundlePath = path.join(dir, 'workflow-bundle.js');
    fs.writeFileSync(bundlePath, (await bundleWorkflows({ workflowsPath: require.resolve('@tramites/workflows') })).code);
    const workerSettings = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('WORKER_'))) as Record<string, string>;
    if (COMPILED) execFileSync(process.execPath, [path.join(__dirname, '../scripts/build-apps.mjs')], { stdio: 'inherit' });
    const how = { compiled: COMPILED };
    // BENCH_PROFILE_DIR is set when the bench itself runs under bench/profile-preload.cjs (its replay phase).
    const profileDir = PROFILE
      ? (process.env.BENCH_PROFILE_DIR ?? path.join(__dirname, 'results', 'profiles', new Date().toISOString().replace(/[:.]/g, '-')))
      : undefined;
    if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
    /** With BENCH_PROFILE=1 each process (and each of its threads) loads the profiler of bench/profile-preload.cjs. */
    const profiled = (name: string): Record<string, string> =>
      profileDir ? { NODE_OPTIONS: `--require ${path.join(__dirname, 'profile-preload.cjs')}`, BENCH_PROFILE_DIR: profileDir, BENCH_PROFILE_NAME: name } : {};
    const worker = await startAppProcess(
      'worker',
      { ...env, ...workerSettings, WORKFLOW_BUNDLE_PATH: bundlePath, ...profiled('worker'), ...observability?.env('worker') },
      /worker started/,
      how,
    );
    await observability?.announce('worker', worker);
    stops.push(() => worker.stop());
    if (worker.child.pid) runPids.set(worker.child.pid, 'worker');
    const mailer = await startAppProcess('mailer', { ...env, ...profiled('mailer'), ...observability?.env('mailer') }, /mailer started/, how);
    await observability?.announce('mailer', mailer);
    stops.push(() => mailer.stop());
    if (mailer.child.pid) runPids.set(mailer.child.pid, 'mailer');
    const apiPort = await freePort();
    const api = await startAppProcess(
      'api',
      // TRUST_PROXY: the web's forwarded address names the applicant (bench/pages.ts), as behind production's web.
      { ...env, LOG_LEVEL: 'info', PORT: String(apiPort), HOST: '127.0.0.1', TRUST_PROXY: 'loopback', ...profiled('api'), ...observability?.env('api') },
      /Nest application successfully started/,
      how,
    );
    await observability?.announce('api', api);
    if (api.child.pid) runPids.set(api.child.pid, 'api');
    const base = `http://127.0.0.1:${apiPort}`;
    const tokens = new TokenService(JWT);
    // Eight hours, not the provider's one: a bench run with a million list rows outlasts an hour.
    const officer = `Bearer ${await officers.signer.sign({ sub: OFFICER.id, role: 'case_manager', agencyId: 'UIO-NORTE' }, { lifetimeSeconds: 8 * 3600 })}`;
    stops.push(() => api.stop());
    const connection = await Connection.connect({ address: temporal.address });
    stops.push(() => connection.close());
    const { dataConverter } = dataConverterFromEnv(env as Record<string, string>); // the processes' payload keys (ADR 0014)
    const interceptor = actorAssertionInterceptor(actorAssertionKeyFromEnv(env as Record<string, string>).key); // signs update actors as the API does
    const client = new Client({ connection, namespace: DEFAULT_NAMESPACE, dataConverter, interceptors: { workflow: [interceptor] } });
    const driver = new CaseDriver(client, 'tramites-cases', smtp, 60_000);
    await afterLocalMidnightIfClose();
    const slotId = await slotStartingSoon(db, 'UIO-NORTE', 4 * N, 120);

    // The floor's worker: its own process, bundle and task queue, the default data converter.
    const floorBundlePath = path.join(dir, 'floor-bundle.js');
    fs.writeFileSync(floorBundlePath, (await bundleFloorWorkflow(log)).code);
    // With the worker's node flags, preload and stack-trace setting: the floor runs on the SDK as ours does.
    const floorArgs = [
      ...WORKER_NODE_FLAGS,
      '-r',
      '@swc-node/register',
      '--require',
      path.join(__dirname, '..', WORKER_PRELOAD.source),
      path.join(__dirname, 'floor', 'floor-worker.ts'),
    ];
    const floorWorker = spawn(process.execPath, floorArgs, {
      cwd: path.join(__dirname, '..'),
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        TEMPORAL_ADDRESS: temporal.address,
        TEMPORAL_NAMESPACE: DEFAULT_NAMESPACE,
        FLOOR_BUNDLE_PATH: floorBundlePath,
        ...workerProcessEnv(),
        ...(workerSettings['WORKER_WORKFLOW_STACK_TRACES'] ? { WORKER_WORKFLOW_STACK_TRACES: workerSettings['WORKER_WORKFLOW_STACK_TRACES'] } : {}),
        ...profiled('floor'),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (floorWorker.pid) runPids.set(floorWorker.pid, 'floor');
    const floorExited = new Promise<void>((resolve) => floorWorker.once('exit', () => resolve()));
    stops.push(async () => {
      floorWorker.kill('SIGTERM');
      await floorExited;
    });
    await new Promise<void>((resolve, reject) => {
      floorWorker.stdout?.on('data', (c: Buffer) => c.toString().includes('floor worker started') && resolve());
      floorWorker.once('exit', (code) => reject(new Error(`floor worker exited with ${code} during start-up`)));
    });
    const floorClient = new Client({ connection, namespace: DEFAULT_NAMESPACE });
    let floorSeq = 0;
    /** A floor case: start, the four updates, the result; the same calls as the direct path, with empty bodies behind them. */
    const floorRun = async (): Promise<void> => {
      const handle = await floorClient.workflow.start(floorCase, {
        taskQueue: FLOOR_TASK_QUEUE,
        workflowId: `floor-${Date.now()}-${(floorSeq += 1)}`,
        args: [{ id: String(floorSeq) }],
      });
      // Timed as routes too: the floor's update latency at the same load is what ours compares with.
      await timed('floor verifyCode', () => handle.executeUpdate(floorVerifyUpdate, { args: [{ code: '123456' }] }));
      await timed('floor bookSlot', () => handle.executeUpdate(floorBookUpdate, { args: [{ slotId }] }));
      await timed('floor checkIn', () => handle.executeUpdate(floorCheckInUpdate, { args: [{ actor: OFFICER.id }] }));
      await timed('floor recordDocuments', () => handle.executeUpdate(floorDocumentsUpdate, { args: [{ documents: ['passport'] }] }));
      const view = await handle.result();
      if (view.status !== 'issued') throw new Error(`floor case ended ${view.status}`);
    };

    const call = async (route: string, method: string, url: string, auth: string, body?: unknown): Promise<Record<string, unknown>> =>
      timed(route, async () => {
        const res = await fetch(`${base}${url}`, {
          method,
          headers: { authorization: auth, 'content-type': 'application/json' },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
        const json = (await res.json()) as Record<string, unknown>;
        if (res.status >= 400) throw new Error(`${route}: ${res.status} ${JSON.stringify(json)}`);
        return json;
      });

    /** One complete 000 case through the HTTP API, every step a real request, as the officers would make it. */
    const apiCase = async (): Promise<void> => {
      const input = openCaseInput();
      const applicant = `Bearer ${await tokens.sign({ sub: input.booker.identityNumber, role: 'applicant' })}`;
      const { caseId } = (await call('POST /cases', 'POST', '/cases', applicant, {
        procedure: 'FOREIGNER_CODE',
        province: 'PICHINCHA',
        filerRole: 'holder',
        booker: { email: input.booker.email, mobile: '0991234567' },
        holder: input.holder,
      })) as { caseId: string };
      const code = await driver.emailedCode(input.booker.email);
      await call('POST /cases/:id/verification', 'POST', `/cases/${caseId}/verification`, applicant, { code });
      await call('POST /cases/:id/appointment', 'POST', `/cases/${caseId}/appointment`, applicant, { slotId });
      await call('POST /cases/:id/check-in', 'POST', `/cases/${caseId}/check-in`, officer);
      const { documents, sutRecord } = completeDocuments000(OFFICER);
      await call('POST /cases/:id/documents', 'POST', `/cases/${caseId}/documents`, officer, { documents, sutRecord });
      // The officer looks at the case; the bench then waits for the issuance the way the direct
      // path does (a long poll on the result, not a loop of queries that would load both sides),
      // and the applicant reads the issued case.
      await call('GET /cases/:id', 'GET', `/cases/${caseId}`, officer);
      await client.workflow.getHandle(caseWorkflowId(caseId)).result();
      const view = await call('GET /cases/:id', 'GET', `/cases/${caseId}`, applicant);
      if (view['status'] !== 'issued') throw new Error(`API case ended ${String(view['status'])}`);
    };
    /** The same case driven with the Temporal client directly: the limit the API can approach. */
    const directCase = async (): Promise<void> => {
      const input = openCaseInput();
      const handle = await driver.open(input);
      await driver.verifyAndBook(handle, input, slotId);
      await handle.executeUpdate(checkInUpdate, { args: [{ actor: OFFICER }] });
      await handle.executeUpdate(recordDocumentsUpdate, { args: [completeDocuments000(OFFICER)] });
      const result: CaseView = await handle.result();
      if (result.status !== 'issued') throw new Error(`direct case ended ${result.status}`);
    };

    // Warm-up, not measured: the first cases pay for JIT compilation, connection pools and cold pages.
    log(`warm-up: ${CONCURRENCY} cases each way`);
    recording = false;
    await pool(
      Array.from({ length: CONCURRENCY }, (_, i) => i),
      CONCURRENCY,
      apiCase,
    );
    await pool(
      Array.from({ length: CONCURRENCY }, (_, i) => i),
      CONCURRENCY,
      directCase,
    );
    await pool(
      Array.from({ length: CONCURRENCY }, (_, i) => i),
      CONCURRENCY,
      floorRun,
    );
    recording = true;
    if (PROFILE) {
      await new BenchRows(db).resetStatementStats();
    }

    // (a) complete 000 cases through the HTTP API
    log(`(a) ${N} cases through the API, ${CONCURRENCY} at a time`);
    const apiPhase = await phase(
      'api',
      () =>
        pool(
          Array.from({ length: N }, (_, i) => i),
          CONCURRENCY,
          apiCase,
        ),
      profileDir,
    );
    const apiSeconds = apiPhase.seconds;
    const apiPhaseCpu = apiPhase.cpu;
    /** The SQL of the API phase, most time first (BENCH_PROFILE=1). */
    const sql = PROFILE ? await new BenchRows(db).topStatements() : undefined;

    // (b) the same through the Temporal client directly
    log(`(b) ${N} cases with the Temporal client`);
    const directPhase = await phase('direct', () =>
      pool(
        Array.from({ length: N }, (_, i) => i),
        CONCURRENCY,
        directCase,
      ),
    );
    const directSeconds = directPhase.seconds;
    const directPhaseCpu = directPhase.cpu;

    // (floor) the same shape with empty bodies, same server, same load
    log(`(floor) ${N} floor cases, ${CONCURRENCY} at a time`);
    const floorPhase = await phase(
      'floor',
      () =>
        pool(
          Array.from({ length: N }, (_, i) => i),
          CONCURRENCY,
          floorRun,
        ),
      profileDir,
    );
    const floorCpuPerCase = cpuTotal(floorPhase.cpu, 'floor') / N;
    const floorPerSecond = N / floorPhase.seconds;

    // (c) the worker's memory with OPEN_CASES cases open: booked for a day ahead, waiting on their timers
    log(`(c) ${OPEN_CASES} open cases`);
    const futureSlot = await slotStartingLater(db, 'UIO-NORTE', Math.max(1, OPEN_CASES), 24 * 60);
    const openStart = Date.now();
    let openFailures = 0;
    await pool(
      Array.from({ length: OPEN_CASES }, (_, i) => i),
      16,
      async () => {
        const input = openCaseInput();
        const handle = await driver.open(input);
        // On a saturated machine an update's call may time out: the case is counted, not the run failed.
        await driver.verifyAndBook(handle, input, futureSlot).catch((err: unknown) => {
          openFailures += 1;
          if (openFailures <= 3)
            log(`open case not booked: ${err instanceof Error ? `${err.message}${err.cause instanceof Error ? ` (${err.cause.message})` : ''}` : String(err)}`);
        });
      },
    );
    const openSeconds = (Date.now() - openStart) / 1000;
    await new Promise((r) => setTimeout(r, 5_000)); // the last activities and emails settle
    const openCases = {
      cases: OPEN_CASES,
      notBooked: openFailures,
      seconds: openSeconds,
      workerRssMb: rssMb(worker.child.pid, 'VmRSS'),
      workerPeakMb: rssMb(worker.child.pid, 'VmHWM'),
    };

    // The booking rush (bench/rush.ts): a new day's seats opening to more applicants than seats.
    const rush = RUSH_APPLICANTS > 0 ? await bookingRush({ db, driver, tokens, base, log, pool }, (work) => phase('rush', work, profileDir)) : undefined;
    // The pages under load (bench/pages.ts): the applicant's booking journey through the web, its pages' p95s beside their API calls'.
    const pages =
      PAGES_APPLICANTS > 0
        ? await pagesUnderLoad(
            { env: env as Record<string, string>, compiled: COMPILED, apiUrl: base, smtp, concurrency: CONCURRENCY, log, extraEnv: profiled('web') },
            (work) => phase('pages', work, profileDir),
          )
        : undefined;

    // replay: recorded histories, repeated to a batch of 1,000
    const recorded = loadRecordedHistories();
    // Each copy replays under its history's own workflow id, as the replay suite does: the singletons'
    // histories (the checkpoint, the archiver) check that they run under their fixed ids.
    const batch = Array.from({ length: 1000 }, (_, i) => ({
      history: recorded[i % recorded.length]?.history,
      workflowId: recorded[i % recorded.length]?.workflowId ?? `replay-${i}`,
    }));
    const events = batch.reduce((n, h) => n + ((h.history as { events?: unknown[] }).events?.length ?? 0), 0);
    const bundle = await workflowBundle();
    let replayErrors = 0;
    // Replay runs the workflows on the calling thread: REPLAY_WORKERS worker threads share the batch.
    const shares = Array.from({ length: REPLAY_WORKERS }, (_, w) => batch.filter((_h, i) => i % REPLAY_WORKERS === w));
    log(`replay: ${batch.length} histories on ${REPLAY_WORKERS} worker threads`);
    const replayPhase = await phase(
      'replay',
      async () => {
        const counts = await Promise.all(
          shares.map(
            (histories) =>
              new Promise<number>((resolve, reject) => {
                const thread = new Thread(path.join(__dirname, 'replay-thread.ts'), {
                  workerData: { bundle, histories },
                  execArgv: ['-r', '@swc-node/register'],
                });
                thread.once('message', (m: { errors?: number; failed?: string }) => (m.failed ? reject(new Error(m.failed)) : resolve(m.errors ?? 0)));
                thread.once('error', reject);
              }),
          ),
        );
        replayErrors = counts.reduce((a, b) => a + b, 0);
      },
      profileDir,
    );
    const replaySeconds = replayPhase.seconds;

    // case list over LIST_ROWS read-model rows, with autocannon
    log(`case list over ${LIST_ROWS} rows`);
    // In batches of 100,000 rows: each statement stays well within the pool's 30 s query timeout.
    const benchRows = new BenchRows(db);
    for (let from = 1; from <= LIST_ROWS; from += 100_000) await benchRows.listCases(from, Math.min(LIST_ROWS, from + 99_999));
    await benchRows.analyze('cases');
    const listLatencies: number[] = [];
    let list!: autocannon.Result;
    const listPhase = await phase(
      'list',
      async () => {
        list = await loadTest(`${base}/cases?status=awaiting_correction&overdue=true&sort=deadline&pageSize=25&page=3`, officer, 10, listLatencies);
      },
      profileDir,
    );
    // The case managers' work queues over the same rows through HTTP (ADR 0023: every queue under 50 ms p95),
    // the agency's counts and each queue's first page, 3 s each at the same 8 connections.
    const queueRoutes = ['/desk/queues', ...WORK_QUEUES.map((q) => `/desk/queues/${q}`)];
    const queues: Record<string, { requests: number; p50: number; p95: number; non2xx: number }> = {};
    for (const route of queueRoutes) {
      const samples: number[] = [];
      const r = await loadTest(`${base}${route}`, officer, 3, samples);
      queues[route] = { requests: samples.length, p50: pct(samples, 50), p95: pct(samples, 95), non2xx: r.non2xx };
    }

    // The same list in the database alone: the statements CaseListService sends for the request above (the page
    // and the capped count, CaseReadModelRepository.list), their server-side execution time (EXPLAIN ANALYZE) over 40 runs.
    const dbListMs: number[] = [];
    let listPlan = '';
    for (let i = 0; i < 40; i++) {
      const ex = new Explaining(db);
      await new CaseReadModelRepository(ex).list({
        equals: [
          ['agency_id', 'UIO-NORTE'],
          ['status', 'awaiting_correction'],
        ],
        overdue: true,
        page: 3,
        pageSize: 25,
        sort: 'deadline',
        order: 'asc',
      });
      dbListMs.push(ex.ms);
      listPlan = [...ex.plans.reduce<Set<string>>((set, plan) => indexesOf(plan, set), new Set())].join(', ');
    }

    const result = {
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version },
      settings: {
        cases: N,
        concurrency: CONCURRENCY,
        listRows: LIST_ROWS,
        openCases: OPEN_CASES,
        compiled: COMPILED,
        observability: BENCH_OBSERVABILITY,
        ...(BENCH_OBSERVABILITY && process.env.OTEL_TRACES_SAMPLER
          ? { tracesSampler: `${process.env.OTEL_TRACES_SAMPLER}${process.env.OTEL_TRACES_SAMPLER_ARG ? ` ${process.env.OTEL_TRACES_SAMPLER_ARG}` : ''}` }
          : {}),
        worker: workerSettings,
        temporal: CLUSTER ? { mode: 'cluster', ...clusterShapeFromEnv() } : { mode: 'dev server' },
      },
      throughput: {
        apiCasesPerSecond: N / apiSeconds,
        directCasesPerSecond: N / directSeconds,
        floorCasesPerSecond: floorPerSecond,
        ratio: N / apiSeconds / (N / directSeconds),
      },
      cpuSeconds: {
        apiPath: { wall: apiSeconds, ...apiPhaseCpu },
        directPath: { wall: directSeconds, ...directPhaseCpu },
        floor: { wall: floorPhase.seconds, ...floorPhase.cpu },
      },
      /**
       * The figures of ADR 0023: CPU seconds per case over the processes each path uses (ours: Temporal, PostgreSQL,
       * worker, API, mailer and the bench's client; the floor: Temporal, its worker and the bench's client), and
       * each path against the floor of the same run.
       */
      floor: {
        cpuPerCase: { api: cpuTotal(apiPhaseCpu) / N, direct: cpuTotal(directPhaseCpu) / N, floor: floorCpuPerCase },
        cpuRatio: { api: cpuTotal(apiPhaseCpu) / N / floorCpuPerCase, direct: cpuTotal(directPhaseCpu) / N / floorCpuPerCase },
        throughputRatio: { api: N / apiSeconds / floorPerSecond, direct: N / directSeconds / floorPerSecond },
      },
      routes: Object.fromEntries([...latencies].map(([route, xs]) => [route, { n: xs.length, p50: pct(xs, 50), p95: pct(xs, 95), p99: pct(xs, 99) }])),
      replay: {
        histories: batch.length,
        workers: REPLAY_WORKERS,
        errors: replayErrors,
        cpuSeconds: replayPhase.cpu.bench,
        historiesPerSecond: batch.length / replaySeconds,
        eventsPerSecond: events / replaySeconds,
      },
      caseList: {
        rows: LIST_ROWS,
        database: { p50: pct(dbListMs, 50), p95: pct(dbListMs, 95), plan: listPlan },
        requests: listLatencies.length,
        requestsPerSecond: list.requests.average,
        p50: pct(listLatencies, 50),
        p95: pct(listLatencies, 95),
        p99: pct(listLatencies, 99),
        non2xx: list.non2xx,
        /** CPU milliseconds per request of the API and PostgreSQL (and the bench, autocannon's side). */
        cpuMsPerRequest: {
          api: (listPhase.cpu.api * 1000) / Math.max(1, listLatencies.length),
          postgres: (listPhase.cpu.postgres * 1000) / Math.max(1, listLatencies.length),
          bench: (listPhase.cpu.bench * 1000) / Math.max(1, listLatencies.length),
        },
      },
      workQueues: queues,
      openCases,
      ...(rush ? { rush } : {}),
      ...(pages ? { pages } : {}),
      memory: { workerPeakMb: peakRssMb(worker.child.pid), apiPeakMb: peakRssMb(api.child.pid), mailerPeakMb: peakRssMb(mailer.child.pid) },
      ...(profileDir ? { profiles: path.relative(path.join(__dirname, '..'), profileDir), sql } : {}),
    };
    fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
    const out = path.join(__dirname, 'results', `${result.at.replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(out, JSON.stringify(result, null, 2));
    const f = (x: number): string => x.toFixed(1);
    console.log(`\ntemporal     ${CLUSTER ? 'cluster on PostgreSQL' : 'dev server on SQLite'}`);
    console.log(
      `throughput   API ${f(result.throughput.apiCasesPerSecond)} cases/s   direct ${f(result.throughput.directCasesPerSecond)} cases/s   ratio ${result.throughput.ratio.toFixed(2)}`,
    );
    console.log('route                              n     p50     p95     p99  (ms)');
    for (const [route, s] of Object.entries(result.routes))
      console.log(`${route.padEnd(32)} ${String(s.n).padStart(4)} ${f(s.p50).padStart(7)} ${f(s.p95).padStart(7)} ${f(s.p99).padStart(7)}`);
    console.log('CPU seconds    wall  temporal postgres  worker     api  mailer   floor   bench');
    for (const [name, c] of Object.entries(result.cpuSeconds)) {
      console.log(`${name.padEnd(12)} ${[c.wall, c.temporal, c.postgres, c.worker, c.api, c.mailer, c.floor, c.bench].map((x) => f(x).padStart(7)).join(' ')}`);
    }
    const fl = result.floor;
    const ms = (x: number): string => `${Math.round(x * 1000)} ms`;
    console.log(
      `floor        ${f(floorPerSecond)} cases/s, ${ms(fl.cpuPerCase.floor)} CPU per case; API ${ms(fl.cpuPerCase.api)} (${fl.cpuRatio.api.toFixed(2)}x), direct ${ms(fl.cpuPerCase.direct)} (${fl.cpuRatio.direct.toFixed(2)}x); throughput API ${fl.throughputRatio.api.toFixed(2)}x, direct ${fl.throughputRatio.direct.toFixed(2)}x of the floor's`,
    );
    console.log(
      `replay       ${batch.length} histories, ${replayErrors} errors, ${f(result.replay.historiesPerSecond)} histories/s, ${f(result.replay.eventsPerSecond)} events/s`,
    );
    const cl = result.caseList;
    console.log(
      `case list    ${LIST_ROWS} rows: ${f(cl.requestsPerSecond)} req/s, p50 ${f(cl.p50)} ms, p95 ${f(cl.p95)} ms, p99 ${f(cl.p99)} ms, non-2xx ${cl.non2xx}; CPU per request: API ${f(cl.cpuMsPerRequest.api)} ms, PostgreSQL ${f(cl.cpuMsPerRequest.postgres)} ms`,
    );
    console.log(`             in the database: p50 ${f(cl.database.p50)} ms, p95 ${f(cl.database.p95)} ms (${cl.database.plan})`);
    for (const [route, q] of Object.entries(result.workQueues)) {
      console.log(`work queue   ${route.padEnd(32)} p50 ${f(q.p50)} ms, p95 ${f(q.p95)} ms (${q.requests} requests, non-2xx ${q.non2xx})`);
    }
    console.log(
      `open cases   ${OPEN_CASES} opened in ${f(openSeconds)} s; worker RSS ${openCases.workerRssMb} MB with them open (peak ${openCases.workerPeakMb} MB)`,
    );
    if (pages) for (const line of pagesSummary(pages, f)) console.log(line);
    if (rush) {
      const c = rush.checks;
      console.log(
        `rush         ${rush.applicants} applicants, ${rush.seats} seats: ${c.seated} seated, ${c.overbooked} overbooked, ${c.fiveXx} 5xx, ${c.refusals} refusals (${c.refusalsWithoutAlternatives} with no alternative, ${c.refusalsWithoutAlternativesWhileSeatsLeft} of them while seats were left), ${c.gaveUp} gave up`,
      );
      console.log(
        `             booking p95 ${f(rush.latencyMs.granted.p95)} ms granted, ${f(rush.latencyMs.refused.p95)} ms refused, at rest ${f(rush.latencyMs.atRest.p95)} ms: ${rush.latencyMs.rushToRestP95.toFixed(2)}x; order inversions ${rush.order.at100Ms.inverted}/${rush.order.at100Ms.pairs} beyond 100 ms; PostgreSQL lock waits max ${rush.postgres.lockWaitsMax}`,
      );
    }
    console.log(`memory       peak: worker ${result.memory.workerPeakMb} MB, API ${result.memory.apiPeakMb} MB, mailer ${result.memory.mailerPeakMb} MB`);
    console.log(`results      ${path.relative(process.cwd(), out)}`);
  } catch (err) {
    // Printed before the processes stop: calls of the pool still in flight may fail loudly then.
    log(`failed: ${err instanceof Error ? err.stack : String(err)}`);
    throw err;
  } finally {
    for (const stop of stops.reverse()) await Promise.resolve(stop()).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  const cause = err instanceof Error && err.cause instanceof Error ? `\ncaused by: ${err.cause.message}` : '';
  process.stderr.write(`bench: ${err instanceof Error ? err.stack : String(err)}${cause}\n`);
  process.exit(1);
});
