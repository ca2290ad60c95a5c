import type { CaseProjection } from '@tramites/contracts';
import { LIST_COUNT_CAP, SqlRepository, cappedCountSql, cappedTotal, type KeysetCursor, type ListPage } from '../sql/sql-repository';

/** The case's agency and province, as the read model knows them (for scope checks). */
export interface CaseScopeRow {
  applicantId: string;
  agencyId: string | null;
  province: string | null;
  /** Read in the same statement, so that a case's GET reads its row once (ADR 0035). */
  status: string;
}

/** The columns a case list may be narrowed by equality. */
export type CaseListColumn = 'id' | 'applicant_id' | 'agency_id' | 'province' | 'procedure_type' | 'status';

export interface CaseListCriteria {
  /** Every condition holds (the caller's scope first, then the filters); a null value matches nothing. */
  equals: ReadonlyArray<readonly [CaseListColumn, unknown]>;
  deadlineBefore?: string;
  overdue?: boolean;
  /** Case ids in [low, high]: a short reference (T- and ten hex digits) names such a range. */
  idRange?: { low: string; high: string };
  page: number;
  pageSize: number;
  /** A keyset page: the rows after this cursor (the `next` of the previous page); `page` is then ignored. */
  after?: KeysetCursor;
  sort: 'deadline' | 'created' | 'updated';
  order: 'asc' | 'desc';
}

export interface CaseListRow {
  caseId: string;
  procedure: string;
  status: string;
  province: string | null;
  agencyId: string | null;
  applicantId: string;
  holderName: string | null;
  waitingOn: string;
  deadlineAt: string | null;
  overdue: boolean;
  appointmentAt: string | null;
  updatedAt: string;
}

const SORT_COLUMNS = { deadline: 'deadline_at', created: 'created_at', updated: 'updated_at' } as const;

/**
 * The read model of cases (table cases): moved only by the event log's append, in the same
 * transaction as the event (EventLogRepository.append); read by the API for lists and scope.
 */
export class CaseReadModelRepository extends SqlRepository {
  /** Moves the case's row to event `seq`; an older or repeated event changes nothing. */
  async project(caseId: string, seq: number, p: CaseProjection): Promise<void> {
    await this.db.query(
      `INSERT INTO cases (id, workflow_id, procedure_type, status, province, agency_id, applicant_id, deadline_at,
                          last_event_seq, waiting_on, holder_name, appointment_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (id) DO UPDATE SET
         status = EXCLUDED.status, province = EXCLUDED.province, agency_id = EXCLUDED.agency_id,
         deadline_at = EXCLUDED.deadline_at, last_event_seq = EXCLUDED.last_event_seq, waiting_on = EXCLUDED.waiting_on,
         holder_name = EXCLUDED.holder_name, appointment_at = EXCLUDED.appointment_at, updated_at = now()
       WHERE cases.last_event_seq < EXCLUDED.last_event_seq`,
      [
        caseId,
        p.workflowId,
        p.procedureType,
        p.status,
        p.province,
        p.agencyId,
        p.applicantId,
        p.deadlineAt,
        seq,
        p.waitingOn ?? 'nobody',
        p.holderName ?? null,
        p.appointmentAt ?? null,
      ],
    );
  }

  /** undefined while the case's first event is not yet written. */
  async scope(caseId: string): Promise<CaseScopeRow | undefined> {
    const [row] = await this.query<{ applicant_id: string; agency_id: string | null; province: string | null; status: string }>(
      'SELECT applicant_id, agency_id, province, status FROM cases WHERE id = $1',
      [caseId],
    );
    return row ? { applicantId: row.applicant_id, agencyId: row.agency_id, province: row.province, status: row.status } : undefined;
  }

  async status(caseId: string): Promise<string | undefined> {
    const [row] = await this.query<{ status: string }>('SELECT status FROM cases WHERE id = $1', [caseId]);
    return row?.status;
  }

  /** The applicant's portal-password cases (003) stopped by a locked credential, oldest first. */
  async lockedCredentialCases(applicantId: string): Promise<string[]> {
    const rows = await this.query<{ id: string }>(
      `SELECT id FROM cases WHERE procedure_type = 'AFFILIATE_PORTAL_PASSWORD' AND applicant_id = $1 AND status = 'locked' ORDER BY created_at`,
      [applicantId],
    );
    return rows.map((r) => r.id);
  }

