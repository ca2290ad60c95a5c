import { SqlRepository } from '../sql/sql-repository';

/** One turno of an agency's day, as the desk's calling list and the supervisor read it (view agency_day_turnos). */
export interface AgencyDayTurno {
  caseId: string;
  agencyId: string;
  status: string;
  localDate: string;
  /** The check-in, as the case's log recorded it. */
  arrivedAt: Date;
  /** 001, grupos vulnerables: elderly, disabled or pregnant (walk-ins), called first. */
  vulnerableGroup: string | null;
  firstCalledAt: Date | null;
  calledAt: Date | null;
  windowNumber: string | null;
  callCount: number;
  noShowAt: Date | null;
  /** The window's decision (accepted, observed or rejected), as the case's log recorded it. */
  attendedAt: Date | null;
  waitSeconds: number | null;
  serviceSeconds: number | null;
}

/** One line of the waiting room's screen: a turno and its window, never a name. */
export interface ScreenCall {
  turno: string;
  windowNumber: string;
  calledAt: Date;
  callCount: number;
}

type TurnoRow = {
  case_id: string;
  agency_id: string;
  status: string;
  local_date: string;
  arrived_at: Date;
  vulnerable_group: string | null;
  first_called_at: Date | null;
  called_at: Date | null;
  window_number: string | null;
  call_count: number | null;
  no_show_at: Date | null;
  attended_at: Date | null;
  wait_seconds: number | null;
  service_seconds: number | null;
};

const TURNO_COLUMNS = `case_id, agency_id, status, to_char(local_date, 'YYYY-MM-DD') AS local_date, arrived_at, vulnerable_group, first_called_at,
  called_at, window_number, call_count, no_show_at, attended_at, wait_seconds, service_seconds`;

const toTurno = (r: TurnoRow): AgencyDayTurno => ({
  caseId: r.case_id,
  agencyId: r.agency_id,
  status: r.status,
  localDate: r.local_date,
  arrivedAt: r.arrived_at,
  vulnerableGroup: r.vulnerable_group,
  firstCalledAt: r.first_called_at,
  calledAt: r.called_at,
  windowNumber: r.window_number,
  callCount: r.call_count ?? 0,
  noShowAt: r.no_show_at,
  attendedAt: r.attended_at,
  waitSeconds: r.wait_seconds,
  serviceSeconds: r.service_seconds,
});

/** The first case id a reference (T- and the first ten hex digits of the id) can name, and the last. */
function referenceRange(reference: string): [string, string] | undefined {
  const m = /^T-([0-9A-F]{10})$/i.exec(reference.trim());
  if (!m?.[1]) return undefined;
  const h = m[1].toLowerCase();
  return [`${h.slice(0, 8)}-${h.slice(8, 10)}00-0000-0000-000000000000`, `${h.slice(0, 8)}-${h.slice(8, 10)}ff-ffff-ffff-ffffffffffff`];
}

/**
 * The waiting room of an agency's day (ADR 0028): who arrived (the check-in of the case's log), who
 * was called to which window and when, who did not come when called. Arrival and the window's decision
 * come from the event log (the workflow records them); a call is the desk's own record.
 */
export class TurnoCallsRepository extends SqlRepository {
  /** The cases a reference names (one, but for a collision of its 40 bits), by the primary key's range. */
  async caseIdsByReference(reference: string): Promise<string[]> {
    const range = referenceRange(reference);
    if (!range) return [];
    const rows = await this.query<{ id: string }>(`SELECT id FROM cases WHERE id BETWEEN $1::uuid AND $2::uuid ORDER BY created_at LIMIT 5`, range);
    return rows.map((r) => r.id);
  }

  /** The agency's turnos of the day, the latest arrival of each case. */
  async day(agencyId: string, localDate: string): Promise<AgencyDayTurno[]> {
    const rows = await this.query<TurnoRow>(
      `SELECT ${TURNO_COLUMNS} FROM agency_day_turnos WHERE agency_id = $1 AND local_date = $2::date ORDER BY arrived_at, case_id`,
      [agencyId, localDate],
    );
    return rows.map(toTurno);
  }

