import { toLocalDate, type LocalDate } from '@tramites/domain';
import { SqlRepository } from '../sql/sql-repository';

/** Who joins the waiting list of an agency's day (a case still to book). */
export interface WaitingListJoin {
  caseId: string;
  /** The applicant's identity number: the offer's link books as them. */
  applicantId: string;
  agencyId: string;
  day: LocalDate;
  /** Vulnerable groups first (sheets 000, 001: "grupos vulnerables"), then arrival order. */
  vulnerable: boolean;
  email: string;
  mobile: string;
}

/** A freed seat held for the first of the list until `expiresAt`. */
export interface HeldOffer {
  offerId: string;
  caseId: string;
  applicantId: string;
  email: string;
  mobile: string;
  slotId: string;
  agencyId: string;
  agencyName: string;
  startsAt: string;
  expiresAt: string;
}

/** An offer as its link finds it. */
export interface OfferByToken extends Omit<HeldOffer, 'email' | 'mobile'> {
  status: 'held' | 'taken' | 'expired';
  /** Held, and its hold has not ended. */
  live: boolean;
}

interface OfferRow {
  offer_id: string;
  case_id: string;
  applicant_id: string;
  email: string;
  mobile: string;
  slot_id: string;
  agency_id: string;
  agency_name: string;
  starts_at: Date;
  expires_at: Date;
  status: OfferByToken['status'];
  live: boolean;
}

/**
 * The waiting list of an agency's day (ADR 0029): who waits, in order (vulnerable groups first, then
 * arrival), and the offers of freed seats. A seat offered is held: the slot counts it booked until the
 * offer is taken (the booking consumes the hold, AgendaRepository.reserve) or its hold ends and it passes
 * to the next. Every change locks the rows it reads (the slot `FOR UPDATE`, the entries and offers
 * `FOR UPDATE SKIP LOCKED`), so a seat is never held twice nor booked over its capacity.
 */
export class WaitingListRepository extends SqlRepository {
  /** Joins (or finds the place already taken by this case for that day); the number of people ahead. */
  async join(e: WaitingListJoin): Promise<{ entryId: string; ahead: number }> {
    return this.transaction(async (r) => {
      await r.db.query(
        `INSERT INTO waiting_list (case_id, applicant_id, agency_id, day, vulnerable, email, mobile)
         VALUES ($1, $2, $3, $4::date, $5, $6, $7)
         ON CONFLICT (case_id, agency_id, day) WHERE status IN ('waiting', 'offered') DO NOTHING`,
        [e.caseId, e.applicantId, e.agencyId, e.day, e.vulnerable, e.email, e.mobile],
      );
      const [row] = (await r.db.query(
        `SELECT w.id::text AS id,
                (SELECT count(*)::int FROM waiting_list o
                  WHERE o.agency_id = w.agency_id AND o.day = w.day AND o.status = 'waiting' AND o.id <> w.id
                    AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = o.case_id AND c.status <> 'awaiting_booking')
                    AND (o.vulnerable > w.vulnerable OR (o.vulnerable = w.vulnerable AND (o.joined_at, o.id) < (w.joined_at, w.id)))) AS ahead
           FROM waiting_list w WHERE w.case_id = $1 AND w.agency_id = $2 AND w.day = $3::date AND w.status IN ('waiting', 'offered')`,
        [e.caseId, e.agencyId, e.day],
      )) as Array<{ id: string; ahead: number }>;
      if (!row) throw new Error('waiting list entry vanished inside its own transaction');
      return { entryId: row.id, ahead: row.ahead };
    });
  }

  /**
   * Holds a free seat of `slotId` for the first who waits for its agency and day (whose case still waits
   * to book), until `holdMinutes` from now. Undefined when the slot has passed, has no free seat, or nobody
   * waits. Call it inside the transaction that freed the seat, so that the seat is never free between.
   */
  async holdFreedSeat(slotId: string, holdMinutes: number, offerId: string, tokenSha256: string): Promise<HeldOffer | undefined> {
    return this.transaction(async (r) => {
      const [slot] = (await r.db.query(`SELECT s.agency_id, s.starts_at, s.capacity, s.booked FROM appointment_slots s WHERE s.id = $1 FOR UPDATE`, [
        slotId,
      ])) as Array<{ agency_id: string; starts_at: Date; capacity: number; booked: number }>;
      if (!slot || slot.starts_at.getTime() <= Date.now() || slot.booked >= slot.capacity) return undefined;
      const [entry] = (await r.db.query(
        `SELECT w.id FROM waiting_list w
          WHERE w.agency_id = $1 AND w.day = $2::date AND w.status = 'waiting'
            AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.case_id = w.case_id AND a.status = 'booked')
            -- A case that can no longer book (it lapsed, was cancelled) is passed over: the read model says so.
            AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = w.case_id AND c.status <> 'awaiting_booking')
            -- One live hold per case: a case on several days' lists that holds a seat already is passed over.
            AND NOT EXISTS (SELECT 1 FROM waiting_list h WHERE h.case_id = w.case_id AND h.status = 'offered')
          ORDER BY w.vulnerable DESC, w.joined_at, w.id
          LIMIT 1
          FOR UPDATE SKIP LOCKED`,
        [slot.agency_id, toLocalDate(slot.starts_at.getTime())],
      )) as Array<{ id: string }>;
      if (!entry) return undefined;
      const [, held] = (await r.db.query(`UPDATE appointment_slots SET booked = booked + 1 WHERE id = $1 AND booked < capacity`, [slotId])) as [
        unknown,
        number,
      ];
      if (held === 0) return undefined;
      await r.db.query(
        `INSERT INTO waiting_list_offers (id, entry_id, slot_id, token_sha256, expires_at) VALUES ($1, $2, $3, $4, now() + $5 * interval '1 minute')`,
        [offerId, entry.id, slotId, tokenSha256, holdMinutes],
      );
      await r.db.query(`UPDATE waiting_list SET status = 'offered' WHERE id = $1`, [entry.id]);
      return r.offerWhere('o.id = $1', [offerId]) as Promise<HeldOffer>;
    });
  }

