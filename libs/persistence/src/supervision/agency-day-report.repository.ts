import { SqlRepository } from '../sql/sql-repository';

/** One case of an agency's day, as the supervisor's view counts it. */
export interface AgencyDayCase {
  caseId: string;
  status: string;
  /** The turno's hour (null: a walk-in, attended without an online turno). */
  appointmentAt: Date | null;
  /** The check-in, from the case's log (null: not arrived). */
  arrivedAt: Date | null;
  firstCalledAt: Date | null;
  /** When the turno was marked as not present at the call (null: not marked). */
  noShowAt: Date | null;
  /** The window's decision after the arrival (accepted, observed or rejected). */
  attendedAt: Date | null;
  /** Who took that decision (an officer id). */
  attendedBy: string | null;
  waitSeconds: number | null;
  serviceSeconds: number | null;
}

/** An open case of the agency whose deadline comes soon or has passed. */
export interface DeadlineRow {
  caseId: string;
  deadlineAt: Date;
}

/** The open cases each officer of the agency holds. */
export interface HolderLoad {
  officerId: string;
  open: number;
}

/** How many open cases with a deadline before a moment the view reads at most (the rest is "más de"). */
export const DEADLINE_ROWS_CAP = 1000;

type DayRow = {
  case_id: string;
  status: string;
  appointment_at: Date | null;
  arrived_at: Date | null;
  first_called_at: Date | null;
  no_show_at: Date | null;
  attended_at: Date | null;
  attended_by: string | null;
  wait_seconds: number | null;
  service_seconds: number | null;
};

/**
 * The supervisor's view of one agency's day (ADR 0022, amended): the day's cases are its turnos
 * (cases_desk_appointments_idx: the agency's range of the day) and the cases checked in that day
 * (case_events_type_idx: the day's CASE_CHECKED_IN events, walk-ins among them), each with its
 * arrival, first call, no-show and the window's decision from the case's log and turno_calls.
 * Read over a few hundred rows per agency and day, however large the tables.
 */
export class AgencyDayReportRepository extends SqlRepository {
  async dayCases(agencyId: string, from: Date, to: Date): Promise<AgencyDayCase[]> {
    const rows = (await this.db.query(
      `WITH day_cases AS (
         SELECT c.id FROM cases c WHERE c.agency_id = $1 AND c.appointment_at >= $2 AND c.appointment_at < $3
         UNION
         SELECT c.id FROM case_events e JOIN cases c ON c.id = e.case_id
          WHERE e.type = 'CASE_CHECKED_IN' AND e.occurred_at >= $2 AND e.occurred_at < $3 AND c.agency_id = $1
       )
       SELECT c.id AS case_id, c.status, c.appointment_at,
              arrived.occurred_at AS arrived_at,
              t.first_called_at, t.no_show_at,
              attended.occurred_at AS attended_at, attended.actor_id AS attended_by,
              EXTRACT(EPOCH FROM (t.first_called_at - arrived.occurred_at))::integer AS wait_seconds,
              EXTRACT(EPOCH FROM (attended.occurred_at - t.first_called_at))::integer AS service_seconds
         FROM day_cases d
         JOIN cases c ON c.id = d.id
         LEFT JOIN LATERAL (
           SELECT e.occurred_at, e.seq FROM case_events e
            WHERE e.case_id = c.id AND e.type = 'CASE_CHECKED_IN' AND e.occurred_at >= $2 AND e.occurred_at < $3
            ORDER BY e.seq DESC LIMIT 1
         ) arrived ON true
         LEFT JOIN turno_calls t ON t.case_id = c.id AND t.local_date = ($2::timestamptz AT TIME ZONE 'America/Guayaquil')::date
         LEFT JOIN LATERAL (
           SELECT e.occurred_at, e.actor_id FROM case_events e
            WHERE e.case_id = c.id AND arrived.seq IS NOT NULL AND e.seq > arrived.seq
              AND e.type IN ('DOCUMENTS_ACCEPTED', 'DOCUMENTS_OBSERVED', 'CASE_REJECTED')
            ORDER BY e.seq LIMIT 1
         ) attended ON true
        ORDER BY c.appointment_at NULLS LAST, c.id`,
      [agencyId, from, to],
    )) as DayRow[];
    return rows.map((r) => ({
      caseId: r.case_id,
      status: r.status,
      appointmentAt: r.appointment_at,
      arrivedAt: r.arrived_at,
      firstCalledAt: r.first_called_at,
      noShowAt: r.no_show_at,
      attendedAt: r.attended_at,
      attendedBy: r.attended_by,
      waitSeconds: r.wait_seconds,
      serviceSeconds: r.service_seconds,
    }));
  }

  /** The agency's open cases with a deadline before `before` (overdue ones too), earliest first, at most DEADLINE_ROWS_CAP + 1 (cases_desk_open_idx). */
  async deadlinesBefore(agencyId: string, before: Date): Promise<DeadlineRow[]> {
    const rows = (await this.db.query(
      `SELECT c.id AS case_id, c.deadline_at FROM cases c
        WHERE c.agency_id = $1 AND c.waiting_on <> 'nobody' AND c.deadline_at < $2
        ORDER BY c.deadline_at, c.id LIMIT ${DEADLINE_ROWS_CAP + 1}`,
      [agencyId, before],
    )) as Array<{ case_id: string; deadline_at: Date }>;
    return rows.map((r) => ({ caseId: r.case_id, deadlineAt: r.deadline_at }));
  }

  /** The open cases each officer of the agency holds now (case_assignments of the agency, open cases only). */
  async holderLoads(agencyId: string): Promise<HolderLoad[]> {
    const rows = (await this.db.query(
      `SELECT a.officer_id, count(*)::int AS open FROM case_assignments a JOIN cases c ON c.id = a.case_id
        WHERE a.agency_id = $1 AND c.waiting_on <> 'nobody' GROUP BY a.officer_id ORDER BY a.officer_id`,
      [agencyId],
    )) as Array<{ officer_id: string; open: number }>;
    return rows.map((r) => ({ officerId: r.officer_id, open: Number(r.open) }));
  }
}
