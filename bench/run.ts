/**
 * `npm run bench` — throughput, latency, replay speed, case-list speed and memory, on one
 * Temporal dev server and one PostgreSQL started for the run (not part of npm test).
 *   BENCH_CASES (default 40)        complete 000 cases per path
 *   BENCH_CONCURRENCY (default 8)   cases driven at once
 *   BENCH_LIST_ROWS (default 100000) read-model rows for the case-list measurement
 * Prints a table and writes bench/results/<timestamp>.json.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { Client, Connection } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { TokenService } from '@tramites/api';
import { checkInUpdate, DEFAULT_NAMESPACE, recordDocumentsUpdate, type CaseView } from '@tramites/contracts';
import {
  developmentSecrets,
  findOrInstallTemporalCli,
  freePort,
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
} from '@tramites/testing';
import { bundleWorkflowCode } from '@temporalio/worker';

const N = Number(process.env.BENCH_CASES ?? 40);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const LIST_ROWS = Number(process.env.BENCH_LIST_ROWS ?? 100_000);
const JWT = 'bench-jwt-secret-0123456789abcdef0123456789';
const log = (line: string): void => void process.stderr.write(`[bench] ${line}\n`);

const latencies = new Map<string, number[]>();
async function timed<T>(route: string, work: () => Promise<T>): Promise<T> {
  const start = process.hrtime.bigint();
  try {
    return await work();
  } finally {
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const samples = latencies.get(route) ?? [];
    samples.push(ms);
    latencies.set(route, samples);
  }
}
const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};
const peakRssMb = (pid: number | undefined): number => {
  if (!pid) return 0;
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : 0;
};
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
  fs.chmodSync(dir, 0o755);
  const cli = await findOrInstallTemporalCli(log);
  if (!cli) throw new Error('no Temporal CLI');
  const temporal = await startTemporalDevServer({ cliPath: cli.path, dataDir: path.join(dir, 'temporal'), ip: '127.0.0.1', port: await freePort(), uiPort: await freePort(), namespace: DEFAULT_NAMESPACE, log: () => undefined });
  const pg = await startEmbeddedPostgres({ clusterDir: path.join(dir, 'pg'), port: await freePort(), database: 'bench', log });
  await runMigrations({ url: pg.url });
  const db = createDataSource({ url: pg.url, poolSize: 4 });
  await db.initialize();
  await seedAgency(db, 1000);
  const smtp = await startTestSmtpServer();
  const secrets = developmentSecrets(dir);
  const env = { ...secrets, DATABASE_URL: pg.url, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_NAMESPACE: DEFAULT_NAMESPACE, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), BLOB_DIR: path.join(dir, 'blobs'), JWT_SECRET: JWT, LOG_LEVEL: 'warn' };
  const bundlePath = path.join(dir, 'workflow-bundle.js');
  fs.writeFileSync(bundlePath, (await bundleWorkflowCode({ workflowsPath: require.resolve('@tramites/workflows') })).code);
  const worker = await startAppProcess('worker', { ...env, WORKFLOW_BUNDLE_PATH: bundlePath }, /worker started/);
  const apiPort = await freePort();
  const api = await startAppProcess('api', { ...env, LOG_LEVEL: 'info', PORT: String(apiPort), HOST: '127.0.0.1' }, /Nest application successfully started/);
  const base = `http://127.0.0.1:${apiPort}`;
  const tokens = new TokenService(JWT);
  const officer = `Bearer ${await tokens.sign({ sub: OFFICER.id, role: 'case_manager', agencyId: 'UIO-NORTE' })}`;
  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection, namespace: DEFAULT_NAMESPACE });
  const driver = new CaseDriver(client, 'tramites-cases', smtp);
  const slotId = await slotStartingSoon(db, 'UIO-NORTE', 4 * N, 120);

  const call = async (route: string, method: string, url: string, auth: string, body?: unknown): Promise<Record<string, unknown>> =>
    timed(route, async () => {
      const res = await fetch(`${base}${url}`, { method, headers: { authorization: auth, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
      const json = (await res.json()) as Record<string, unknown>;
      if (res.status >= 400) throw new Error(`${route}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    });

  // (a) complete 000 cases through the HTTP API, every step a real request
  log(`(a) ${N} cases through the API, ${CONCURRENCY} at a time`);
  const apiStart = Date.now();
  await pool(Array.from({ length: N }, (_, i) => i), CONCURRENCY, async () => {
    const input = openCaseInput();
    const applicant = `Bearer ${await tokens.sign({ sub: input.booker.identityNumber, role: 'applicant' })}`;
    const { caseId } = (await call('POST /cases', 'POST', '/cases', applicant, { procedure: 'FOREIGNER_CODE', province: 'PICHINCHA', filerRole: 'holder', booker: { email: input.booker.email, mobile: '0991234567' }, holder: input.holder })) as { caseId: string };
    const code = await driver.emailedCode(input.booker.email);
    await call('POST /cases/:id/verification', 'POST', `/cases/${caseId}/verification`, applicant, { code });
    await call('POST /cases/:id/appointment', 'POST', `/cases/${caseId}/appointment`, applicant, { slotId });
    await call('POST /cases/:id/check-in', 'POST', `/cases/${caseId}/check-in`, officer);
    const { documents, sutRecord } = completeDocuments000(OFFICER);
    await call('POST /cases/:id/documents', 'POST', `/cases/${caseId}/documents`, officer, { documents, sutRecord });
    for (;;) {
      const view = await call('GET /cases/:id', 'GET', `/cases/${caseId}`, applicant);
      if (view['status'] === 'issued') break;
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  const apiSeconds = (Date.now() - apiStart) / 1000;

  // (b) the same through the Temporal client directly
  log(`(b) ${N} cases with the Temporal client`);
  const directStart = Date.now();
  await pool(Array.from({ length: N }, (_, i) => i), CONCURRENCY, async () => {
    const input = openCaseInput();
    const handle = await driver.open(input);
    await driver.verifyAndBook(handle, input, slotId);
    await handle.executeUpdate(checkInUpdate, { args: [{ actor: OFFICER }] });
    await handle.executeUpdate(recordDocumentsUpdate, { args: [completeDocuments000(OFFICER)] });
    const result: CaseView = await handle.result();
    if (result.status !== 'issued') throw new Error(`direct case ended ${result.status}`);
  });
  const directSeconds = (Date.now() - directStart) / 1000;

  // replay: recorded histories, repeated to a batch of 1,000
  const recorded = loadRecordedHistories();
  const batch = Array.from({ length: 1000 }, (_, i) => ({ history: recorded[i % recorded.length]?.history, workflowId: `replay-${i}` }));
  const events = batch.reduce((n, h) => n + ((h.history as { events?: unknown[] }).events?.length ?? 0), 0);
  const bundle = await workflowBundle();
  const replayStart = Date.now();
  let replayErrors = 0;
  for await (const r of Worker.runReplayHistories({ workflowBundle: bundle }, batch)) if (r.error) replayErrors += 1;
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
  const list = await autocannon({
    url: `${base}/cases?status=awaiting_correction&overdue=true&sort=deadline&pageSize=25&page=3`,
    headers: { authorization: officer },
    connections: 8,
    duration: 10,
  });

  const result = {
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version },
    settings: { cases: N, concurrency: CONCURRENCY, listRows: LIST_ROWS },
    throughput: { apiCasesPerSecond: N / apiSeconds, directCasesPerSecond: N / directSeconds, ratio: N / apiSeconds / (N / directSeconds) },
    routes: Object.fromEntries([...latencies].map(([route, xs]) => [route, { n: xs.length, p50: pct(xs, 50), p95: pct(xs, 95), p99: pct(xs, 99) }])),
    replay: { histories: batch.length, errors: replayErrors, historiesPerSecond: batch.length / replaySeconds, eventsPerSecond: events / replaySeconds },
    caseList: { requestsPerSecond: list.requests.average, p50: list.latency.p50, p97_5: list.latency.p97_5, p99: list.latency.p99, non2xx: list.non2xx },
    memory: { workerPeakMb: peakRssMb(worker.child.pid), apiPeakMb: peakRssMb(api.child.pid) },
  };
  fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
  const out = path.join(__dirname, 'results', `${result.at.replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(out, JSON.stringify(result, null, 2));
  const f = (x: number): string => x.toFixed(1);
  console.log(`\nthroughput   API ${f(result.throughput.apiCasesPerSecond)} cases/s   direct ${f(result.throughput.directCasesPerSecond)} cases/s   ratio ${result.throughput.ratio.toFixed(2)}`);
  console.log('route                              n     p50     p95     p99  (ms)');
  for (const [route, s] of Object.entries(result.routes)) console.log(`${route.padEnd(32)} ${String(s.n).padStart(4)} ${f(s.p50).padStart(7)} ${f(s.p95).padStart(7)} ${f(s.p99).padStart(7)}`);
  console.log(`replay       ${batch.length} histories, ${replayErrors} errors, ${f(result.replay.historiesPerSecond)} histories/s, ${f(result.replay.eventsPerSecond)} events/s`);
  console.log(`case list    ${LIST_ROWS} rows: ${f(list.requests.average)} req/s, p50 ${list.latency.p50} ms, p97.5 ${list.latency.p97_5} ms, p99 ${list.latency.p99} ms, non-2xx ${list.non2xx}`);
  console.log(`memory       worker peak ${result.memory.workerPeakMb} MB, API peak ${result.memory.apiPeakMb} MB`);
  console.log(`results      ${path.relative(process.cwd(), out)}`);

  await api.stop();
  await worker.stop();
  await connection.close();
  await db.destroy();
  await smtp.close();
  await pg.stop();
  await temporal.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
