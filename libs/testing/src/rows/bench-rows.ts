import type { Queryable } from '@tramites/persistence';

/**
 * Bench support (bench/ only): the synthetic read model the database benches measure over, the few rows
 * they read to pick their parameters, and the statements the lists sent before keyset paging (baselines).
 * Its SQL is the one exception to "SQL only in libs/persistence" (ADR 0025): test and bench rows live with the tests. `db` may be a pg Client (no query timeout, for the
 * large seeds) or a DataSource; only the reads use the answer, and they need a DataSource (rows, not a result).
 */
export class BenchRows {
  constructor(private readonly db: Queryable) {}

  /** The rush's slots (bench/rush.ts): each one's capacity, its seat count and the appointments booked on it. */
  slotSeats(slotIds: readonly string[]): Promise<Array<{ id: string; capacity: number; booked: number; appointments: number }>> {
    return this.db.query(
      `SELECT s.id::text, s.capacity, s.booked, count(a.case_id) FILTER (WHERE a.status = 'booked')::int AS appointments
         FROM appointment_slots s LEFT JOIN appointments a ON a.slot_id = s.id
        WHERE s.id = ANY($1) GROUP BY s.id`,
      [slotIds],
    ) as Promise<Array<{ id: string; capacity: number; booked: number; appointments: number }>>;
  }

