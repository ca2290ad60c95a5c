import type { LocalDate } from '@tramites/domain';
import { guayaquilInstant } from '@tramites/domain';
import type { AgencyRow } from './agenda.repository';
import { SqlRepository } from '../sql/sql-repository';

export interface AgencyHoliday {
  agencyId: string;
  day: string;
  name: string;
  createdBy: string;
  createdAt: string;
}

export interface DaySlot {
  slotId: string;
  startsAt: string;
  capacity: number;
  booked: number;
}

export interface AgencyHours {
  opensAt: string;
  closesAt: string;
  slotMinutes: number;
  seatsPerSlot: number;
}

/** A refusal of the administrator's change, with a stable code. */
export class AgencyAdminError extends Error {
  constructor(
    readonly code: 'AGENCY.NOT_FOUND' | 'AGENCY.HOLIDAY_HAS_APPOINTMENTS' | 'AGENCY.HOLIDAY_EXISTS',
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'AgencyAdminError';
  }
}

const AGENCY_COLUMNS = `id, province, name, address, to_char(opens_at, 'HH24:MI') AS "opensAt", to_char(closes_at, 'HH24:MI') AS "closesAt",
  slot_minutes AS "slotMinutes", seats_per_slot AS "seatsPerSlot"`;

function dayBounds(day: LocalDate): [string, string] {
  const from = guayaquilInstant(day, 0, 0);
  return [new Date(from).toISOString(), new Date(from + 24 * 3_600_000).toISOString()];
}

/**
 * The administrator's side of the agenda: agencies, office hours and seats
 * per slot, local holidays per agency (a holiday removes that day's free slots), the day's slots.
 */
export class AgencyAdminRepository extends SqlRepository {
  async agencies(): Promise<AgencyRow[]> {
    return (await this.db.query(`SELECT ${AGENCY_COLUMNS} FROM agencies WHERE active ORDER BY province, name`)) as AgencyRow[];
  }

  /** New office hours and seats apply to slots created from now on (the existing ones keep their seats). */
  async setHours(agencyId: string, h: AgencyHours): Promise<AgencyRow> {
    const [rows] = (await this.db.query(
      `UPDATE agencies SET opens_at = $2, closes_at = $3, slot_minutes = $4, seats_per_slot = $5 WHERE id = $1 AND active RETURNING ${AGENCY_COLUMNS}`,
      [agencyId, h.opensAt, h.closesAt, h.slotMinutes, h.seatsPerSlot],
    )) as [AgencyRow[], number];
    if (!rows[0]) throw new AgencyAdminError('AGENCY.NOT_FOUND', 'No existe una agencia activa con ese código.', 404);
    return rows[0];
  }

  async holidays(agencyId: string): Promise<AgencyHoliday[]> {
    return (await this.db.query(
      `SELECT agency_id AS "agencyId", to_char(day, 'YYYY-MM-DD') AS day, name, created_by AS "createdBy", created_at AS "createdAt"
         FROM agency_holidays WHERE agency_id = $1 ORDER BY day`,
      [agencyId],
    )) as AgencyHoliday[];
  }

  /**
   * Declares a local holiday: refused while someone holds a turno that day (reschedule them first);
   * the day's free slots are removed in the same transaction, and no new ones are created.
   */
  async addHoliday(agencyId: string, day: LocalDate, name: string, createdBy: string): Promise<{ removedSlots: number }> {
    return this.transaction(async ({ db: tx }) => {
      const agency = (await tx.query(`SELECT id FROM agencies WHERE id = $1 AND active FOR UPDATE`, [agencyId])) as unknown[];
      if (agency.length === 0) throw new AgencyAdminError('AGENCY.NOT_FOUND', 'No existe una agencia activa con ese código.', 404);
      const [from, to] = dayBounds(day);
      const [{ booked }] = (await tx.query(
        `SELECT coalesce(sum(booked), 0)::int AS booked FROM appointment_slots WHERE agency_id = $1 AND starts_at >= $2 AND starts_at < $3`,
        [agencyId, from, to],
      )) as [{ booked: number }];
      if (booked > 0) {
        throw new AgencyAdminError(
          'AGENCY.HOLIDAY_HAS_APPOINTMENTS',
          `Ese día hay ${booked} turno(s) reservado(s): reprográmelos antes de declarar el feriado.`,
          409,
        );
      }
      const inserted = (await tx.query(
        `INSERT INTO agency_holidays (agency_id, day, name, created_by) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING day`,
        [agencyId, day, name, createdBy],
      )) as unknown[];
      if (inserted.length === 0) throw new AgencyAdminError('AGENCY.HOLIDAY_EXISTS', 'Ese día ya es feriado en esta agencia.', 409);
      // Slots once booked and released stay (their appointments point at them) but are no longer offered.
      const [{ n }] = (await tx.query(
        `WITH gone AS (
           DELETE FROM appointment_slots s WHERE s.agency_id = $1 AND s.starts_at >= $2 AND s.starts_at < $3
              AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.slot_id = s.id) RETURNING 1)
         SELECT count(*)::int AS n FROM gone`,
        [agencyId, from, to],
      )) as [{ n: number }];
      return { removedSlots: n };
    });
  }

  async removeHoliday(agencyId: string, day: LocalDate): Promise<boolean> {
    const [, n] = (await this.db.query(`DELETE FROM agency_holidays WHERE agency_id = $1 AND day = $2`, [agencyId, day])) as [unknown, number];
    return n > 0;
  }

  /** The day's slots as they are (none on a holiday), without creating any. */
  async daySlots(agencyId: string, day: LocalDate): Promise<DaySlot[]> {
    const [from, to] = dayBounds(day);
    const rows = (await this.db.query(
      `SELECT s.id, s.starts_at, s.capacity, s.booked FROM appointment_slots s
        WHERE s.agency_id = $1 AND s.starts_at >= $2 AND s.starts_at < $3
          AND NOT EXISTS (SELECT 1 FROM agency_holidays h WHERE h.agency_id = s.agency_id AND h.day = $4::date)
        ORDER BY s.starts_at`,
      [agencyId, from, to, day],
    )) as Array<{ id: string; starts_at: Date; capacity: number; booked: number }>;
    return rows.map((r) => ({ slotId: r.id, startsAt: r.starts_at.toISOString(), capacity: r.capacity, booked: r.booked }));
  }
}
