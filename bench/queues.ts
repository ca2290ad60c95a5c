/**
 * `npm run bench:queues` — the case managers' work queues and searches over a read model of
 * BENCH_QUEUE_ROWS cases (default 1,000,000), measured in the database (ADR 0022).
 *   BENCH_QUEUE_ROWS (default 1000000)   read-model rows (cases), with their search terms
 *   BENCH_QUEUE_AGENCIES (default 10)    agencies they are spread over (fewer: longer queues per agency)
 *   BENCH_QUEUE_SAMPLES (default 200)    runs of each query, each with other parameters
 * Each query is the repository's own SQL (libs/persistence/src/desk), run through a wrapper that
 * prefixes EXPLAIN (ANALYZE, BUFFERS): the figures are PostgreSQL's "Execution Time" (the sum over
 * the statements of one call), plus the time of the plain call seen by the client. The target: p95
 * under 20 ms. A baseline shows the list it replaces (OFFSET + count(*) OVER ()).
 * Prints a table and writes bench/results/queues-<timestamp>.json. Not part of npm test.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from '@tramites/infra';
import { startEmbeddedPostgres } from '@tramites/devenv';
import { Explaining, pick, round, timeCall, type BenchCall, type CallTiming } from './explaining';
import { addDays, startOfLocalDay, toLocalDate } from '@tramites/domain';
import {
  CaseAssignmentRepository,
  WorkQueueRepository,
  createDataSource,
  runMigrations,
  type Queryable,
  type QueueCursor,
  type SearchKey,
  type WorkQueue,
} from '@tramites/persistence';
import { BenchRows, oldOverdueQueuePage } from '@tramites/testing/rows';

const ROWS = Number(process.env.BENCH_QUEUE_ROWS ?? 1_000_000);
const AGENCIES = Number(process.env.BENCH_QUEUE_AGENCIES ?? 10);
const SAMPLES = Number(process.env.BENCH_QUEUE_SAMPLES ?? 200);
const log = (line: string): void => void process.stderr.write(`[bench:queues] ${line}\n`);

const FIRST = [
  'MARIA',
  'JOSE',
  'LUIS',
  'ANA',
  'CARLOS',
  'ROSA',
  'JUAN',
  'CARMEN',
  'PEDRO',
  'LUCIA',
  'JORGE',
  'ELENA',
  'MIGUEL',
  'SOFIA',
  'DANIEL',
  'PAULA',
  'ANDRES',
  'VALERIA',
  'DIEGO',
  'GABRIELA',
  'RAFAEL',
  'ISABEL',
  'FERNANDO',
  'CAMILA',
  'RICARDO',
  'ANGELA',
  'MANUEL',
  'DANIELA',
  'VICTOR',
  'NATALIA',
];
const LAST = [
  'GARCIA',
  'RODRIGUEZ',
  'GONZALEZ',
  'FERNANDEZ',
  'LOPEZ',
  'MARTINEZ',
  'SANCHEZ',
  'PEREZ',
  'GOMEZ',
  'MARTIN',
  'JIMENEZ',
  'RUIZ',
  'HERNANDEZ',
  'DIAZ',
  'MORENO',
  'ALVAREZ',
  'ROMERO',
  'ALONSO',
  'GUTIERREZ',
  'NAVARRO',
  'TORRES',
  'DOMINGUEZ',
  'VAZQUEZ',
  'RAMOS',
  'GIL',
  'RAMIREZ',
  'SERRANO',
  'BLANCO',
  'MOLINA',
  'MORALES',
  'SUAREZ',
  'ORTEGA',
  'DELGADO',
  'CASTRO',
  'ORTIZ',
  'RUBIO',
  'MARIN',
  'SANZ',
  'NUNEZ',
  'IGLESIAS',
  'MEDINA',
  'GARRIDO',
  'CORTES',
  'CASTILLO',
  'SANTOS',
  'LOZANO',
  'GUERRERO',
  'CANO',
  'PRIETO',
  'MENDEZ',
  'CRUZ',
  'CALVO',
  'GALLEGO',
  'VIDAL',
  'LEON',
  'MARQUEZ',
  'HERRERA',
  'PENA',
  'FLORES',
  'CABRERA',
];

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tramites-bench-queues-'));
  fs.chmodSync(dir, 0o755); // PostgreSQL runs as another user when we are root
  const pg = await startEmbeddedPostgres({ clusterDir: path.join(dir, 'pg'), port: await freePort(), database: 'bench', log: () => undefined });
  const db = createDataSource({ url: pg.url, poolSize: 2 });
  try {
    await runMigrations({ url: pg.url });
    await db.initialize();
    // The seed runs on a connection of its own, without the pool's 30-second query timeout.
    const seed = new Client({ connectionString: pg.url });
    await seed.connect();
    const agencies = Array.from({ length: AGENCIES }, (_, i) => `BENCH-${String(i + 1).padStart(2, '0')}`);

    log(`seeding ${ROWS} cases over ${AGENCIES} agencies`);
    const seedStart = Date.now();
    const rows = new BenchRows(seed);
    await rows.queueCases(ROWS, agencies, FIRST, LAST, log);
    log(`VACUUM ANALYZE`);
    await rows.analyze();
    await seed.end();
    const seedSeconds = (Date.now() - seedStart) / 1000;
    const read = new BenchRows(db);
    const terms = await read.searchTermCount();

    const repo = (q: Queryable): WorkQueueRepository => new WorkQueueRepository(q);
    const today = toLocalDate(Date.now());
    const day = { from: new Date(startOfLocalDay(today)), to: new Date(startOfLocalDay(addDays(today, 1))) };

    // Cursors in the middle of each agency's open and overdue queues (a deep page).
    const middle = async (agency: string, overdueOnly: boolean): Promise<QueueCursor> => {
      const row = await read.middleOfQueue(agency, overdueOnly);
      if (!row) throw new Error(`agency ${agency} has no open case with a deadline`);
      return { at: row.deadline_at.toISOString(), id: row.id };
    };
    const deepOpen = new Map<string, QueueCursor>();
    const deepOverdue = new Map<string, QueueCursor>();
    for (const a of agencies) {
      deepOpen.set(a, await middle(a, false));
      deepOverdue.set(a, await middle(a, true));
    }
    const sampleIds = await read.sampleCaseIds(SAMPLES);
    const ref = (id: string): SearchKey => {
      const hex = id.replace(/-/g, '').slice(0, 10);
      return {
        kind: 'ids',
        low: `${hex.slice(0, 8)}-${hex.slice(8)}00-0000-0000-000000000000`,
        high: `${hex.slice(0, 8)}-${hex.slice(8)}ff-ffff-ffff-ffffffffffff`,
      };
    };

    const now = (): Date => new Date();
    const agencyOf = (i: number): string => pick(agencies, i);
    const page =
      (queue: WorkQueue, extra: (i: number) => Record<string, unknown> = () => ({}), cursor?: (i: number) => QueueCursor | undefined): BenchCall =>
      (q, i) =>
        repo(q).page(queue, { agencyId: agencyOf(i), now: now(), ...(queue === 'appointments' ? day : {}), ...extra(i) }, 25, cursor?.(i));

    const calls: Record<string, BenchCall> = {
      'counts (6 queues, capped at 1000)': (q, i) => repo(q).counts(agencyOf(i), now(), day.from, day.to),
      'appointments of the day, by hour': page('appointments'),
      'checked in, by deadline': page('checked_in'),
      'awaiting correction, by deadline': page('awaiting_correction'),
      'stuck, by deadline': page('stuck'),
      'possible duplicates, by deadline': page('possible_duplicate'),
      'overdue, by deadline': page('overdue'),
      'overdue, deep page (keyset, middle)': page('overdue', undefined, (i) => deepOverdue.get(agencyOf(i))),
      'open, by deadline': page('open'),
      'open, deep page (keyset, middle)': page('open', undefined, (i) => deepOpen.get(agencyOf(i))),
      'open, procedure + status filter': page('open', (i) => ({
        procedure: pick(['FOREIGNER_CODE', 'FOREIGNER_CODE_EMPLOYMENT', 'NON_AFFILIATION_CERTIFICATE'], i),
        status: pick(['scheduled', 'checked_in', 'legal_review'], i),
      })),
      'open, deadline up to a day (date filter)': page('open', () => ({ to: day.to })),
      'search: reference T-XXXXXXXXXX': page('open', (i) => ({ search: ref(pick(sampleIds, i)) })),
      'search: one surname (prefix)': page('open', (i) => ({ search: { kind: 'words', words: [pick(LAST, i)] } })),
      'search: first name + surname': page('open', (i) => ({ search: { kind: 'words', words: [pick(FIRST, i), pick(LAST, i * 7)] } })),
      // Claims are measured by the client only (EXPLAIN gives no rows back to decide on).
      'claim + release (client time)': async (q, i) => {
        if (q instanceof Explaining) return;
        const a = new CaseAssignmentRepository(q);
        await a.claim(pick(sampleIds, i), 'bench-officer', agencyOf(i));
        await a.release(pick(sampleIds, i), 'bench-officer');
      },
    };
    // The holder document numbers of the sampled cases (their md5-derived passports).
    const passports = new Map<string, string>();
    for (const r of await read.passportTerms(sampleIds)) {
      passports.set(r.case_id, r.term);
    }
    calls['search: holder document number (exact)'] = page('open', (i) => ({
      search: { kind: 'words', words: [passports.get(pick(sampleIds, i)) ?? 'PNONE'] },
    }));

    const baseline: BenchCall = (q, i) => oldOverdueQueuePage(q, agencyOf(i));

    const results: Record<string, CallTiming> = {};
    const measure = async (name: string, call: BenchCall): Promise<void> => {
      const r = await timeCall(db, call, SAMPLES, 10);
      results[name] = r;
      log(`${name}: p95 ${r.dbP95} ms in the database`);
    };
    for (const [name, call] of Object.entries(calls)) await measure(name, call);
    await measure('baseline: OFFSET 2500 + count(*) OVER () (the old list)', baseline);

    const out = {
      rows: ROWS,
      agencies: AGENCIES,
      samples: SAMPLES,
      searchTerms: terms,
      seedSeconds: round(seedSeconds),
      cpus: os.cpus().length,
      postgres: await read.serverVersion(),
      results,
    };
    fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
    const file = path.join(__dirname, 'results', `queues-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(file, JSON.stringify(out, null, 2));
    console.log(`\nwork queues over ${ROWS} cases (${AGENCIES} agencies, ${terms} search terms), ${SAMPLES} runs each; milliseconds`);
    console.log(`${'query'.padEnd(58)} ${'db p50'.padStart(7)} ${'db p95'.padStart(7)} ${'db max'.padStart(7)} ${'client p95'.padStart(10)}  indexes`);
    for (const [name, r] of Object.entries(results)) {
      console.log(
        `${name.padEnd(58)} ${String(r.dbP50).padStart(7)} ${String(r.dbP95).padStart(7)} ${String(r.dbMax).padStart(7)} ${String(r.clientP95).padStart(10)}  ${r.indexes.join(', ')}`,
      );
    }
    const slow = Object.entries(results).filter(([name, r]) => !name.startsWith('baseline') && r.dbP95 >= 20);
    console.log(slow.length === 0 ? '\nevery queue and search: p95 under 20 ms in the database' : `\nover 20 ms: ${slow.map(([n]) => n).join('; ')}`);
    console.log(`written to ${path.relative(process.cwd(), file)}`);
    if (slow.length > 0) process.exitCode = 2;
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
