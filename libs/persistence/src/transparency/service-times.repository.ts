import { SqlRepository } from '../sql/sql-repository';

/** The event types that mark the stages of a case (the API names them: apps/api/src/transparency/service-times.ts). */
export interface StageEvents {
  /** The arrival at the window (the last one before the answer counts: a corrected filing comes back). */
  checkIn: string;
  /** The events that answer the case (issued or refused). */
  answers: readonly string[];
  /** The poder is sent to the legal unit. */
  legalSent: string;
  /** The legal unit's decision. */
  legalDecided: readonly string[];
}

/** Percentiles of recent durations, in seconds, for one agency or province (`scope`), and how many cases they come from. */
export interface DurationFigures {
  scope: string;
  cases: number;
  p50Seconds: number;
  p80Seconds: number;
}

/** One month (1..12 of `year`, local time) of an agency's figures. */
export interface MonthlyTimes {
  year: number;
  month: number;
  waitCases: number;
  waitP50Seconds: number | null;
  answerCases: number;
  answerP50Seconds: number | null;
}

/** One event of a case's log as a citizen may see it: its type and when, nothing else. */
export interface CaseStep {
  type: string;
  occurredAt: Date;
}

interface FigureRow {
  scope: string;
  cases: number;
  p50: number | string;
  p80: number | string;
}

const figures = (rows: FigureRow[]): DurationFigures[] =>
  rows.map((r) => ({ scope: r.scope, cases: Number(r.cases), p50Seconds: Math.round(Number(r.p50)), p80Seconds: Math.round(Number(r.p80)) }));

/**
 * The agency's own time to answer a case: from its last arrival at the window to the answer,
 * without the legal unit's time (from the poder's sending to its decision) inside it. One row per
 * answered case since `$2`; `$6` limits to one agency (NULL: all).
 */
const AGENCY_SPANS = `
  WITH answered AS (
    SELECT DISTINCT ON (e.case_id) e.case_id, e.seq, e.occurred_at
      FROM case_events e
     WHERE e.type = ANY($1::text[]) AND e.occurred_at >= $2::timestamptz
     ORDER BY e.case_id, e.seq
  )
  SELECT c.agency_id, answered.occurred_at AS answered_at,
         EXTRACT(EPOCH FROM (answered.occurred_at - arrived.occurred_at))
           - COALESCE(EXTRACT(EPOCH FROM (LEAST(decided.occurred_at, answered.occurred_at) - sent.occurred_at)), 0) AS seconds
    FROM answered
    JOIN cases c ON c.id = answered.case_id
    JOIN LATERAL (
      SELECT a.seq, a.occurred_at FROM case_events a
       WHERE a.case_id = answered.case_id AND a.type = $3 AND a.seq < answered.seq ORDER BY a.seq DESC LIMIT 1
    ) arrived ON true
    LEFT JOIN LATERAL (
      SELECT s.seq, s.occurred_at FROM case_events s
       WHERE s.case_id = answered.case_id AND s.type = $4 AND s.seq > arrived.seq AND s.seq < answered.seq ORDER BY s.seq LIMIT 1
    ) sent ON true
    LEFT JOIN LATERAL (
      SELECT d.occurred_at FROM case_events d
       WHERE d.case_id = answered.case_id AND d.type = ANY($5::text[]) AND d.seq > sent.seq ORDER BY d.seq LIMIT 1
    ) decided ON true
   WHERE c.agency_id IS NOT NULL AND ($6::text IS NULL OR c.agency_id = $6)`;

/**
 * Recent service times, read from the append-only event log and the read model (never written
 * here): the agency's time to answer, the legal unit's time to decide a poder, the wait from
 * arrival to the first call (view agency_day_turnos), and a case's own steps. Aggregates only: no
 * row of a person leaves this repository except a case's own steps, for its own applicant.
 */
export class ServiceTimesRepository extends SqlRepository {
  /** Per agency (or one), the last `limit` answered cases since `since`: percentiles of the agency's own time. */
  async answerTimes(q: { events: StageEvents; since: string; limit: number; agencyId?: string }): Promise<DurationFigures[]> {
    const rows = (await this.db.query(
      `WITH spans AS (${AGENCY_SPANS}),
       recent AS (SELECT agency_id, seconds, row_number() OVER (PARTITION BY agency_id ORDER BY answered_at DESC) AS n FROM spans)
       SELECT agency_id AS scope, count(*)::int AS cases,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS p50,
              percentile_cont(0.8) WITHIN GROUP (ORDER BY seconds) AS p80
         FROM recent WHERE n <= $7 GROUP BY agency_id`,
      [q.events.answers, q.since, q.events.checkIn, q.events.legalSent, q.events.legalDecided, q.agencyId ?? null, q.limit],
    )) as FigureRow[];
    return figures(rows);
  }

