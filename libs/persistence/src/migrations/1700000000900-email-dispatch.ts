import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox becomes the hand-off between workflows and the mail dispatcher (ADR 0008):
 * the activity stores the rendered body, sealed with the server secret, and the
 * dispatcher (its own process) sends it, retries it at `next_attempt_at`, and erases the
 * body once the mail server has accepted it. `failed` is a permanent refusal.
 */
export class EmailDispatch1700000000900 implements MigrationInterface {
  name = 'EmailDispatch1700000000900';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE email_outbox
        ADD COLUMN body_sealed bytea,
        ADD COLUMN attachments jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN failed_at timestamptz,
        DROP CONSTRAINT email_outbox_status_ck,
        ADD CONSTRAINT email_outbox_status_ck CHECK (status IN ('pending', 'sent', 'failed')),
        ADD CONSTRAINT email_outbox_failed_at_ck CHECK ((status = 'failed') = (failed_at IS NOT NULL))`);
    await q.query(`DROP INDEX email_outbox_pending_idx`);
    // What the dispatcher claims: due rows, oldest first.
    await q.query(`CREATE INDEX email_outbox_due_idx ON email_outbox (next_attempt_at, id) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX email_outbox_due_idx`);
    await q.query(`CREATE INDEX email_outbox_pending_idx ON email_outbox (created_at) WHERE status = 'pending'`);
    await q.query(`UPDATE email_outbox SET status = 'pending' WHERE status = 'failed'`);
    await q.query(`
      ALTER TABLE email_outbox
        DROP CONSTRAINT email_outbox_failed_at_ck,
        DROP CONSTRAINT email_outbox_status_ck,
        ADD CONSTRAINT email_outbox_status_ck CHECK (status IN ('pending', 'sent')),
        DROP COLUMN failed_at,
        DROP COLUMN next_attempt_at,
        DROP COLUMN attachments,
        DROP COLUMN body_sealed`);
  }
}