  /** Who waits to be called, in the order of the call: vulnerable groups first (001), then by arrival. */
  async waiting(agencyId: string, localDate: string): Promise<AgencyDayTurno[]> {
    const rows = await this.query<TurnoRow>(
      `SELECT ${TURNO_COLUMNS} FROM agency_day_turnos
        WHERE agency_id = $1 AND local_date = $2::date AND status = 'checked_in' AND called_at IS NULL AND no_show_at IS NULL
        ORDER BY (vulnerable_group IS NULL), arrived_at, case_id`,
      [agencyId, localDate],
    );
    return rows.map(toTurno);
  }

  /** One case's turno of the day, or undefined when it has not arrived that day. */
  async ofCase(caseId: string, localDate: string): Promise<AgencyDayTurno | undefined> {
    const [row] = await this.query<TurnoRow>(`SELECT ${TURNO_COLUMNS} FROM agency_day_turnos WHERE case_id = $1 AND local_date = $2::date`, [
      caseId,
      localDate,
    ]);
    return row && toTurno(row);
  }

  /**
   * Records the first call of a turno to a window; false when it was called already (another window
   * was quicker, or a call is on record): the caller takes the next one, or recalls.
   */
  async firstCall(call: { caseId: string; localDate: string; agencyId: string; turno: string; windowNumber: string; calledBy: string }): Promise<boolean> {
    const rows = await this.query<{ case_id: string }>(
      `INSERT INTO turno_calls (case_id, local_date, agency_id, turno, window_number, called_by, first_called_at, called_at, call_count)
       VALUES ($1, $2::date, $3, $4, $5, $6, now(), now(), 1)
       ON CONFLICT (case_id, local_date) DO NOTHING
       RETURNING case_id`,
      [call.caseId, call.localDate, call.agencyId, call.turno, call.windowNumber, call.calledBy],
    );
    return rows.length === 1;
  }

  /** Calls the turno again (to the same or another window); a turno marked absent that comes back is called again too. */
  async recall(caseId: string, localDate: string, windowNumber: string, calledBy: string): Promise<boolean> {
    const rows = await this.updated<{ case_id: string }>(
      `UPDATE turno_calls SET called_at = now(), first_called_at = COALESCE(first_called_at, now()), call_count = call_count + 1,
              window_number = $3, called_by = $4, no_show_at = NULL
        WHERE case_id = $1 AND local_date = $2::date RETURNING case_id`,
      [caseId, localDate, windowNumber, calledBy],
    );
    return rows.length === 1;
  }

  /** Records that the turno did not come when called (or left before its call): it leaves the waiting list and the screen. */
  async noShow(mark: { caseId: string; localDate: string; agencyId: string; turno: string; markedBy: string }): Promise<void> {
    await this.query(
      `INSERT INTO turno_calls (case_id, local_date, agency_id, turno, called_by, no_show_at) VALUES ($1, $2::date, $3, $4, $5, now())
       ON CONFLICT (case_id, local_date) DO UPDATE SET no_show_at = now()`,
      [mark.caseId, mark.localDate, mark.agencyId, mark.turno, mark.markedBy],
    );
  }

  /** The waiting room's screen: the latest calls of the day that are still standing, newest first. */
  async screen(agencyId: string, localDate: string, limit = 8): Promise<ScreenCall[]> {
    const rows = await this.query<{ turno: string; window_number: string; called_at: Date; call_count: number }>(
      `SELECT turno, window_number, called_at, call_count FROM turno_calls
        WHERE agency_id = $1 AND local_date = $2::date AND called_at IS NOT NULL AND no_show_at IS NULL
        ORDER BY called_at DESC LIMIT $3`,
      [agencyId, localDate, Math.trunc(limit)],
    );
    return rows.map((r) => ({ turno: r.turno, windowNumber: r.window_number, calledAt: r.called_at, callCount: r.call_count }));
  }
}