  /**
   * One page of cases (indexed columns only), with the number of cases the criteria match, capped
   * (ADR 0023). Without `after` the page is cut by OFFSET along the sort's index; with `after` it is
   * a keyset page: the rows after the cursor, which costs `pageSize` index entries however deep.
   * Cases without a deadline come last; ties go by id, in the sort's direction.
   */
  async list(c: CaseListCriteria): Promise<ListPage<CaseListRow>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown): void => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    for (const [column, value] of c.equals) add(`${column} = ?`, value);
    if (c.deadlineBefore) add('deadline_at < ?', c.deadlineBefore);
    if (c.idRange) {
      add('id >= ?::uuid', c.idRange.low);
      add('id <= ?::uuid', c.idRange.high);
    }
    if (c.overdue === true) where.push(`deadline_at < now() AND waiting_on <> 'nobody'`);
    if (c.overdue === false) where.push(`(deadline_at IS NULL OR deadline_at >= now())`);
    const column = SORT_COLUMNS[c.sort];
    const desc = c.order === 'desc';
    const dir = desc ? 'DESC' : 'ASC';
    const offset = c.after ? 0 : Math.trunc((c.page - 1) * c.pageSize);
    const limit = Math.trunc(c.pageSize) + 1;
    const select = (w: string[], p: unknown[], order: string, n: number, skip = 0): Promise<CaseRow[]> =>
      this.query<CaseRow>(
        `SELECT id, procedure_type, status, province, agency_id, applicant_id, holder_name, waiting_on, deadline_at,
                appointment_at, updated_at, (deadline_at < now() AND waiting_on <> 'nobody') AS overdue,
                to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sort_at
           FROM cases ${w.length ? `WHERE ${w.join(' AND ')}` : ''}
          ORDER BY ${order} LIMIT ${n}${skip ? ` OFFSET ${skip}` : ''}`,
        p,
      );
    const rows: CaseRow[] = [];
    const order = `${column} ${dir}, id ${dir}`;
    const cmp = desc ? '<' : '>';
    const n = params.length;
    const at = c.after?.at ?? null;
    const keyset =
      c.after && at !== null ? { sql: `(${column}, id) ${cmp} ($${n + 1}::timestamptz, $${n + 2}::uuid)`, params: [...params, at, c.after.id] } : null;
    // First the rows with a sort value (after the cursor's); then, for the deadline only (created_at and updated_at
    // are NOT NULL), those without one. Two statements, each the order of an index read forwards or backwards,
    // where one ORDER BY ... NULLS LAST would make a descending list sort every matching row.
    if (!c.after || keyset) {
      const w = [...where, ...(column === 'deadline_at' ? ['deadline_at IS NOT NULL'] : []), ...(keyset ? [keyset.sql] : [])];
      rows.push(...(await select(w, keyset ? keyset.params : params, order, limit, offset)));
    }
    if (rows.length < limit && column === 'deadline_at') {
      // By OFFSET past every case with a deadline: skip the rest of the offset among those without one.
      let skip = 0;
      if (!c.after && rows.length === 0 && offset > 0) {
        const [dated] = await this.query<{ n: number }>(
          cappedCountSql('cases', `WHERE ${[...where, 'deadline_at IS NOT NULL'].join(' AND ')}`, offset),
          params,
        );
        skip = offset - Math.min(Number(dated?.n ?? 0), offset);
      }
      const afterId = c.after && at === null;
      const w = [...where, 'deadline_at IS NULL', ...(afterId ? [`id ${cmp} $${n + 1}::uuid`] : [])];
      // Ordered by (deadline, id) although the deadline is NULL here: the order of the sort's index.
      rows.push(...(await select(w, afterId && c.after ? [...params, c.after.id] : params, order, limit - rows.length, skip)));
    }
    const cap = offset + LIST_COUNT_CAP;
    const [count] = await this.query<{ n: number }>(cappedCountSql('cases', where.length ? `WHERE ${where.join(' AND ')}` : '', cap, column), params);
    const page = rows.slice(0, c.pageSize);
    const last = page.at(-1);
    return {
      items: page.map((r) => ({
        caseId: r.id,
        procedure: r.procedure_type,
        status: r.status,
        province: r.province,
        agencyId: r.agency_id,
        applicantId: r.applicant_id,
        holderName: r.holder_name,
        waitingOn: r.waiting_on,
        deadlineAt: r.deadline_at?.toISOString() ?? null,
        overdue: Boolean(r.overdue),
        appointmentAt: r.appointment_at?.toISOString() ?? null,
        updatedAt: r.updated_at.toISOString(),
      })),
      ...cappedTotal(Number(count?.n ?? 0), cap),
      next: rows.length > c.pageSize && last ? { at: last.sort_at, id: last.id } : null,
    };
  }
}

type CaseRow = {
  id: string;
  procedure_type: string;
  status: string;
  province: string | null;
  agency_id: string | null;
  applicant_id: string;
  holder_name: string | null;
  waiting_on: string;
  deadline_at: Date | null;
  appointment_at: Date | null;
  updated_at: Date;
  overdue: boolean;
  sort_at: string | null;
};
