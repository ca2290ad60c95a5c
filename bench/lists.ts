/**
 * `npm run bench:lists` — the case list (GET /cases) and the legal inbox (GET /legal/inbox) over a read
 * model of BENCH_LIST_ROWS cases (default 1,000,000), measured in the database (ADR 0023). The same rows as the list phase of `npm run bench` (bench/run.ts), without the rest of
 * the bench (no Temporal, no API):
 *   BENCH_LIST_ROWS (default 1000000)    read-model rows (cases)
 *   BENCH_LIST_REVIEWS (default 100000)  poder reviews, a fifth of them pending, over three provinces
 *   BENCH_LIST_SAMPLES (default 40)      runs of each call
 *   BENCH_LIST_ONLY                      only the calls whose name contains this text (a call over 20 ms logs its plans)
 * Each call is the repository's own SQL (CaseReadModelRepository.list, PoderRepository.pendingReviews)
 * through bench/explaining.ts: PostgreSQL's "Execution Time" summed over the call's statements, and the
 * plain call's time seen by the client. A baseline is the statement the list sent before (OFFSET +
 * count(*) OVER ()). Prints a table and writes bench/results/lists-<timestamp>.json. Not part of npm test.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from '@tramites/infra';
import { startEmbeddedPostgres } from '@tramites/devenv';
import {
  CaseReadModelRepository,
  PoderRepository,
  createDataSource,
  runMigrations,
  type CaseListCriteria,
  type KeysetCursor,
  type Queryable,
} from '@tramites/persistence';
import { BenchRows, oldCaseListPage } from '@tramites/testing/rows';
import { Explaining, round, timeCall, type BenchCall, type CallTiming } from './explaining';

const ROWS = Number(process.env.BENCH_LIST_ROWS ?? 1_000_000);
const REVIEWS = Number(process.env.BENCH_LIST_REVIEWS ?? 100_000);
const SAMPLES = Number(process.env.BENCH_LIST_SAMPLES ?? 40);
const log = (line: string): void => void process.stderr.write(`[bench:lists] ${line}\n`);

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tramites-bench-lists-'));
  fs.chmodSync(dir, 0o755); // PostgreSQL runs as another user when we are root
  const pg = await startEmbeddedPostgres({ clusterDir: path.join(dir, 'pg'), port: await freePort(), database: 'bench', log: () => undefined });
  const db = createDataSource({ url: pg.url, poolSize: 2 });
  try {
    await runMigrations({ url: pg.url });
    await db.initialize();
    const seed = new Client({ connectionString: pg.url });
    await seed.connect();
    log(`seeding ${ROWS} cases and ${REVIEWS} poder reviews`);
    const seedStart = Date.now();
    // The rows of bench/run.ts's list phase.
    const rows = new BenchRows(seed);
    await rows.listCases(1, ROWS);
    await rows.poderReviews(REVIEWS);
    await rows.analyze();
    await seed.end();
    const seedSeconds = (Date.now() - seedStart) / 1000;

    const cases = (q: Queryable): CaseReadModelRepository => new CaseReadModelRepository(q);
    const poderes = (q: Queryable): PoderRepository => new PoderRepository(q);
    // The bench's request (bench/run.ts): an agency's overdue cases in one status, by deadline.
    const overdue: CaseListCriteria = {
      equals: [
        ['agency_id', 'UIO-NORTE'],
        ['status', 'awaiting_correction'],
      ],
      overdue: true,
      page: 3,
      pageSize: 25,
      sort: 'deadline',
      order: 'asc',
    };
    const list = (c: Partial<CaseListCriteria>): CaseListCriteria => ({ equals: [], page: 1, pageSize: 25, sort: 'deadline', order: 'asc', ...c });
    // A cursor in the middle of a list: the `next` of the page that ends there.
    const middle = async (c: CaseListCriteria): Promise<KeysetCursor> => {
      const page = await cases(db).list({ ...c, page: 200, pageSize: 25 });
      if (!page.next) throw new Error('the list is too short for a deep cursor');
      return page.next;
    };
    const deepOverdue = await middle({ ...overdue, page: 1 });
    const deepAgency = await middle(list({ equals: [['agency_id', 'UIO-NORTE']] }));
    const deepAll = await middle(list({ sort: 'created', order: 'desc' }));
    const inboxPage = await poderes(db).pendingReviews('PICHINCHA', 200, 25);
    const deepInbox = inboxPage.next;
    if (!deepInbox) throw new Error('the inbox is too short for a deep cursor');

    const calls: Record<string, BenchCall> = {
      'bench request: agency + status + overdue, page 3 (OFFSET)': (q) => cases(q).list(overdue),
      'same list, keyset page 200 (after)': (q) => cases(q).list({ ...overdue, after: deepOverdue }),
      'same list, page 200 (OFFSET 4975)': (q) => cases(q).list({ ...overdue, page: 200 }),
      'agency (case manager), by deadline, page 1': (q) => cases(q).list(list({ equals: [['agency_id', 'UIO-NORTE']] })),
      'agency, keyset page 200': (q) => cases(q).list(list({ equals: [['agency_id', 'UIO-NORTE']], after: deepAgency })),
      'province (legal unit), by deadline desc, page 1': (q) => cases(q).list(list({ equals: [['province', 'PICHINCHA']], order: 'desc' })),
      'everything (auditor), newest first, page 1': (q) => cases(q).list(list({ sort: 'created', order: 'desc' })),
      'everything, newest first, keyset page 200': (q) => cases(q).list(list({ sort: 'created', order: 'desc', after: deepAll })),
      'everything, by update, page 1': (q) => cases(q).list(list({ sort: 'updated', order: 'desc' })),
      'procedure + status (auditor filter), page 1': (q) =>
        cases(q).list(
          list({
            equals: [
              ['procedure_type', 'FOREIGNER_CODE'],
              ['status', 'legal_review'],
            ],
          }),
        ),
      'applicant (portal), page 1': (q) => cases(q).list(list({ equals: [['applicant_id', 'B12345']] })),
      'legal inbox, page 1': (q) => poderes(q).pendingReviews('PICHINCHA', 1, 25),
      'legal inbox, keyset page 201': (q) => poderes(q).pendingReviews('PICHINCHA', 1, 25, deepInbox),
      'baseline: the old list statement (page 3, count(*) OVER ())': (q) => oldCaseListPage(q, 'UIO-NORTE', 'awaiting_correction'),
    };

    const results: Record<string, CallTiming> = {};
    const only = process.env.BENCH_LIST_ONLY;
    for (const [name, call] of Object.entries(calls).filter(([n]) => !only || n.includes(only))) {
      const r = await timeCall(db, call, SAMPLES, 5);
      results[name] = r;
      log(`${name}: p95 ${r.dbP95} ms in the database`);
      if (r.dbP95 >= 20 && !name.startsWith('baseline')) {
        // What the slow call's statements did, for the record.
        const ex = new Explaining(db);
        await call(ex, 0);
        log(`${name}: plans ${JSON.stringify(ex.plans)}`);
      }
    }
    const totals = await cases(db).list(overdue);
    const out = {
      rows: ROWS,
      reviews: REVIEWS,
      samples: SAMPLES,
      seedSeconds: round(seedSeconds),
      cpus: os.cpus().length,
      loadAverage: os.loadavg(),
      benchRequestTotal: { total: totals.total, totalCapped: totals.totalCapped },
      results,
    };
    fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
    const file = path.join(__dirname, 'results', `lists-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(file, JSON.stringify(out, null, 2));
    console.log(
      `\ncase list and legal inbox over ${ROWS} cases and ${REVIEWS} reviews, ${SAMPLES} runs each; milliseconds (load ${os.loadavg()[0]?.toFixed(1)})`,
    );
    console.log(`${'call'.padEnd(62)} ${'db p50'.padStart(7)} ${'db p95'.padStart(7)} ${'db max'.padStart(7)} ${'client p95'.padStart(10)}  indexes`);
    for (const [name, r] of Object.entries(results)) {
      console.log(
        `${name.padEnd(62)} ${String(r.dbP50).padStart(7)} ${String(r.dbP95).padStart(7)} ${String(r.dbMax).padStart(7)} ${String(r.clientP95).padStart(10)}  ${r.indexes.join(', ')}`,
      );
    }
    console.log(`written to ${path.relative(process.cwd(), file)}`);
  } finally {
    if (db.isInitialized) await db.destroy();
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
