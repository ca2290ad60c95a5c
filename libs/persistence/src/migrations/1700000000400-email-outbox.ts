import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per email a case sends, keyed by the workflow's idempotency key: the
 * sendCaseEmail activity sends at most once per key. Only the subject is kept, never
 * the body (bodies may carry verification codes).
 */
export class EmailOutbox1700000000400 implements MigrationInterface {
  name = 'EmailOutbox1700000000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE email_outbox (
        id bigserial PRIMARY KEY,
        idempotency_key text NOT NULL,
        case_id uuid NOT NULL,
        recipient text NOT NULL,
        template text NOT NULL,
        subject text NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        message_id text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        CONSTRAINT email_outbox_idempotency_key_uq UNIQUE (idempotency_key),
        CONSTRAINT email_outbox_status_ck CHECK (status IN ('pending', 'sent')),
        CONSTRAINT email_outbox_sent_at_ck CHECK ((status = 'sent') = (sent_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX email_outbox_case_idx ON email_outbox (case_id, created_at)`);
    // Emails still pending (an SMTP outage, a refused recipient): a small partial index for operations.
    await q.query(`CREATE INDEX email_outbox_pending_idx ON email_outbox (created_at) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE email_outbox`);
  }
}
