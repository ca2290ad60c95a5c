import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A booking's seat hold (ADR 0035, decision 10): the API takes a seat of the asked slot for the case before
 * it sends the booking to the case's workflow. Like the waiting list's offers (ADR 0029) a held seat is
 * counted in the slot's `booked`; the booking's activity consumes it ('taken'), the API gives it back
 * when the workflow refuses ('released'), and a hold whose booking never came ends at `expires_at`
 * ('expired', its seat freed by the next hold on the slot or the worker's sweep). One row per case.
 */
export class SeatHolds1700000003500 implements MigrationInterface {
  name = 'SeatHolds1700000003500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE seat_holds (
        case_id uuid PRIMARY KEY,
        slot_id uuid NOT NULL REFERENCES appointment_slots (id) ON DELETE CASCADE,
        status text NOT NULL DEFAULT 'held',
        held_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        closed_at timestamptz,
        CONSTRAINT seat_holds_status_ck CHECK (status IN ('held', 'taken', 'released', 'expired'))
      )`);
    await q.query(`CREATE INDEX seat_holds_slot_idx ON seat_holds (slot_id, expires_at) WHERE status = 'held'`);
    await q.query(`CREATE INDEX seat_holds_expiry_idx ON seat_holds (expires_at) WHERE status = 'held'`);
  }

  async down(q: QueryRunner): Promise<void> {
    // A live hold's seat is counted in its slot's `booked`: given back before the holds go.
    await q.query(`
      UPDATE appointment_slots s SET booked = s.booked - h.held
        FROM (SELECT slot_id, count(*)::int AS held FROM seat_holds WHERE status = 'held' GROUP BY slot_id) h
       WHERE s.id = h.slot_id`);
    await q.query(`DROP TABLE seat_holds`);
  }
}
