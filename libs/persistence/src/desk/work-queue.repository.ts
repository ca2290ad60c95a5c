import { SqlRepository } from '../sql/sql-repository';

/**
 * The case managers' work queues of one agency, from the read model
 * (ADR 0022). Every page is a keyset scan of an index that fits its queue (never OFFSET, never
 * a count over every matching row); the counts per queue stop at COUNT_CAP.
 */
export const WORK_QUEUES = ['appointments', 'checked_in', 'awaiting_correction', 'stuck', 'possible_duplicate', 'overdue', 'open', 'mine'] as const;
export type WorkQueue = (typeof WORK_QUEUES)[number];

/**
 * The orders a queue can be read in: by deadline (the status queues' own), by the turno's hour
 * (the day's appointments' own), or by waiting time: the case that has not changed for the longest
 * first (its last change: the arrival of a checked-in turno, the applicant's correction...).
 */
export const QUEUE_SORTS = ['deadline', 'appointment', 'waiting'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

/** A queue's own order, when none is asked. */
export const defaultSort = (queue: WorkQueue): QueueSort => (queue === 'appointments' ? 'appointment' : 'deadline');

const SORT_COLUMNS: Record<QueueSort, { column: string; nullable: boolean }> = {
  deadline: { column: 'c.deadline_at', nullable: true },
  appointment: { column: 'c.appointment_at', nullable: true },
  waiting: { column: 'c.updated_at', nullable: false },
};

/** A queue's count stops here: "1000 o más" costs at most 1001 index entries. */
export const COUNT_CAP = 1000;

/** A search word matching more terms than this is checked case by case along the queue's index (ADR 0022). */
export const SEARCH_SET_CAP = 1000;

export interface QueueCount {
  count: number;
  /** More than `count` cases match (the count stopped at COUNT_CAP). */
  more: boolean;
}

export interface QueueFilter {
  agencyId: string;
  /** Instant that decides "overdue". */
  now: Date;
  /** appointments: the day's bounds [from, to); other queues: deadline before `to` when set. */
  from?: Date;
  to?: Date;
  procedure?: string;
  status?: string;
  search?: SearchKey;
  /** The 'mine' queue: the officer whose claimed cases it lists. */
  officerId?: string;
  /** Default: the queue's own (defaultSort). */
  sort?: QueueSort;
}

/** What a search names: a case reference (a range of case ids), or words (identity numbers, name words). */
export type SearchKey = { kind: 'ids'; low: string; high: string } | { kind: 'words'; words: string[] };

/** Where the previous page stopped: the sort value (null for cases without one, listed last) and the id. */
export interface QueueCursor {
  at: string | null;
  id: string;
}

export interface QueueRow {
  caseId: string;
  procedure: string;
  status: string;
  applicantId: string;
  holderName: string | null;
  waitingOn: string;
  deadlineAt: Date | null;
  appointmentAt: Date | null;
  updatedAt: Date;
  assignedTo: string | null;
  assignedAt: Date | null;
}

interface Sql {
  where: string[];
  params: unknown[];
  add(sql: string, value: unknown): void;
}

function sql(agencyId: string): Sql {
  const s: Sql = {
    where: ['c.agency_id = $1'],
    params: [agencyId],
    add(fragment, value) {
      s.params.push(value);
      s.where.push(fragment.replace('?', `$${s.params.length}`));
    },
  };
  return s;
}

/**
 * The WHERE of a queue (c = cases); each matches the leading columns of one index of migration
 * 1700000001650. The day's appointments keep only the open cases: a turno already issued,
 * cancelled or lapsed has left the queue (a filter on the day's few index entries).
 */
function queueWhere(queue: WorkQueue, s: Sql, f: Pick<QueueFilter, 'now' | 'from' | 'to' | 'officerId'>): void {
  switch (queue) {
    case 'appointments':
      s.add('c.appointment_at >= ?', f.from ?? f.now);
      s.add('c.appointment_at < ?', f.to ?? f.now);
      s.where.push(`c.waiting_on <> 'nobody'`);
      return;
    case 'mine':
      // The officer's claims (case_assignments_officer_idx), open ones only.
      s.add('c.id IN (SELECT a.case_id FROM case_assignments a WHERE a.officer_id = ?)', f.officerId ?? '');
      s.where.push(`c.waiting_on <> 'nobody'`);
      return;
    case 'overdue':
      s.where.push(`c.waiting_on <> 'nobody'`);
      s.add('c.deadline_at < ?', f.now);
      return;
    case 'open':
      s.where.push(`c.waiting_on <> 'nobody'`);
      return;
    default:
      s.add('c.status = ?', queue);
  }
}

const COLUMNS = 'c.id, c.procedure_type, c.status, c.applicant_id, c.holder_name, c.waiting_on, c.deadline_at, c.appointment_at, c.updated_at';

/** The page is cut first (on the queue's index), then each of its rows finds its assignment. */
const limited = (where: string[], orderBy: string, limit: number): string =>
  `SELECT c.*, a.officer_id, a.assigned_at
     FROM (SELECT ${COLUMNS} FROM cases c WHERE ${where.join(' AND ')} ORDER BY ${orderBy} LIMIT ${limit}) c
     LEFT JOIN case_assignments a ON a.case_id = c.id
    ORDER BY ${orderBy}`;

type Row = {
  id: string;
  procedure_type: string;
  status: string;
  applicant_id: string;
  holder_name: string | null;
  waiting_on: string;
  deadline_at: Date | null;
  appointment_at: Date | null;
  updated_at: Date;
  officer_id: string | null;
  assigned_at: Date | null;
};

const toRow = (r: Row): QueueRow => ({
  caseId: r.id,
  procedure: r.procedure_type,
  status: r.status,
  applicantId: r.applicant_id,
  holderName: r.holder_name,
  waitingOn: r.waiting_on,
  deadlineAt: r.deadline_at,
  appointmentAt: r.appointment_at,
  updatedAt: r.updated_at,
  assignedTo: r.officer_id,
  assignedAt: r.assigned_at,
});

export class WorkQueueRepository extends SqlRepository {
  /** One case as the queues show it, or null. */
  async one(caseId: string): Promise<QueueRow | null> {
    const rows = (await this.db.query(limited(['c.id = $1'], 'c.id', 1), [caseId])) as Row[];
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** How many cases each queue holds, each count stopping at COUNT_CAP (one round trip, six bounded index scans). */
  async counts(agencyId: string, now: Date, dayFrom: Date, dayTo: Date, officerId = ''): Promise<Record<Exclude<WorkQueue, 'open'>, QueueCount>> {
    const queues = WORK_QUEUES.filter((q): q is Exclude<WorkQueue, 'open'> => q !== 'open');
    const s = sql(agencyId);
    const parts = queues.map((queue) => {
      const one = sql(agencyId);
      one.params = s.params;
      one.where = ['c.agency_id = $1'];
      queueWhere(queue, one, { now, from: dayFrom, to: dayTo, officerId });
      return `(SELECT count(*) FROM (SELECT 1 FROM cases c WHERE ${one.where.join(' AND ')} LIMIT ${COUNT_CAP + 1}) s)::int AS ${queue}`;
    });
    const rows = (await this.db.query(`SELECT ${parts.join(',\n       ')}`, s.params)) as Array<Record<string, number>>;
    const row = rows[0] ?? {};
    return Object.fromEntries(
      queues.map((q) => {
        const n = Number(row[q] ?? 0);
        return [q, { count: Math.min(n, COUNT_CAP), more: n > COUNT_CAP }];
      }),
    ) as Record<Exclude<WorkQueue, 'open'>, QueueCount>;
  }

  /**
   * A reference is a range of case ids (T-XXXXXXXXXX is the id's first ten hex digits); words
   * must each match a term of the case (case_search_terms) in the agency (ADR 0022). When the
   * words' sets, intersected, hold at most SEARCH_SET_CAP cases, the page is cut from those; a
   * common word alone (a frequent surname) is instead checked case by case while the queue's
   * index is walked in order, which meets the page's rows early precisely because it is common.
   */
  private async searchWhere(s: Sql, key: SearchKey): Promise<void> {
    if (key.kind === 'ids') {
      s.add('c.id >= ?', key.low);
      s.add('c.id <= ?', key.high);
      return;
    }
    // The cases of the agency that have a term for every word, fetched up to the cap (the words' sets intersected).
    const agency = s.params[0];
    const params: unknown[] = [agency];
    const sets = key.words.map((word) => {
      const m = termMatch(word);
      params.push(m.value);
      return `SELECT case_id FROM case_search_terms WHERE agency_id = $1 AND term ${m.op} $${params.length}`;
    });
    const found = (await this.db.query(`SELECT case_id FROM (${sets.join(' INTERSECT ')}) s LIMIT ${SEARCH_SET_CAP + 1}`, params)) as Array<{
      case_id: string;
    }>;
    if (found.length <= SEARCH_SET_CAP) {
      // Few cases: the page is cut from them (primary-key lookups; the planner knows how many).
      s.add(
        'c.id = ANY(?::uuid[])',
        found.map((r) => r.case_id),
      );
      return;
    }
    // Common words: each is checked case by case while the queue's index is walked. A scalar subquery with LIMIT
    // stays a per-row probe of (case_id, term): the planner cannot turn it into a join over every term.
    for (const word of key.words) {
      const m = termMatch(word);
      s.add(`(SELECT 1 FROM case_search_terms t WHERE t.case_id = c.id AND t.term ${m.op} ? LIMIT 1) IS NOT NULL`, m.value);
    }
  }

  /**
   * One page of a queue, `limit` rows after `after`. The appointments are in order of their hour,
   * every other queue by deadline (cases without one last), ties by id: the order of the index,
   * so the page costs `limit` index entries however deep it is. Another order (`f.sort`: the
   * turno's hour, the waiting time) sorts the queue's matching rows of the agency instead.
   */
  async page(queue: WorkQueue, f: QueueFilter, limit: number, after?: QueueCursor): Promise<{ rows: QueueRow[]; next: QueueCursor | null }> {
    const sort = f.sort ?? defaultSort(queue);
    const { column, nullable } = SORT_COLUMNS[sort];
    const base = sql(f.agencyId);
    queueWhere(queue, base, f);
    if (queue !== 'appointments' && f.to) base.add('c.deadline_at < ?', f.to);
    if (f.procedure) base.add('c.procedure_type = ?', f.procedure);
    if (f.status) base.add('c.status = ?', f.status);
    if (f.search) await this.searchWhere(base, f.search);

    const rows: Row[] = [];
    // First the cases with a sort value, after the cursor's; then (sorted by id) those without one.
    if (!after || after.at !== null) {
      const s = copy(base);
      s.where.push(`${column} IS NOT NULL`);
      if (after?.at) {
        s.params.push(after.at, after.id);
        s.where.push(`(${column}, c.id) > ($${s.params.length - 1}, $${s.params.length})`);
      }
      rows.push(...((await this.db.query(limited(s.where, `${column}, c.id`, limit + 1), s.params)) as Row[]));
    }
    const alwaysSet = !nullable || (queue === 'appointments' && sort === 'appointment') || (queue === 'overdue' && sort === 'deadline');
    if (rows.length <= limit && !alwaysSet) {
      const s = copy(base);
      s.where.push(`${column} IS NULL`);
      if (after && after.at === null) s.add('c.id > ?', after.id);
      // Ordered by (column, id) although the column is NULL here: the order of the queue's index, which the planner then walks.
      rows.push(...((await this.db.query(limited(s.where, `${column}, c.id`, limit + 1 - rows.length), s.params)) as Row[]));
    }
    const page = rows.slice(0, limit).map(toRow);
    const last = page.at(-1);
    const sortValue = (r: QueueRow): Date | null => (sort === 'appointment' ? r.appointmentAt : sort === 'waiting' ? r.updatedAt : r.deadlineAt);
    return { rows: page, next: rows.length > limit && last ? { at: sortValue(last)?.toISOString() ?? null, id: last.caseId } : null };
  }
}

/** A word matches a term exactly when shorter than four characters, else as a prefix (a surname being typed, part of a passport number). */
function termMatch(word: string): { op: '=' | 'LIKE'; value: string } {
  return word.length >= 4 ? { op: 'LIKE', value: `${word.replace(/[\\%_]/g, '\\$&')}%` } : { op: '=', value: word };
}

function copy(s: Sql): Sql {
  const c = sql('');
  c.params = [...s.params];
  c.where = [...s.where];
  return c;
}
