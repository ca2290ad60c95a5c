import { SqlRepository } from '../sql/sql-repository';

/**
 * What a booking's hold found: a seat held for the case (`held`, new or its own already), a seat that is
 * already the case's (`own`: its booked appointment there, or the waiting list's live offer of it),
 * no seat (`full`), or a slot the workflow must judge (`unknown`: it does not exist, it has passed, or the
 * case's hold is being changed by another request of the same case at this instant).
 */
export type SeatHoldOutcome = 'held' | 'own' | 'full' | 'unknown';

/**
 * A booking's seat hold (ADR 0035, decision 10). The seat is decided here, in PostgreSQL, in the order the
 * requests reach the slot's row lock, before the case's workflow is woken: the same guarded UPDATE as a
 * booking (`booked < capacity`) counts the seat in `booked`, as the waiting list's offers do (ADR 0029).
 * The booking's activity consumes the case's hold (AgendaRepository.reserve, `take`): a held seat is
 * never lost to someone else in between, and never counted twice. A hold whose booking never comes
 * ends: the API releases it when the workflow refuses, and it expires after its seconds (the next hold
 * on the slot or the worker's sweep frees its seat).
 */
export class SeatHoldRepository extends SqlRepository {
  /** Holds a seat of `slotId` for `caseId` for `seconds`; a retry of the same case's booking finds its hold again. */
  async hold(caseId: string, slotId: string, seconds: number): Promise<SeatHoldOutcome> {
    const [own] = (await this.db.query(
      `SELECT EXISTS (SELECT 1 FROM appointments a WHERE a.case_id = $1 AND a.slot_id = $2 AND a.status = 'booked')
              OR EXISTS (SELECT 1 FROM waiting_list_offers o JOIN waiting_list w ON w.id = o.entry_id
                          WHERE w.case_id = $1 AND o.slot_id = $2 AND o.status = 'held' AND o.expires_at > now()) AS own,
              (SELECT h.slot_id::text FROM seat_holds h WHERE h.case_id = $1 AND h.status = 'held') AS held_slot`,
      [caseId, slotId],
    )) as Array<{ own: boolean; held_slot: string | null }>;
    if (own?.own) return 'own';
    if (own?.held_slot === slotId) {
      // The same booking again (a retried request): its hold, with its time renewed, and no second seat.
      const [, renewed] = (await this.db.query(
        `UPDATE seat_holds SET expires_at = now() + $3 * interval '1 second' WHERE case_id = $1 AND slot_id = $2 AND status = 'held'`,
        [caseId, slotId, seconds],
      )) as [unknown, number];
      if (renewed > 0) return 'held';
    } else if (own?.held_slot) {
      // The case asks for another slot: the seat it held is given back first (its own transaction, so that no
      // two holds ever lock two slots' rows in opposite orders).
      await this.release(caseId, own.held_slot);
    }
    return this.transaction(async (r) => {
      // Holds of this slot that ended free their seats first; SKIP LOCKED: two holds never wait on each other's.
      const [ended] = (await r.db.query(
        `UPDATE seat_holds SET status = 'expired', closed_at = now()
          WHERE case_id IN (SELECT case_id FROM seat_holds WHERE slot_id = $1 AND status = 'held' AND expires_at <= now() FOR UPDATE SKIP LOCKED)
          RETURNING case_id`,
        [slotId],
      )) as [unknown[], number];
      if (ended.length > 0) await r.db.query(`UPDATE appointment_slots SET booked = booked - $2 WHERE id = $1`, [slotId, ended.length]);
      // The seat: one guarded UPDATE; concurrent holds queue on the slot's row lock, and PostgreSQL re-checks the guard.
      const [, taken] = (await r.db.query(`UPDATE appointment_slots SET booked = booked + 1 WHERE id = $1 AND booked < capacity AND starts_at > now()`, [
        slotId,
      ])) as [unknown, number];
      if (taken === 0) {
        const [slot] = (await r.db.query(`SELECT starts_at > now() AS open FROM appointment_slots WHERE id = $1`, [slotId])) as Array<{ open: boolean }>;
        return slot?.open ? 'full' : 'unknown';
      }
      const rows = (await r.db.query(
        `INSERT INTO seat_holds (case_id, slot_id, expires_at) VALUES ($1, $2, now() + $3 * interval '1 second')
         ON CONFLICT (case_id) DO UPDATE SET slot_id = EXCLUDED.slot_id, status = 'held', held_at = now(), expires_at = EXCLUDED.expires_at, closed_at = NULL
          WHERE seat_holds.status <> 'held'
         RETURNING case_id`,
        [caseId, slotId, seconds],
      )) as unknown[];
      // Another request of the same case holds a seat at this instant: this seat goes back (rollback), the workflow decides.
      if (rows.length === 0) throw new HoldRaced();
      return 'held';
    }).catch((err: unknown) => {
      if (err instanceof HoldRaced) return 'unknown' as const;
      throw err;
    });
  }

  /** Gives back the case's seat held in `slotId` (the workflow refused the booking); false when it holds none there. */
  async release(caseId: string, slotId: string): Promise<boolean> {
    // One statement: the hold ends and its seat goes back together, with no transaction of its own (it runs after
    // every booking, where the consumed hold makes it find nothing).
    const rows = (await this.db.query(
      `WITH ended AS (
         UPDATE seat_holds SET status = 'released', closed_at = now() WHERE case_id = $1 AND slot_id = $2 AND status = 'held' RETURNING slot_id
       )
       UPDATE appointment_slots SET booked = booked - 1 WHERE id IN (SELECT slot_id FROM ended) RETURNING id`,
      [caseId, slotId],
    )) as [unknown[], number];
    return rows[0].length > 0;
  }

  /**
   * Consumes the case's hold on `slotId` inside the booking's transaction: true when its seat was held (and
   * already counted), so the booking takes no other. A hold past its time that nobody ended still counts its
   * seat, so it is consumed too; one that ended (expired, released) is not, and the booking takes a seat anew.
   * Called only once the booking checked that the slot has not started (AgendaRepository's takeSeat refuses
   * SLOT_PAST before any hold is consumed, and gives this hold's seat back after the rollback).
   */
  async take(caseId: string, slotId: string): Promise<boolean> {
    const [, taken] = (await this.db.query(
      `UPDATE seat_holds SET status = 'taken', closed_at = now() WHERE case_id = $1 AND slot_id = $2 AND status = 'held'`,
      [caseId, slotId],
    )) as [unknown, number];
    return taken > 0;
  }

  /** Ends the holds past their time (the worker's sweep), freeing their seats; the slots freed, one per seat. */
  async endExpired(limit = 50): Promise<string[]> {
    const rows = (await this.db.query(
      `WITH ended AS (
         UPDATE seat_holds SET status = 'expired', closed_at = now()
          WHERE case_id IN (SELECT case_id FROM seat_holds WHERE status = 'held' AND expires_at <= now() ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING slot_id
       ), freed AS (
         UPDATE appointment_slots s SET booked = s.booked - e.seats
           FROM (SELECT slot_id, count(*)::int AS seats FROM ended GROUP BY slot_id) e
          WHERE s.id = e.slot_id
       )
       SELECT slot_id::text AS slot_id FROM ended`,
      [limit],
    )) as Array<{ slot_id: string }>;
    return rows.map((row) => row.slot_id);
  }
}

/** Another request of the same case changed its hold between the read and the insert. */
class HoldRaced extends Error {}
