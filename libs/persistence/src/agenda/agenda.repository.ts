import { randomUUID } from 'node:crypto';
import { guayaquilInstant, isBusinessDay, toLocalDate, type LocalDate } from '@tramites/domain';
import { EntityManager } from 'typeorm';
import { SqlRepository, type Queryable } from '../sql/sql-repository';
import { SeatHoldRepository } from './seat-hold.repository';
import { WaitingListRepository } from './waiting-list.repository';

export interface AgencyRow {
  id: string;
  province: string;
  name: string;
  address: string;
  opensAt: string;
  closesAt: string;
  slotMinutes: number;
  seatsPerSlot: number;
}

export interface SlotAvailability {
  slotId: string;
  agencyId: string;
  startsAt: string;
  capacity: number;
  booked: number;
  available: number;
}

interface SlotRow {
  id: string;
  agency_id: string;
  starts_at: Date;
  capacity: number;
  booked: number;
}

const slotAvailability = (r: SlotRow): SlotAvailability => ({
  slotId: r.id,
  agencyId: r.agency_id,
  startsAt: r.starts_at.toISOString(),
  capacity: r.capacity,
  booked: r.booked,
  available: r.capacity - r.booked,
});

export interface BookedAppointment {
  slotId: string;
  reference: string;
  agencyId: string;
  agencyName: string;
  startsAt: string;
  /** The agency's closing time on the appointment's day (ISO instant). */
  closesAt: string;
}

/** The agenda: agencies, their slots on business days, and the seats booked in them. */
export class AgendaRepository extends SqlRepository {
  async upsertAgency(agency: AgencyRow): Promise<void> {
    await this.db.query(
      `INSERT INTO agencies (id, province, name, address, opens_at, closes_at, slot_minutes, seats_per_slot)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (id) DO UPDATE SET province = EXCLUDED.province, name = EXCLUDED.name, address = EXCLUDED.address,
         opens_at = EXCLUDED.opens_at, closes_at = EXCLUDED.closes_at, slot_minutes = EXCLUDED.slot_minutes,
         seats_per_slot = EXCLUDED.seats_per_slot`,
      [agency.id, agency.province, agency.name, agency.address, agency.opensAt, agency.closesAt, agency.slotMinutes, agency.seatsPerSlot],
    );
  }

  /** The active agencies (of a province), by province and name. */
  async agencies(province?: string): Promise<Array<Pick<AgencyRow, 'id' | 'province' | 'name' | 'address' | 'opensAt' | 'closesAt'>>> {
    return this.db.query(
      `SELECT id, province, name, address, to_char(opens_at, 'HH24:MI') AS "opensAt", to_char(closes_at, 'HH24:MI') AS "closesAt"
         FROM agencies WHERE active AND ($1::text IS NULL OR province = $1) ORDER BY province, name`,
      [province ?? null],
    );
  }

  /** How many agencies the catalogue holds (active or not). */
  async agencyCount(): Promise<number> {
    const [row] = (await this.db.query('SELECT count(*)::int AS n FROM agencies')) as Array<{ n: number }>;
    return row?.n ?? 0;
  }

  async agency(id: string): Promise<AgencyRow | undefined> {
    const rows: AgencyRow[] = await this.db.query(
      `SELECT id, province, name, address, to_char(opens_at, 'HH24:MI') AS "opensAt", to_char(closes_at, 'HH24:MI') AS "closesAt",
              slot_minutes AS "slotMinutes", seats_per_slot AS "seatsPerSlot"
         FROM agencies WHERE id = $1 AND active`,
      [id],
    );
    return rows[0];
  }

  /** Creates the day's slots from the agency's office hours (idempotent); none on weekends and holidays. */
  async ensureSlots(agencyId: string, day: LocalDate): Promise<void> {
    const agency = await this.agency(agencyId);
    if (!agency || !isBusinessDay(day) || (await this.isLocalHoliday(agencyId, day))) return;
    const [oh, om] = agency.opensAt.split(':').map(Number) as [number, number];
    const [ch, cm] = agency.closesAt.split(':').map(Number) as [number, number];
    const first = guayaquilInstant(day, oh, om);
    const closing = guayaquilInstant(day, ch, cm);
    const step = agency.slotMinutes * 60_000;
    const values: unknown[] = [];
    const rows: string[] = [];
    for (let t = first; t + step <= closing; t += step) {
      const i = values.length;
      rows.push(`($${i + 1}::uuid, $${i + 2}, $${i + 3}::timestamptz, $${i + 4}::int)`);
      values.push(randomUUID(), agencyId, new Date(t).toISOString(), agency.seatsPerSlot);
    }
    if (rows.length === 0) return;
    await this.db.query(
      `INSERT INTO appointment_slots (id, agency_id, starts_at, capacity) VALUES ${rows.join(', ')}
       ON CONFLICT (agency_id, starts_at) DO NOTHING`,
      values,
    );
  }