  /** The server's backends of this database now: active ones, and those waiting for a lock (a row's, during the rush). */
  async backendWaits(): Promise<{ active: number; lockWaits: number }> {
    const [row] = (await this.db.query(
      `SELECT count(*) FILTER (WHERE state = 'active')::int AS active, count(*) FILTER (WHERE wait_event_type = 'Lock')::int AS lock_waits
         FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    )) as Array<{ active: number; lock_waits: number }>;
    return { active: row?.active ?? 0, lockWaits: row?.lock_waits ?? 0 };
  }

  /** Cases `from`..`to` of the list benches (bench/run.ts's list phase, bench/lists.ts). */
  async listCases(from: number, to: number): Promise<void> {
    await this.db.query(
      `INSERT INTO cases (id, workflow_id, procedure_type, status, province, agency_id, applicant_id, deadline_at, waiting_on, holder_name, created_at, updated_at)
       SELECT gen_random_uuid(), 'bench:' || g, (ARRAY['FOREIGNER_CODE','FOREIGNER_CODE_EMPLOYMENT','NON_AFFILIATION_CERTIFICATE'])[1 + g % 3],
              (ARRAY['scheduled','checked_in','awaiting_correction','legal_review','issued','lapsed'])[1 + g % 6],
              (ARRAY['PICHINCHA','GUAYAS','AZUAY'])[1 + g % 3], (ARRAY['UIO-NORTE','UIO-SUR','GYE-CENTRO','CUE-CENTRO'])[1 + g % 4],
              'B' || g, now() + (g % 30 - 10) * interval '1 day', (ARRAY['applicant','institution','nobody'])[1 + (g / 12) % 3], 'Titular ' || g,
              now() - (g % 365) * interval '1 day', now()
         FROM generate_series($1::int, $2::int) g`,
      [from, to],
    );
  }

  /** `count` poder reviews over three provinces, a fifth of them pending (bench/lists.ts). */
  async poderReviews(count: number): Promise<void> {
    await this.db.query(
      `INSERT INTO poder_reviews (poder_id, case_id, province, status, requested_at, due_at, event_count, attorney_name, employer_id)
       SELECT '1790016919001:' || lpad(g::text, 10, '0') || ':2026-P' || g, gen_random_uuid(), (ARRAY['PICHINCHA','GUAYAS','AZUAY'])[1 + g % 3],
              CASE WHEN g % 5 = 0 THEN 'pending' ELSE 'endorsed' END, now() - (g % 2000) * interval '1 hour', now() + interval '3 days', 1,
              'Apoderado ' || g, '1790016919001'
         FROM generate_series(1, $1::int) g`,
      [count],
    );
  }

  /**
   * The work-queue bench's read model (bench/queues.ts): `rows` cases over `agencies`, holders named from
   * `first` and `last` names. 80 % closed (nobody waits, no deadline), 20 % open: scheduled, checked in, to
   * correct, legal review, issuing, stuck, possible duplicate; open deadlines from 10 days ago to 20 ahead (a
   * third overdue); appointments over two years until a month ahead, during office hours. Then their search
   * terms and some assignments (cases being worked). `log` hears each step.
   */
  async queueCases(
    rows: number,
    agencies: readonly string[],
    first: readonly string[],
    last: readonly string[],
    log: (step: string) => void = () => undefined,
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO cases (id, workflow_id, procedure_type, status, province, agency_id, applicant_id, deadline_at, waiting_on, holder_name,
                          appointment_at, created_at, updated_at, last_event_seq)
       SELECT id, 'case:' || id, (ARRAY['FOREIGNER_CODE','FOREIGNER_CODE_EMPLOYMENT','NON_AFFILIATION_CERTIFICATE'])[1 + g % 3],
              st.status, 'PICHINCHA', ($2::text[])[1 + (h / 7) % ${agencies.length}], 'A' || lpad(g::text, 9, '0'),
              CASE WHEN st.waiting <> 'nobody' THEN now() + ((h % 30000) / 1000.0 - 10) * interval '1 day' END,
              st.waiting,
              ($3::text[])[1 + h % ${first.length}] || ' ' || ($4::text[])[1 + (h / 3) % ${last.length}] || ' ' || ($4::text[])[1 + (h / 11) % ${last.length}],
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
      [rows, agencies, first, last],
    );
    // The appointments of cases that never booked are empty, as in the workflow.
    await this.db.query(`UPDATE cases SET appointment_at = NULL WHERE status = 'awaiting_booking'`);
    log('terms');
    await this.db.query(
      `INSERT INTO case_search_terms (term, case_id, kind, agency_id)
       SELECT t.term, c.id, t.kind, c.agency_id FROM cases c
       CROSS JOIN LATERAL (VALUES (upper(c.applicant_id), 'document'), ('P' || substr(md5(c.id::text), 1, 8), 'document')) AS t (term, kind)
       ON CONFLICT DO NOTHING`,
    );
    await this.db.query(
      `INSERT INTO case_search_terms (term, case_id, kind, agency_id)
       SELECT DISTINCT w, c.id, 'name', c.agency_id FROM cases c, regexp_split_to_table(c.holder_name, ' ') AS w
       ON CONFLICT DO NOTHING`,
    );
    // Some cases are being worked.
    await this.db.query(
      `INSERT INTO case_assignments (case_id, officer_id, agency_id) SELECT id, 'officer-' || (abs(hashtext(id::text)) % 50), agency_id FROM cases WHERE status = 'checked_in' AND abs(hashtext(id::text)) % 3 = 0`,
    );
  }

  /**
   * The event log of the queue bench's cases, as the supervisor's day reads it: every case's
   * opening (seq 1) and, for the cases that reached the window (checked in and later), their
   * check-in at the turno's hour (seq 2). Hashes are placeholders: no chain is verified here.
   */
  async queueCaseEvents(): Promise<void> {
    await this.db.query(
      `INSERT INTO case_events (case_id, seq, type, actor_id, actor_role, occurred_at, data, prev_hash, hash)
       SELECT id, 1, 'CASE_OPENED', applicant_id, 'applicant', created_at, '{}'::jsonb, repeat('0', 64), md5(id::text) || md5(id::text) FROM cases`,
    );
    await this.db.query(
      `INSERT INTO case_events (case_id, seq, type, actor_id, actor_role, occurred_at, data, prev_hash, hash)
       SELECT id, 2, 'CASE_CHECKED_IN', 'officer-' || (abs(hashtext(id::text)) % 50), 'case_manager', appointment_at + interval '5 minutes', '{}'::jsonb,
              md5(id::text) || md5(id::text), md5(id::text || '2') || md5(id::text || '2')
         FROM cases WHERE appointment_at IS NOT NULL AND status NOT IN ('scheduled', 'cancelled', 'lapsed', 'awaiting_booking')`,
    );
  }

  /**
   * After a seed, what autovacuum does to the seeded rows a minute later (for `cases`, once 2% of its rows
   * changed: migration 1700000001850): fresh statistics and the visibility map that lets the lists' index-only
   * scans skip the heap. `VACUUM ANALYZE` of every table, or of one.
   */
  async analyze(table?: 'cases'): Promise<void> {
    await this.db.query(table ? `VACUUM ANALYZE ${table}` : 'VACUUM ANALYZE');
  }

  async searchTermCount(): Promise<number> {
    const [row] = (await this.db.query(`SELECT count(*)::int AS terms FROM case_search_terms`)) as Array<{ terms: number }>;
    return row?.terms ?? 0;
  }

  /** The open case with a deadline in the middle of an agency's queue (all open ones, or only the overdue), for a deep cursor. */
  async middleOfQueue(agencyId: string, overdueOnly: boolean): Promise<{ id: string; deadline_at: Date } | undefined> {
    const where = overdueOnly ? 'AND deadline_at < now()' : '';
    const [row] = (await this.db.query(
      `SELECT id, deadline_at FROM cases WHERE agency_id = $1 AND waiting_on <> 'nobody' AND deadline_at IS NOT NULL ${where}
        ORDER BY deadline_at, id OFFSET (SELECT count(*) / 2 FROM cases WHERE agency_id = $1 AND waiting_on <> 'nobody' AND deadline_at IS NOT NULL ${where}) LIMIT 1`,
      [agencyId],
    )) as Array<{ id: string; deadline_at: Date }>;
    return row;
  }

  /** About `limit` case ids sampled from 1 % of the table's pages. */
  async sampleCaseIds(limit: number): Promise<string[]> {
    return ((await this.db.query(`SELECT id FROM cases TABLESAMPLE SYSTEM (1) LIMIT $1`, [limit])) as Array<{ id: string }>).map((r) => r.id);
  }

  /** The cases' seeded passport numbers (their `P…` document terms). */
  async passportTerms(caseIds: readonly string[]): Promise<Array<{ case_id: string; term: string }>> {
    return (await this.db.query(`SELECT case_id, term FROM case_search_terms WHERE case_id = ANY($1::uuid[]) AND term LIKE 'P%' AND kind = 'document'`, [
      caseIds,
    ])) as Array<{ case_id: string; term: string }>;
  }

  async serverVersion(): Promise<unknown> {
    return ((await this.db.query('SHOW server_version')) as unknown[])[0];
  }

  /** Starts pg_stat_statements afresh (the server must preload it: BENCH_PROFILE). */
  async resetStatementStats(): Promise<void> {
    await this.db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await this.db.query('SELECT pg_stat_statements_reset()');
  }

  /** The statements of this database that took the most time since the reset. */
  topStatements(limit = 25): Promise<Array<Record<string, unknown>>> {
    return this.db.query(
      `SELECT calls, round(total_exec_time::numeric, 1) AS "totalMs", round(mean_exec_time::numeric, 3) AS "meanMs", rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS query
         FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY total_exec_time DESC LIMIT $1`,
      [limit],
    ) as Promise<Array<Record<string, unknown>>>;
  }
}

/** Baseline (bench/lists.ts): the case list statement before keyset paging, page 3 of an agency's overdue cases in one status, with count(*) OVER (). */
export function oldCaseListPage(q: Queryable, agencyId: string, status: string): Promise<unknown> {
  return q.query(
    `SELECT id, procedure_type, status, province, agency_id, applicant_id, holder_name, waiting_on, deadline_at,
            appointment_at, updated_at, (deadline_at < now() AND waiting_on <> 'nobody') AS overdue, count(*) OVER () AS total
       FROM cases WHERE agency_id = $1 AND status = $2 AND deadline_at < now() AND waiting_on <> 'nobody'
      ORDER BY deadline_at ASC NULLS LAST, id LIMIT 25 OFFSET 50`,
    [agencyId, status],
  );
}

/** Baseline (bench/queues.ts): the overdue queue before keyset paging, OFFSET 2500 with count(*) OVER (). */
export function oldOverdueQueuePage(q: Queryable, agencyId: string): Promise<unknown> {
  return q.query(
    `SELECT id, procedure_type, status, deadline_at, count(*) OVER () AS total FROM cases
      WHERE agency_id = $1 AND deadline_at < now() AND waiting_on <> 'nobody' ORDER BY deadline_at NULLS LAST, id LIMIT 25 OFFSET 2500`,
    [agencyId],
  );
}

/** A Queryable that runs each statement under EXPLAIN ANALYZE, adds up PostgreSQL's execution times, then answers the statement's rows. */
export class Explaining implements Queryable {
  ms = 0;
  plans: unknown[] = [];
  constructor(private readonly db: Queryable) {}
  async query(sql: string, params?: unknown[]): Promise<unknown> {
    const rows = (await this.db.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params)) as Array<{
      'QUERY PLAN': Array<{ 'Execution Time': number; Plan: unknown }>;
    }>;
    const plan = rows[0]?.['QUERY PLAN'][0];
    this.ms += plan?.['Execution Time'] ?? 0;
    this.plans.push(plan?.Plan);
    // The statement's own rows, so the caller decides its next statement as it would (not timed).
    return this.db.query(sql, params);
  }
}