  /** Per province (or one), the last `limit` poderes decided since `since`: percentiles of the legal unit's time from sending to decision. */
  async legalReviewTimes(q: { events: StageEvents; since: string; limit: number; province?: string }): Promise<DurationFigures[]> {
    const rows = (await this.db.query(
      `WITH spans AS (
         SELECT c.province, decided.occurred_at AS decided_at, EXTRACT(EPOCH FROM (decided.occurred_at - s.occurred_at)) AS seconds
           FROM case_events s
           JOIN cases c ON c.id = s.case_id
           JOIN LATERAL (
             SELECT d.occurred_at FROM case_events d
              WHERE d.case_id = s.case_id AND d.type = ANY($2::text[]) AND d.seq > s.seq ORDER BY d.seq LIMIT 1
           ) decided ON true
          WHERE s.type = $1 AND decided.occurred_at >= $3::timestamptz AND c.province IS NOT NULL
            AND ($4::text IS NULL OR c.province = $4)
       ),
       recent AS (SELECT province, seconds, row_number() OVER (PARTITION BY province ORDER BY decided_at DESC) AS n FROM spans)
       SELECT province AS scope, count(*)::int AS cases,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS p50,
              percentile_cont(0.8) WITHIN GROUP (ORDER BY seconds) AS p80
         FROM recent WHERE n <= $5 GROUP BY province`,
      [q.events.legalSent, q.events.legalDecided, q.since, q.province ?? null, q.limit],
    )) as FigureRow[];
    return figures(rows);
  }

  /** Per agency (or one), the last `limit` turnos called since `since`: percentiles of the wait from arrival to the first call. */
  async waitingTimes(q: { since: string; limit: number; agencyId?: string }): Promise<DurationFigures[]> {
    const rows = (await this.db.query(
      `WITH recent AS (
         SELECT agency_id, wait_seconds, row_number() OVER (PARTITION BY agency_id ORDER BY arrived_at DESC) AS n
           FROM agency_day_turnos
          WHERE wait_seconds IS NOT NULL AND wait_seconds >= 0 AND arrived_at >= $1::timestamptz
            AND agency_id IS NOT NULL AND ($2::text IS NULL OR agency_id = $2)
       )
       SELECT agency_id AS scope, count(*)::int AS cases,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY wait_seconds) AS p50,
              percentile_cont(0.8) WITHIN GROUP (ORDER BY wait_seconds) AS p80
         FROM recent WHERE n <= $3 GROUP BY agency_id`,
      [q.since, q.agencyId ?? null, q.limit],
    )) as FigureRow[];
    return figures(rows);
  }

  /** One agency's months since `since` (local time `timeZone`): the median wait and the median time to answer, with their counts. */
  async monthlyTimes(q: { events: StageEvents; agencyId: string; since: string; timeZone: string }): Promise<MonthlyTimes[]> {
    const rows = (await this.db.query(
      `WITH spans AS (${AGENCY_SPANS}),
       answers AS (
         SELECT date_trunc('month', answered_at AT TIME ZONE $7::text) AS m, count(*)::int AS cases,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS p50
           FROM spans GROUP BY 1
       ),
       waits AS (
         SELECT date_trunc('month', arrived_at AT TIME ZONE $7::text) AS m, count(*)::int AS cases,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY wait_seconds) AS p50
           FROM agency_day_turnos
          WHERE agency_id = $6 AND wait_seconds IS NOT NULL AND wait_seconds >= 0 AND arrived_at >= $2::timestamptz
          GROUP BY 1
       )
       SELECT EXTRACT(YEAR FROM COALESCE(a.m, w.m))::int AS year, EXTRACT(MONTH FROM COALESCE(a.m, w.m))::int AS month,
              COALESCE(w.cases, 0) AS wait_cases, w.p50 AS wait_p50, COALESCE(a.cases, 0) AS answer_cases, a.p50 AS answer_p50
         FROM answers a FULL JOIN waits w ON w.m = a.m
        ORDER BY 1, 2`,
      [q.events.answers, q.since, q.events.checkIn, q.events.legalSent, q.events.legalDecided, q.agencyId, q.timeZone],
    )) as Array<{ year: number; month: number; wait_cases: number; wait_p50: string | null; answer_cases: number; answer_p50: string | null }>;
    return rows.map((r) => ({
      year: r.year,
      month: r.month,
      waitCases: Number(r.wait_cases),
      waitP50Seconds: r.wait_p50 === null ? null : Math.round(Number(r.wait_p50)),
      answerCases: Number(r.answer_cases),
      answerP50Seconds: r.answer_p50 === null ? null : Math.round(Number(r.answer_p50)),
    }));
  }

  /** A case's steps of the given types, oldest first (type and time only). */
  async caseSteps(caseId: string, types: readonly string[]): Promise<CaseStep[]> {
    const rows = (await this.db.query(`SELECT type, occurred_at FROM case_events WHERE case_id = $1 AND type = ANY($2::text[]) ORDER BY seq`, [
      caseId,
      types,
    ])) as Array<{ type: string; occurred_at: Date }>;
    return rows.map((r) => ({ type: r.type, occurredAt: r.occurred_at }));
  }

  /** The case as the read model knows it: its status, agency, province and appointment (undefined: not yet written). */
  async caseStage(
    caseId: string,
  ): Promise<{ status: string; agencyId: string | null; province: string | null; procedure: string; appointmentAt: Date | null } | undefined> {
    const [row] = (await this.db.query(`SELECT status, agency_id, province, procedure_type, appointment_at FROM cases WHERE id = $1`, [caseId])) as Array<{
      status: string;
      agency_id: string | null;
      province: string | null;
      procedure_type: string;
      appointment_at: Date | null;
    }>;
    return row && { status: row.status, agencyId: row.agency_id, province: row.province, procedure: row.procedure_type, appointmentAt: row.appointment_at };
  }
}
