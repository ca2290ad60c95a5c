/**
 * `npm run bench` — throughput, latency, replay speed, case-list speed and memory, on one
 * Temporal dev server and one PostgreSQL started for the run (not part of npm test).
 *   BENCH_CASES (default 40)        complete 000 cases per path
 *   BENCH_CONCURRENCY (default 8)   cases driven at once
 *   BENCH_LIST_ROWS (default 100000) read-model rows for the case-list measurement
 *   BENCH_OPEN_CASES (default 1000)  cases left open (booked, waiting for their day) for the worker's memory
 *   WORKER_* variables               passed to the worker (e.g. WORKER_MAX_CACHED_WORKFLOWS), to compare settings
 *   BENCH_COMPILED (default 1)       run the worker, mailer and API from the `npm run build` output, as production
 *                                    does; 0 runs them from the TypeScript sources (@swc-node/register)
 *   TRAMITES_TEMPORAL=cluster (or `npm run bench -- --cluster`) a Temporal cluster on the run's PostgreSQL
 *                                    (ADR 0013; TEMPORAL_HISTORY_NODES, TEMPORAL_MATCHING_NODES, TEMPORAL_HISTORY_SHARDS)
 *                                    instead of the dev server on SQLite
 * Prints a table and writes bench/results/<timestamp>.json. CPU seconds per process are
 * reported for each phase: on 2 cores they show what bounds throughput and latency.
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { Client, Connection } from '@temporalio/client';
import { TokenService } from '@tramites/api';
import { caseWorkflowId, checkInUpdate, DEFAULT_NAMESPACE, recordDocumentsUpdate, type CaseView } from '@tramites/contracts';
import {
  actorAssertionInterceptor,
  actorAssertionKeyFromEnv,
  dataConverterFromEnv,
  developmentSecrets,
  clusterShapeFromEnv,
  findOrInstallTemporalCli,
  freePort,
  provisionTemporalCluster,
  startEmbeddedPostgres,
  startTemporalDevServer,
} from '@tramites/infra';
import { runMigrations, createDataSource } from '@tramites/persistence';
import {
  CaseDriver,
  OFFICER,
  completeDocuments000,
  loadRecordedHistories,
  openCaseInput,
  seedAgency,
  slotStartingSoon,
  startAppProcess,
  startTestSmtpServer,
  workflowBundle,
  testDataConverter,
} from '@tramites/testing';
import { bundleWorkflows, replayHistories } from '@tramites/histories';

const N = Number(process.env.BENCH_CASES ?? 40);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const LIST_ROWS = Number(process.env.BENCH_LIST_ROWS ?? 100_000);
const OPEN_CASES = Number(process.env.BENCH_OPEN_CASES ?? 1000);
const COMPILED = process.env.BENCH_COMPILED !== '0';
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

type CpuByProcess = Record<'temporal' | 'postgres' | 'worker' | 'api' | 'mailer' | 'bench', number>;
const TICKS_PER_SECOND = 100;
/** CPU seconds used so far by each process of the run (PostgreSQL: all its processes, ended backends included). */
function cpuSeconds(): CpuByProcess {
  const out: CpuByProcess = { temporal: 0, postgres: 0, worker: 0, api: 0, mailer: 0, bench: 0 };
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let stat: string;
    let cmd: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      continue; // ended meanwhile
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
    const [utime, stime, cutime, cstime] = [fields[11] ?? 0, fields[12] ?? 0, fields[13] ?? 0, fields[14] ?? 0];
    const own = (utime + stime) / TICKS_PER_SECOND;
    const kind: keyof CpuByProcess | undefined = Number(pid) === process.pid
      ? 'bench'
      : (cmd.includes('server start-dev') || cmd.includes('temporal-server')) && cmd.includes(runDir) ? 'temporal'
      : cmd.includes('apps/worker/') ? 'worker'
      : cmd.includes('apps/api/') ? 'api'
      : cmd.includes('apps/mailer/') ? 'mailer'
      : /(^|\/)postgres( |$)/.test(cmd.split(' ')[0] ?? '') || cmd.startsWith('postgres:') ? 'postgres'
      : undefined;
    if (kind) out[kind] += kind === 'postgres' ? own + (cutime + cstime) / TICKS_PER_SECOND : own;
  }
  return out;
}
const cpuSince = (before: CpuByProcess): CpuByProcess =>
  Object.fromEntries(Object.entries(cpuSeconds()).map(([k, v]) => [k, Math.round((v - before[k as keyof CpuByProcess]) * 10) / 10])) as CpuByProcess;
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
    const pg = await startEmbeddedPostgres({ clusterDir: path.join(dir, 'pg'), port: await freePort(), database: 'bench', log });
    stops.push(() => pg.stop());
    let temporal: { address: string; stop(): Promise<void> };
    if (CLUSTER) {
      // Temporal's databases on the same PostgreSQL server as the read model, as in production.
      temporal = await provisionTemporalCluster({ postgresUrl: pg.url, configDir: path.join(dir, 'temporal'), ip: '127.0.0.1', frontendPort: 0, namespace: DEFAULT_NAMESPACE, log });
      log(`Temporal cluster at ${temporal.address}`);
    } else {
      const cli = await findOrInstallTemporalCli(log);
      if (!cli) throw new Error('no Temporal CLI');
      temporal = await startTemporalDevServer({ cliPath: cli.path, dataDir: path.join(dir, 'temporal'), ip: '127.0.0.1', port: await freePort(), uiPort: await freePort(), namespace: DEFAULT_NAMESPACE, log: () => undefined });
    }
    stops.push(() => temporal.stop());
    await runMigrations({ url: pg.url });
    const db = createDataSource({ url: pg.url, poolSize: 4 });
    await db.initialize();
    stops.push(() => db.destroy());
    await seedAgency(db, 1000);
    const smtp = await startTestSmtpServer();
    stops.push(() => smtp.close());
    const secrets = developmentSecrets(dir);
    const env = { ...secrets, DATABASE_URL: pg.url, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_NAMESPACE: DEFAULT_NAMESPACE, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), BLOB_DIR: path.join(dir, 'blobs'), JWT_SECRET: JWT, LOG_LEVEL: 'warn' };
    const bundlePath = path.join(dir, 'workflow-bundle.js');
    fs.writeFileSync(bundlePath, (await bundleWorkflows({ workflowsPath: require.resolve('@tramites/workflows') })).code);
    const workerSettings = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('WORKER_'))) as Record<string, string>;
    if (COMPILED) execFileSync(process.execPath, [path.join(__dirname, '../scripts/build-apps.mjs')], { stdio: 'inherit' });
    const how = { compiled: COMPILED };
    const worker = await startAppProcess('worker', { ...env, ...workerSettings, WORKFLOW_BUNDLE_PATH: bundlePath }, /worker started/, how);
    stops.push(() => worker.stop());
    const mailer = await startAppProcess('mailer', env, /mailer started/, how);
    stops.push(() => mailer.stop());
    const apiPort = await freePort();
    const api = await startAppProcess('api', { ...env, LOG_LEVEL: 'info', PORT: String(apiPort), HOST: '127.0.0.1' }, /Nest application successfully started/, how);
    const base = `http://127.0.0.1:${apiPort}`;
    const tokens = new TokenService(JWT);
    const officer = `Bearer ${await tokens.sign({ sub: OFFICER.id, role: 'case_manager', agencyId: 'UIO-NORTE' })}`;
    stops.push(() => api.stop());
    const connection = await Connection.connect({ address: temporal.address });
    stops.push(() => connection.close());
    const { dataConverter } = dataConverterFromEnv(env as Record<string, string>); // the processes' payload keys (ADR 0014)
    const interceptor = actorAssertionInterceptor(actorAssertionKeyFromEnv(env as Record<string, string>).key); // signs update actors as the API does
    const client = new Client({ connection, namespace: DEFAULT_NAMESPACE, dataConverter, interceptors: { workflow: [interceptor] } });
    const driver = new CaseDriver(client, 'tramites-cases', smtp);
    const slotId = await slotStartingSoon(db, 'UIO-NORTE', 4 * N, 120);

    const call = async (route: string, method: string, url: string, auth: string, body?: unknown): Promise<Record<string, unknown>> =>
      timed(route, async () => {
        const res = await fetch(`${base}${url}`, { method, headers: { authorization: auth, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
        const json = (await res.json()) as Record<string, unknown>;
        if (res.status >= 400) throw new Error(`${route}: ${res.status} ${JSON.stringify(json)}`);
        return json;
      });

    /** One complete 000 case through the HTTP API, every step a real request, as the officers would make it. */
    const apiCase = async (): Promise<void> => {
      const input = openCaseInput();
      const applicant = `Bearer ${await tokens.sign({ sub: input.booker.identityNumber, role: 'applicant' })}`;
      const { caseId } = (await call('POST /cases', 'POST', '/cases', applicant, { procedure: 'FOREIGNER_CODE', province: 'PICHINCHA', filerRole: 'holder', booker: { email: input.booker.email, mobile: '0991234567' }, holder: input.holder })) as { caseId: string };
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
    await pool(Array.from({ length: CONCURRENCY }, (_, i) => i), CONCURRENCY, apiCase);
    await pool(Array.from({ length: CONCURRENCY }, (_, i) => i), CONCURRENCY, directCase);
    recording = true;

    // (a) complete 000 cases through the HTTP API
    log(`(a) ${N} cases through the API, ${CONCURRENCY} at a time`);
    const apiStart = Date.now();
    const apiCpu = cpuSeconds();
    await pool(Array.from({ length: N }, (_, i) => i), CONCURRENCY, apiCase);
    const apiSeconds = (Date.now() - apiStart) / 1000;
    const apiPhaseCpu = cpuSince(apiCpu);

    // (b) the same through the Temporal client directly
    log(`(b) ${N} cases with the Temporal client`);
    const directStart = Date.now();
    const directCpu = cpuSeconds();
    await pool(Array.from({ length: N }, (_, i) => i), CONCURRENCY, directCase);
    const directSeconds = (Date.now() - directStart) / 1000;
    const directPhaseCpu = cpuSince(directCpu);

    // (c) the worker's memory with OPEN_CASES cases open: booked for a day ahead, waiting on their timers
    log(`(c) ${OPEN_CASES} open cases`);
    const futureSlot = await slotStartingSoon(db, 'UIO-NORTE', Math.max(1, OPEN_CASES), 24 * 60);
    const openStart = Date.now();
    await pool(Array.from({ length: OPEN_CASES }, (_, i) => i), 16, async () => {
      const input = openCaseInput();
      const handle = await driver.open(input);
      await driver.verifyAndBook(handle, input, futureSlot);
    });
    const openSeconds = (Date.now() - openStart) / 1000;
    await new Promise((r) => setTimeout(r, 5_000)); // the last activities and emails settle
    const openCases = { cases: OPEN_CASES, seconds: openSeconds, workerRssMb: rssMb(worker.child.pid, 'VmRSS'), workerPeakMb: rssMb(worker.child.pid, 'VmHWM') };

    // replay: recorded histories, repeated to a batch of 1,000
    const recorded = loadRecordedHistories();
    const batch = Array.from({ length: 1000 }, (_, i) => ({ history: recorded[i % recorded.length]?.history, workflowId: `replay-${i}` }));
    const events = batch.reduce((n, h) => n + ((h.history as { events?: unknown[] }).events?.length ?? 0), 0);
    const bundle = await workflowBundle();
    const replayStart = Date.now();
    // The recorded histories were written by test runs, under the development payload key (ADR 0014).
    const replayErrors = (await replayHistories({ workflowBundle: bundle, dataConverter: testDataConverter }, batch)).failures.length;
    const replaySeconds = (Date.now() - replayStart) / 1000;

    // case list over LIST_ROWS read-model rows, with autocannon
    log(`case list over ${LIST_ROWS} rows`);
    await db.query(
      `INSERT INTO cases (id, workflow_id, procedure_type, status, province, agency_id, applicant_id, deadline_at, waiting_on, holder_name, created_at, updated_at)
       SELECT gen_random_uuid(), 'bench:' || g, (ARRAY['FOREIGNER_CODE','FOREIGNER_CODE_EMPLOYMENT','NON_AFFILIATION_CERTIFICATE'])[1 + g % 3],
              (ARRAY['scheduled','checked_in','awaiting_correction','legal_review','issued','lapsed'])[1 + g % 6],
              (ARRAY['PICHINCHA','GUAYAS','AZUAY'])[1 + g % 3], (ARRAY['UIO-NORTE','UIO-SUR','GYE-CENTRO','CUE-CENTRO'])[1 + g % 4],
              'B' || g, now() + (g % 30 - 10) * interval '1 day', (ARRAY['applicant','institution','nobody'])[1 + g % 3], 'Titular ' || g,
              now() - (g % 365) * interval '1 day', now()
         FROM generate_series(1, $1) g`,
      [LIST_ROWS],
    );
    await db.query('ANALYZE cases');
    const listLatencies: number[] = [];
    const list = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url: `${base}/cases?status=awaiting_correction&overdue=true&sort=deadline&pageSize=25&page=3`,
          headers: { authorization: officer },
          connections: 8,
          duration: 10,
        },
        (err, res) => (err ? reject(err) : resolve(res)),
      );
      // autocannon's summary has p90 and p97.5; the target is a p95, so keep every response time.
      instance.on('response', (_client, _status, _bytes, ms) => listLatencies.push(ms));
    });

    const result = {
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version },
      settings: { cases: N, concurrency: CONCURRENCY, listRows: LIST_ROWS, openCases: OPEN_CASES, compiled: COMPILED, worker: workerSettings, temporal: CLUSTER ? { mode: 'cluster', ...clusterShapeFromEnv() } : { mode: 'dev server' } },
      throughput: { apiCasesPerSecond: N / apiSeconds, directCasesPerSecond: N / directSeconds, ratio: N / apiSeconds / (N / directSeconds) },
      cpuSeconds: { apiPath: { wall: apiSeconds, ...apiPhaseCpu }, directPath: { wall: directSeconds, ...directPhaseCpu } },
      routes: Object.fromEntries([...latencies].map(([route, xs]) => [route, { n: xs.length, p50: pct(xs, 50), p95: pct(xs, 95), p99: pct(xs, 99) }])),
      replay: { histories: batch.length, errors: replayErrors, historiesPerSecond: batch.length / replaySeconds, eventsPerSecond: events / replaySeconds },
      caseList: { requests: listLatencies.length, requestsPerSecond: list.requests.average, p50: pct(listLatencies, 50), p95: pct(listLatencies, 95), p99: pct(listLatencies, 99), non2xx: list.non2xx },
      openCases,
      memory: { workerPeakMb: peakRssMb(worker.child.pid), apiPeakMb: peakRssMb(api.child.pid), mailerPeakMb: peakRssMb(mailer.child.pid) },
    };
    fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
    const out = path.join(__dirname, 'results', `${result.at.replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(out, JSON.stringify(result, null, 2));
    const f = (x: number): string => x.toFixed(1);
    console.log(`\ntemporal     ${CLUSTER ? 'cluster on PostgreSQL' : 'dev server on SQLite'}`);
    console.log(`throughput   API ${f(result.throughput.apiCasesPerSecond)} cases/s   direct ${f(result.throughput.directCasesPerSecond)} cases/s   ratio ${result.throughput.ratio.toFixed(2)}`);
    console.log('route                              n     p50     p95     p99  (ms)');
    for (const [route, s] of Object.entries(result.routes)) console.log(`${route.padEnd(32)} ${String(s.n).padStart(4)} ${f(s.p50).padStart(7)} ${f(s.p95).padStart(7)} ${f(s.p99).padStart(7)}`);
    console.log('CPU seconds    wall  temporal postgres  worker     api  mailer   bench');
    for (const [phase, c] of Object.entries(result.cpuSeconds)) {
      console.log(`${phase.padEnd(12)} ${[c.wall, c.temporal, c.postgres, c.worker, c.api, c.mailer, c.bench].map((x) => f(x).padStart(7)).join(' ')}`);
    }
    console.log(`replay       ${batch.length} histories, ${replayErrors} errors, ${f(result.replay.historiesPerSecond)} histories/s, ${f(result.replay.eventsPerSecond)} events/s`);
    const cl = result.caseList;
    console.log(`case list    ${LIST_ROWS} rows: ${f(cl.requestsPerSecond)} req/s, p50 ${f(cl.p50)} ms, p95 ${f(cl.p95)} ms, p99 ${f(cl.p99)} ms, non-2xx ${cl.non2xx}`);
    console.log(`open cases   ${OPEN_CASES} opened in ${f(openSeconds)} s; worker RSS ${openCases.workerRssMb} MB with them open (peak ${openCases.workerPeakMb} MB)`);
    console.log(`memory       peak: worker ${result.memory.workerPeakMb} MB, API ${result.memory.apiPeakMb} MB, mailer ${result.memory.mailerPeakMb} MB`);
    console.log(`results      ${path.relative(process.cwd(), out)}`);

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