  /** A local holiday of this agency (ADR 0021): no slots that day. */
  private async isLocalHoliday(agencyId: string, day: LocalDate): Promise<boolean> {
    const rows = (await this.db.query(`SELECT 1 FROM agency_holidays WHERE agency_id = $1 AND day = $2::date`, [agencyId, day])) as unknown[];
    return rows.length > 0;
  }

  async availability(agencyId: string, day: LocalDate, now: Date = new Date()): Promise<SlotAvailability[]> {
    await this.ensureSlots(agencyId, day);
    const from = new Date(guayaquilInstant(day, 0, 0)).toISOString();
    const to = new Date(guayaquilInstant(day, 0, 0) + 24 * 3_600_000).toISOString();
    const rows: SlotRow[] = await this.db.query(
      `SELECT id, agency_id, starts_at, capacity, booked FROM appointment_slots
        WHERE agency_id = $1 AND starts_at >= $2 AND starts_at < $3 AND starts_at > $4
          AND NOT EXISTS (SELECT 1 FROM agency_holidays h WHERE h.agency_id = $1 AND h.day = $5::date)
        ORDER BY starts_at`,
      [agencyId, from, to, now.toISOString(), day],
    );
    return rows.map(slotAvailability);
  }

  /**
   * The next slots with a free seat at the agency of `slotId`, from its start on (the same day first,
   * then the next days), earliest first: what a booking refused for a full slot offers instead. Reads
   * the agency's slots in start order by its unique (agency_id, starts_at) index.
   */
  async nextFreeSlots(slotId: string, limit: number, now: Date = new Date()): Promise<SlotAvailability[]> {
    const rows: SlotRow[] = await this.db.query(
      `SELECT s.id, s.agency_id, s.starts_at, s.capacity, s.booked
         FROM appointment_slots asked
         JOIN appointment_slots s ON s.agency_id = asked.agency_id AND s.starts_at >= asked.starts_at AND s.id <> asked.id
        WHERE asked.id = $1 AND s.starts_at > $2 AND s.booked < s.capacity
          AND NOT EXISTS (SELECT 1 FROM agency_holidays h WHERE h.agency_id = s.agency_id AND h.day = (s.starts_at AT TIME ZONE 'America/Guayaquil')::date)
        ORDER BY s.starts_at
        LIMIT $3`,
      [slotId, now.toISOString(), limit],
    );
    return rows.map(slotAvailability);
  }

  /**
   * Takes one seat of a slot for a case. The seat count is changed by a single guarded
   * UPDATE (booked < capacity), so concurrent bookings can never overbook a slot; the
   * same case booking again gets its existing appointment.
   */
  async reserve(caseId: string, slotId: string, bookedFor: string, reference: string): Promise<BookedAppointment> {
    return this.givingBackHoldOfPastSlot(caseId, slotId, () =>
      this.transaction(async ({ db: tx }) => {
        const existing = await this.appointmentOf(tx, caseId);
        if (existing && existing.status === 'booked') {
          if (existing.slotId === slotId) return existing.appointment;
          throw new AgendaError('APPOINTMENT.ALREADY_BOOKED', 'El trámite ya tiene un turno');
        }
        await this.takeSeat(tx, caseId, slotId);
        await tx.query(
          `INSERT INTO appointments (case_id, slot_id, reference, booked_for, status) VALUES ($1, $2, $3, $4, 'booked')
           ON CONFLICT (case_id) DO UPDATE SET slot_id = EXCLUDED.slot_id, status = 'booked', updated_at = now()`,
          [caseId, slotId, reference, bookedFor],
        );
        return this.bookedAppointment(tx, caseId);
      }),
    );
  }

  /** Moves a case's appointment to another slot: the new seat is taken and the old one freed in one transaction. */
  async move(caseId: string, slotId: string): Promise<BookedAppointment> {
    return this.givingBackHoldOfPastSlot(caseId, slotId, () =>
      this.transaction(async ({ db: tx }) => {
        const existing = await this.appointmentOf(tx, caseId);
        if (!existing || existing.status !== 'booked') throw new AgendaError('APPOINTMENT.NOT_FOUND', 'El trámite no tiene turno');
        if (existing.slotId === slotId) return existing.appointment;
        await this.takeSeat(tx, caseId, slotId);
        await tx.query(`UPDATE appointment_slots SET booked = booked - 1 WHERE id = $1`, [existing.slotId]);
        await tx.query(`UPDATE appointments SET slot_id = $2, updated_at = now() WHERE case_id = $1`, [caseId, slotId]);
        return this.bookedAppointment(tx, caseId);
      }),
    );
  }

  /** The slot of the case's booked appointment, if it has one. */
  async bookedSlotOf(caseId: string): Promise<string | undefined> {
    const existing = await this.appointmentOf(this.db, caseId);
    return existing?.status === 'booked' ? existing.slotId : undefined;
  }

