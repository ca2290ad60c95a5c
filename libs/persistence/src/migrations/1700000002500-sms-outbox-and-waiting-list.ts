import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Text messages leave like emails (ADR 0008, ADR 0029): `sms_outbox` holds one row per idempotency key,
 * the body sealed (an offer's link is a bearer secret) and erased once the gateway accepted it; the
 * mobile number is kept only to send it. The waiting list (ADR 0029): `waiting_list` holds who waits
 * for a seat of an agency on a day (vulnerable groups first, then arrival order); a freed seat is
 * held for the first of them by one `waiting_list_offers` row until it is taken or its hold ends,
 * and the slot's seat stays counted as booked while the hold lasts, so nobody else can take it.
 */
export class SmsOutboxAndWaitingList1700000002500 implements MigrationInterface {
  name = 'SmsOutboxAndWaitingList1700000002500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sms_outbox (
        id bigserial PRIMARY KEY,
        idempotency_key text NOT NULL,
        case_id uuid NOT NULL,
        recipient text NOT NULL,
        template text NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        body_sealed bytea,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        gateway_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        failed_at timestamptz,
        CONSTRAINT sms_outbox_idempotency_key_uq UNIQUE (idempotency_key),
        CONSTRAINT sms_outbox_status_ck CHECK (status IN ('pending', 'sent', 'failed')),
        CONSTRAINT sms_outbox_sent_at_ck CHECK ((status = 'sent') = (sent_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX sms_outbox_due_idx ON sms_outbox (next_attempt_at, id) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX sms_outbox_case_idx ON sms_outbox (case_id, created_at)`);

    await q.query(`
      CREATE TABLE waiting_list (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL,
        applicant_id text NOT NULL,
        agency_id text NOT NULL REFERENCES agencies (id),
        day date NOT NULL,
        vulnerable boolean NOT NULL DEFAULT false,
        email text NOT NULL,
        mobile text NOT NULL,
        status text NOT NULL DEFAULT 'waiting',
        joined_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        CONSTRAINT waiting_list_status_ck CHECK (status IN ('waiting', 'offered', 'booked', 'passed', 'left'))
      )`);
    // One place per case and day while it waits or holds an offer.
    await q.query(`CREATE UNIQUE INDEX waiting_list_case_day_uq ON waiting_list (case_id, agency_id, day) WHERE status IN ('waiting', 'offered')`);
    await q.query(`CREATE INDEX waiting_list_order_idx ON waiting_list (agency_id, day, vulnerable DESC, joined_at, id) WHERE status = 'waiting'`);

    await q.query(`
      CREATE TABLE waiting_list_offers (
        id uuid PRIMARY KEY,
        entry_id bigint NOT NULL REFERENCES waiting_list (id),
        slot_id uuid NOT NULL REFERENCES appointment_slots (id),
        token_sha256 text NOT NULL UNIQUE,
        status text NOT NULL DEFAULT 'held',
        offered_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        closed_at timestamptz,
        CONSTRAINT waiting_list_offers_status_ck CHECK (status IN ('held', 'taken', 'expired'))
      )`);
    // One live offer per waiting entry.
    await q.query(`CREATE UNIQUE INDEX waiting_list_offers_entry_uq ON waiting_list_offers (entry_id) WHERE status = 'held'`);
    await q.query(`CREATE INDEX waiting_list_offers_expiry_idx ON waiting_list_offers (expires_at) WHERE status = 'held'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE waiting_list_offers`);
    await q.query(`DROP TABLE waiting_list`);
    await q.query(`DROP TABLE sms_outbox`);
  }
}