  /**
   * Ends the holds that were not taken in time: the offer expires, its entry leaves the list
   * ('passed') and the seat is free again. The slots of the ended holds, to offer to the next.
   */
  async endExpiredHolds(limit = 50): Promise<string[]> {
    return this.transaction(async (r) => {
      const rows = (await r.db.query(
        `SELECT o.id, o.entry_id, o.slot_id FROM waiting_list_offers o
          WHERE o.status = 'held' AND o.expires_at <= now()
          ORDER BY o.expires_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      )) as Array<{ id: string; entry_id: string; slot_id: string }>;
      for (const o of rows) {
        await r.db.query(`UPDATE waiting_list_offers SET status = 'expired', closed_at = now() WHERE id = $1`, [o.id]);
        await r.db.query(`UPDATE waiting_list SET status = 'passed', closed_at = now() WHERE id = $1`, [o.entry_id]);
        await r.db.query(`UPDATE appointment_slots SET booked = booked - 1 WHERE id = $1`, [o.slot_id]);
      }
      return rows.map((o) => o.slot_id);
    });
  }

  /**
   * Consumes this case's live hold on `slotId`, if it has one (inside the booking's transaction): true
   * when the seat was already held for it, so the booking takes no other seat. Its holds of other seats end.
   */
  async takeHold(caseId: string, slotId: string): Promise<boolean> {
    // The case books this seat: any hold it has on another seat ends now, and the sweep (passOnExpiredHolds)
    // frees that seat and offers it to the next who waits, as for a hold not taken in time.
    await this.db.query(
      `UPDATE waiting_list_offers o SET expires_at = now()
         FROM waiting_list w
        WHERE o.entry_id = w.id AND w.case_id = $1 AND o.slot_id <> $2 AND o.status = 'held' AND o.expires_at > now()`,
      [caseId, slotId],
    );
    const [rows] = (await this.db.query(
      `UPDATE waiting_list_offers o SET status = 'taken', closed_at = now()
         FROM waiting_list w
        WHERE o.entry_id = w.id AND w.case_id = $1 AND o.slot_id = $2 AND o.status = 'held' AND o.expires_at > now()
        RETURNING o.entry_id`,
      [caseId, slotId],
    )) as [Array<{ entry_id: string }>, number];
    if (!rows[0]) return false;
    await this.db.query(`UPDATE waiting_list SET status = 'booked', closed_at = now() WHERE id = $1`, [rows[0].entry_id]);
    return true;
  }

  /** The offer its link's token names (by the token's SHA-256), live or not. */
  async offerByToken(tokenSha256: string): Promise<OfferByToken | undefined> {
    const o = await this.offerWhere('o.token_sha256 = $1', [tokenSha256]);
    if (!o) return undefined;
    const { email: _email, mobile: _mobile, ...rest } = o;
    return rest;
  }

  /** The case's places on waiting lists, newest first (the booking pages). */
  async entriesOf(caseId: string): Promise<Array<{ agencyId: string; day: string; status: string; vulnerable: boolean }>> {
    return this.db.query(
      `SELECT agency_id AS "agencyId", to_char(day, 'YYYY-MM-DD') AS day, status, vulnerable FROM waiting_list WHERE case_id = $1 ORDER BY joined_at DESC, id DESC`,
      [caseId],
    );
  }

  private async offerWhere(where: string, params: unknown[]): Promise<(HeldOffer & Pick<OfferByToken, 'status' | 'live'>) | undefined> {
    const [r] = (await this.db.query(
      `SELECT o.id::text AS offer_id, w.case_id::text AS case_id, w.applicant_id, w.email, w.mobile, o.slot_id::text AS slot_id,
              s.agency_id, g.name AS agency_name, s.starts_at, o.expires_at, o.status, (o.status = 'held' AND o.expires_at > now()) AS live
         FROM waiting_list_offers o JOIN waiting_list w ON w.id = o.entry_id
         JOIN appointment_slots s ON s.id = o.slot_id JOIN agencies g ON g.id = s.agency_id
        WHERE ${where}`,
      params,
    )) as OfferRow[];
    if (!r) return undefined;
    return {
      offerId: r.offer_id,
      caseId: r.case_id,
      applicantId: r.applicant_id,
      email: r.email,
      mobile: r.mobile,
      slotId: r.slot_id,
      agencyId: r.agency_id,
      agencyName: r.agency_name,
      startsAt: r.starts_at.toISOString(),
      expiresAt: r.expires_at.toISOString(),
      status: r.status,
      live: r.live,
    };
  }
}
