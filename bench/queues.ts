/**
 * `npm run bench:queues` — the case managers' work queues and searches over a read model of
 * BENCH_QUEUE_ROWS cases (default 1,000,000), measured in the database (issue 15, item 7; ADR 0022).
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
import { freePort, startEmbeddedPostgres } from '@tramites/infra';
import { Explaining, indexesOf, pct, pick, round } from './explaining';
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
    // 80 % closed (nobody waits, no deadline), 20 % open: scheduled, checked in, to correct, legal review, issuing,
    // stuck, possible duplicate; open deadlines from 10 days ago to 20 ahead (a third overdue); appointments over
    // two years until a month ahead, during office hours.
    await seed.query(
      `INSERT INTO cases (id, workflow_id, procedure_type, status, province, agency_id, applicant_id, deadline_at, waiting_on, holder_name,
                          appointment_at, created_at, updated_at, last_event_seq)
       SELECT id, 'case:' || id, (ARRAY['FOREIGNER_CODE','FOREIGNER_CODE_EMPLOYMENT','NON_AFFILIATION_CERTIFICATE'])[1 + g % 3],
              st.status, 'PICHINCHA', ($2::text[])[1 + (h / 7) % ${AGENCIES}], 'A' || lpad(g::text, 9, '0'),
              CASE WHEN st.waiting <> 'nobody' THEN now() + ((h % 30000) / 1000.0 - 10) * interval '1 day' END,
              st.waiting,
              ($3::text[])[1 + h % ${FIRST.length}] || ' ' || ($4::text[])[1 + (h / 3) % ${LAST.length}] || ' ' || ($4::text[])[1 + (h / 11) % ${LAST.length}],
              date_trunc('day', now()) + ((h % 760) - 730) * interval '1 day' + (13 + h % 9) * interval '1 hour' + ((h / 13) % 2) * interval '30 minutes',
              now() - (g % 730) * interval '1 day', now(), 5
         FROM (SELECT g, gen_random_uuid() AS id, abs(hashtext(g::text)) AS h FROM generate_series(1, $1) g) s
         CROSS JOIN LATERAL (SELECT CASE
              WHEN g % 1000 < 600 THEN 'issued' WHEN g % 1000 < 680 THEN 'lapsed' WHEN g % 1000 < 730 THEN 'cancelled'
              WHEN g % 1000 < 770 THEN 'abandoned' WHEN g % 1000 < 800 THEN 'rejected' WHEN g % 1000 < 880 THEN 'scheduled'
              WHEN g % 1000 < 910 THEN 'checked_in' WHEN g % 1000 < 940 THEN 'awaiting_correction' WHEN g % 1000 < 960 THEN 'legal_review'
              WHEN g % 1000 < 970 THEN 'issuing' WHEN g % 1000 < 985 THEN 'stuck' WHEN g % 1000 < 990 THEN 'possible_duplicate'
              ELSE 'awaiting_booking' END AS status) st0
         CROSS JOIN LATERAL (SELECT st0.status, CASE WHEN st0.status IN ('issued','lapsed','cancelled','abandoned','rejected') THEN 'nobody'
              WHEN st0.status IN ('scheduled','awaiting_correction','awaiting_booking') THEN 'applicant' ELSE 'institution' END AS waiting) st`,
      [ROWS, agencies, FIRST, LAST],
    );
    // The appointments of cases that never booked are empty, as in the workflow.
    await seed.query(`UPDATE cases SET appointment_at = NULL WHERE status = 'awaiting_booking'`);
    log(`terms`);
    await seed.query(
      `INSERT INTO case_search_terms (term, case_id, kind, agency_id)
       SELECT t.term, c.id, t.kind, c.agency_id FROM cases c
       CROSS JOIN LATERAL (VALUES (upper(c.applicant_id), 'document'), ('P' || substr(md5(c.id::text), 1, 8), 'document')) AS t (term, kind)
       ON CONFLICT DO NOTHING`,
    );
    await seed.query(
      `INSERT INTO case_search_terms (term, case_id, kind, agency_id)
       SELECT DISTINCT w, c.id, 'name', c.agency_id FROM cases c, regexp_split_to_table(c.holder_name, ' ') AS w
       ON CONFLICT DO NOTHING`,
    );
    // Some cases are being worked.
    await seed.query(
      `INSERT INTO case_assignments (case_id, officer_id, agency_id) SELECT id, 'officer-' || (abs(hashtext(id::text)) % 50), agency_id FROM cases WHERE status = 'checked_in' AND abs(hashtext(id::text)) % 3 = 0`,
    );
    log(`VACUUM ANALYZE`);
    await seed.query('VACUUM ANALYZE');
    await seed.end();
    const seedSeconds = (Date.now() - seedStart) / 1000;
    const [{ terms }] = (await db.query(`SELECT count(*)::int AS terms FROM case_search_terms`)) as [{ terms: number }];

    const repo = (q: Queryable): WorkQueueRepository => new WorkQueueRepository(q);
    const today = toLocalDate(Date.now());
    const day = { from: new Date(startOfLocalDay(today)), to: new Date(startOfLocalDay(addDays(today, 1))) };

    // Cursors in the middle of each agency's open and overdue queues (a deep page).
    const middle = async (agency: string, where: string): Promise<QueueCursor> => {
      const [row] = (await db.query(
        `SELECT id, deadline_at FROM cases WHERE agency_id = $1 AND waiting_on <> 'nobody' AND deadline_at IS NOT NULL ${where}
          ORDER BY deadline_at, id OFFSET (SELECT count(*) / 2 FROM cases WHERE agency_id = $1 AND waiting_on <> 'nobody' AND deadline_at IS NOT NULL ${where}) LIMIT 1`,
        [agency],
      )) as Array<{ id: string; deadline_at: Date }>;
      if (!row) throw new Error(`agency ${agency} has no open case with a deadline`);
      return { at: row.deadline_at.toISOString(), id: row.id };
    };
    const deepOpen = new Map<string, QueueCursor>();
    const deepOverdue = new Map<string, QueueCursor>();
    for (const a of agencies) {
      deepOpen.set(a, await middle(a, ''));
      deepOverdue.set(a, await middle(a, 'AND deadline_at < now()'));
    }
    const sampleIds = ((await db.query(`SELECT id FROM cases TABLESAMPLE SYSTEM (1) LIMIT $1`, [SAMPLES])) as Array<{ id: string }>).map((r) => r.id);
    const ref = (id: string): SearchKey => {
      const hex = id.replace(/-/g, '').slice(0, 10);
      return {
        kind: 'ids',
        low: `${hex.slice(0, 8)}-${hex.slice(8)}00-0000-0000-000000000000`,
        high: `${hex.slice(0, 8)}-${hex.slice(8)}ff-ffff-ffff-ffffffffffff`,
      };
    };

    type Call = (q: Queryable, i: number) => Promise<unknown>;
    const now = (): Date => new Date();
    const agencyOf = (i: number): string => pick(agencies, i);
    const page =
      (queue: WorkQueue, extra: (i: number) => Record<string, unknown> = () => ({}), cursor?: (i: number) => QueueCursor | undefined): Call =>
      (q, i) =>
        repo(q).page(queue, { agencyId: agencyOf(i), now: now(), ...(queue === 'appointments' ? day : {}), ...extra(i) }, 25, cursor?.(i));

    const calls: Record<string, Call> = {
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
    for (const r of (await db.query(`SELECT case_id, term FROM case_search_terms WHERE case_id = ANY($1::uuid[]) AND term LIKE 'P%' AND kind = 'document'`, [
      sampleIds,
    ])) as Array<{ case_id: string; term: string }>) {
      passports.set(r.case_id, r.term);
    }
    calls['search: holder document number (exact)'] = page('open', (i) => ({
      search: { kind: 'words', words: [passports.get(pick(sampleIds, i)) ?? 'PNONE'] },
    }));

    const baseline = async (q: Queryable, i: number): Promise<unknown> =>
      q.query(
        `SELECT id, procedure_type, status, deadline_at, count(*) OVER () AS total FROM cases
          WHERE agency_id = $1 AND deadline_at < now() AND waiting_on <> 'nobody' ORDER BY deadline_at NULLS LAST, id LIMIT 25 OFFSET 2500`,
        [agencyOf(i)],
      );

    const results: Record<string, { dbP50: number; dbP95: number; dbMax: number; clientP95: number; indexes: string[] }> = {};
    const measure = async (name: string, call: Call): Promise<void> => {
      const dbMs: number[] = [];
      const clientMs: number[] = [];
      let indexes = new Set<string>();
      for (let i = 0; i < 10; i += 1) await call(db, i); // warm-up
      for (let i = 0; i < SAMPLES; i += 1) {
        const ex = new Explaining(db);
        await call(ex, i);
        dbMs.push(ex.ms);
        if (i === 0) indexes = ex.plans.reduce<Set<string>>((s, p) => indexesOf(p, s), new Set());
        const start = process.hrtime.bigint();
        await call(db, i);
        clientMs.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      const r = {
        dbP50: round(pct(dbMs, 50)),
        dbP95: round(pct(dbMs, 95)),
        dbMax: round(Math.max(...dbMs)),
        clientP95: round(pct(clientMs, 95)),
        indexes: [...indexes],
      };
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
      postgres: (await db.query('SHOW server_version'))[0],
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