  /** Frees the case's seat (cancel, no-show); a second call does nothing. The slot whose seat was freed, if any. */
  async release(caseId: string): Promise<string | undefined> {
    return this.transaction(async ({ db: tx }) => {
      // TypeORM answers an UPDATE ... RETURNING with [rows, affected count].
      const [rows] = (await tx.query(
        `UPDATE appointments SET status = 'released', updated_at = now() WHERE case_id = $1 AND status = 'booked' RETURNING slot_id`,
        [caseId],
      )) as [Array<{ slot_id: string }>, number];
      if (rows[0]) await tx.query(`UPDATE appointment_slots SET booked = booked - 1 WHERE id = $1`, [rows[0].slot_id]);
      return rows[0]?.slot_id;
    });
  }

  /**
   * A booking refused because its slot has started gives back the seat the API held there for the case
   * (ADR 0035, decision 10), after the booking's rollback: the hold is released in a transaction of its own
   * when this repository runs on the pool. Inside a caller's transaction the caller gives it back after its
   * rollback (WaitingListOffers.moveAndOffer); the API's refusal releases it too, and else it expires.
   */
  private async givingBackHoldOfPastSlot<T>(caseId: string, slotId: string, booking: () => Promise<T>): Promise<T> {
    try {
      return await booking();
    } catch (err) {
      if (isSlotPast(err) && !(this.db instanceof EntityManager && this.db.queryRunner?.isTransactionActive))
        await new SeatHoldRepository(this.db).release(caseId, slotId);
      throw err;
    }
  }

  /**
   * The booking's seat in `slotId`. A slot that does not exist or has started is refused first, a held seat
   * too: a slow workflow never books a slot that has started. A seat held for the case (the waiting list's
   * offer, ADR 0029, or the API's hold before the workflow, ADR 0035) is already counted: the booking
   * consumes it; else it takes one.
   */
  private async takeSeat(tx: Queryable, caseId: string, slotId: string): Promise<void> {
    const slot: Array<{ starts_at: Date }> = await tx.query(`SELECT starts_at FROM appointment_slots WHERE id = $1`, [slotId]);
    if (!slot[0]) throw new AgendaError('APPOINTMENT.SLOT_NOT_FOUND', 'El horario elegido no existe');
    if (slot[0].starts_at.getTime() <= Date.now()) throw new AgendaError('APPOINTMENT.SLOT_PAST', 'El horario elegido ya pasó');
    if ((await new WaitingListRepository(tx).takeHold(caseId, slotId)) || (await new SeatHoldRepository(tx).take(caseId, slotId))) return;
    // One guarded UPDATE: under concurrent bookings PostgreSQL re-checks `booked < capacity` on the locked row.
    const [, taken] = (await tx.query(`UPDATE appointment_slots SET booked = booked + 1 WHERE id = $1 AND booked < capacity`, [slotId])) as [unknown, number];
    if (taken === 0) throw new AgendaError('APPOINTMENT.SLOT_FULL', 'El horario elegido ya no tiene cupos');
  }

  private async bookedAppointment(tx: Queryable, caseId: string): Promise<BookedAppointment> {
    const booked = await this.appointmentOf(tx, caseId);
    if (!booked) throw new Error(`appointment of case ${caseId} vanished inside its own transaction`);
    return booked.appointment;
  }

  private async appointmentOf(tx: Queryable, caseId: string): Promise<{ slotId: string; status: string; appointment: BookedAppointment } | undefined> {
    const rows: Array<{ slot_id: string; status: string; reference: string; agency_id: string; name: string; starts_at: Date; closes_at: string }> =
      await tx.query(
        `SELECT a.slot_id, a.status, a.reference, s.agency_id, g.name, s.starts_at, to_char(g.closes_at, 'HH24:MI') AS closes_at
           FROM appointments a JOIN appointment_slots s ON s.id = a.slot_id JOIN agencies g ON g.id = s.agency_id
          WHERE a.case_id = $1`,
        [caseId],
      );
    const r = rows[0];
    if (!r) return undefined;
    return {
      slotId: r.slot_id,
      status: r.status,
      appointment: {
        slotId: r.slot_id,
        reference: r.reference,
        agencyId: r.agency_id,
        agencyName: r.name,
        startsAt: r.starts_at.toISOString(),
        closesAt: agencyClosingOn(r.starts_at, r.closes_at),
      },
    };
  }
}

/** The agency's closing time (`HH:MI`, Guayaquil) on the local day of `startsAt`, as an ISO instant. */
export function agencyClosingOn(startsAt: Date, closesAt: string): string {
  const [h, m] = closesAt.split(':').map(Number) as [number, number];
  return new Date(guayaquilInstant(toLocalDate(startsAt.getTime()), h, m)).toISOString();
}

/** True for the agenda's refusal of a slot that has started. */
export const isSlotPast = (err: unknown): boolean => err instanceof AgendaError && err.code === 'APPOINTMENT.SLOT_PAST';

/** A refusal of the agenda, with a stable code. */
export class AgendaError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AgendaError';
  }
}
