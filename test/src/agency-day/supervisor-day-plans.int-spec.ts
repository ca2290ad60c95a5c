import { addDays, startOfLocalDay, toLocalDate } from '@tramites/domain';
import { AgencyDayReportRepository, WorkQueueRepository } from '@tramites/persistence';
import { createTestDatabase, type TestDatabase } from '@tramites/testing';
import { BenchRows, Explaining } from '@tramites/testing/rows';

const ROWS = 100_000;
const AGENCIES = Array.from({ length: 10 }, (_, i) => `BENCH-${String(i + 1).padStart(2, '0')}`);
const FIRST = ['MARIA', 'JOSE', 'ANA', 'LUIS', 'CARMEN', 'JORGE', 'ROSA', 'PEDRO'];
const LAST = ['GARCIA', 'RODRIGUEZ', 'MORA', 'VERA', 'SALAZAR', 'TORRES', 'PAZ', 'RUIZ', 'CRUZ', 'LUNA'];

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: PlanNode[] };

/** The tables a plan reads whole ("Seq Scan"), and the indexes it walks. */
function scans(plan: PlanNode, out: { seq: string[]; indexes: string[] } = { seq: [], indexes: [] }): { seq: string[]; indexes: string[] } {
  if (plan['Node Type'] === 'Seq Scan' && plan['Relation Name']) out.seq.push(plan['Relation Name']);
  if (plan['Index Name']) out.indexes.push(plan['Index Name']);
  for (const p of plan.Plans ?? []) scans(p, out);
  return out;
}

/**
 * The supervisor's view and the queue's new reads (ADR 0022, amended) over 100,000 cases of ten
 * agencies and their opening and check-in events (the queue bench's rows, libs/testing BenchRows):
 * each reads the indexes named for it, never the whole table of cases or events, under the
 * queues' 20 ms in the database.
 */
describe('the supervisor’s day and the new queue reads at 100,000 cases', () => {
  let db: TestDatabase;
  const agency = AGENCIES[0] ?? 'BENCH-01';
  const now = Date.now();
  const today = toLocalDate(now);
  const from = new Date(startOfLocalDay(today));
  const to = new Date(startOfLocalDay(addDays(today, 1)));

  beforeAll(async () => {
    db = await createTestDatabase('supervisor_day_plans');
    const rows = new BenchRows(db.dataSource);
    await rows.queueCases(ROWS, AGENCIES, FIRST, LAST);
    await rows.queueCaseEvents();
    await rows.analyze();
  }, 300_000);
  afterAll(() => db?.drop());

  async function measured(read: (q: Explaining) => Promise<unknown>): Promise<{ ms: number; seq: string[]; indexes: string[] }> {
    const q = new Explaining(db.dataSource);
    await read(q);
    const all = (q.plans as PlanNode[]).map((p) => scans(p));
    return { ms: q.ms, seq: all.flatMap((s) => s.seq), indexes: [...new Set(all.flatMap((s) => s.indexes))] };
  }

  it('the day of an agency: its turnos, the deadlines at risk, the officers’ load', async () => {
    const day = await measured((q) => new AgencyDayReportRepository(q).dayCases(agency, from, to));
    expect(day.seq.filter((t) => t === 'cases' || t === 'case_events')).toEqual([]);
    expect(day.indexes).toEqual(expect.arrayContaining(['cases_desk_appointments_idx', 'case_events_type_idx']));
    expect(day.ms).toBeLessThan(20);

    const soon = new Date(now + 3 * 86_400_000);
    const deadlines = await measured((q) => new AgencyDayReportRepository(q).deadlinesBefore(agency, soon));
    expect(deadlines.seq).toEqual([]);
    expect(deadlines.indexes).toContain('cases_desk_open_idx');
    expect(deadlines.ms).toBeLessThan(20);

    const loads = await measured((q) => new AgencyDayReportRepository(q).holderLoads(agency));
    expect(loads.seq.filter((t) => t === 'cases' || t === 'case_assignments')).toEqual([]);
    expect(loads.indexes).toContain('case_assignments_agency_idx');
    expect(loads.ms).toBeLessThan(20);
  });

  it('"mine", the day’s open turnos, and a queue in another order', async () => {
    const queues = (q: Explaining) => new WorkQueueRepository(q);
    const filter = { agencyId: agency, now: new Date(now), officerId: 'officer-7' };
    // The claims of an officer: a few rows of case_assignments (the planner may read that small table whole), then cases by id.
    const mine = await measured((q) => queues(q).page('mine', filter, 25));
    expect(mine.seq.filter((t) => t === 'cases')).toEqual([]);
    expect(mine.ms).toBeLessThan(20);

    const appointments = await measured((q) => queues(q).page('appointments', { ...filter, from, to }, 25));
    expect(appointments.seq.filter((t) => t === 'cases')).toEqual([]);
    expect(appointments.indexes).toContain('cases_desk_appointments_idx');
    expect(appointments.ms).toBeLessThan(20);

    const waiting = await measured((q) => queues(q).page('checked_in', { ...filter, sort: 'waiting' }, 25));
    expect(waiting.seq.filter((t) => t === 'cases')).toEqual([]);
    expect(waiting.ms).toBeLessThan(20);

    const counts = await measured((q) => queues(q).counts(agency, new Date(now), from, to, 'officer-7'));
    expect(counts.seq.filter((t) => t === 'cases')).toEqual([]);
    expect(counts.ms).toBeLessThan(20);
  });
});
