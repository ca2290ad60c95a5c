import type { CaseEmailAttachment } from '@tramites/contracts';
import { SqlRepository, type Queryable } from '../sql/sql-repository';

/** The channel the mail dispatcher LISTENs on; a NOTIFY wakes it when an email is queued. */
export const EMAIL_OUTBOX_CHANNEL = 'email_outbox';

/** Longest last_error kept on a row. */
const MAX_ERROR_LENGTH = 500;

/** An email to queue once per idempotency key (the email activity). */
export interface OutboxEntry {
  idempotencyKey: string;
  caseId: string;
  recipient: string;
  template: string;
  subject: string;
  messageId: string;
  /** The body sealed with the server secret (libs/mail sealEmailBody). */
  bodySealed: Buffer;
  attachments: CaseEmailAttachment[];
}

/** The row found under an idempotency key after queueing. */
export interface QueuedEmail {
  status: 'pending' | 'sent' | 'failed';
  messageId: string;
  /** False when the key already belongs to another email (another recipient or template): nothing was changed. */
  matches: boolean;
  template: string;
}

/** A row due for sending, as the dispatcher claims it. */
export interface DueEmail extends Omit<OutboxEntry, 'bodySealed'> {
  id: string;
  attempts: number;
  /** Null for a row queued by the version that sent inline, until a retry of the activity stores one. */
  bodySealed: Buffer | null;
}

/** What the dispatcher records on the row it holds, inside the claiming transaction. */
export interface ClaimedEmail {
  sent(): Promise<void>;
  /** A permanent refusal: never retried. */
  failed(lastError: string): Promise<void>;
  /** A transient failure: retried after `delayMs`. */
  deferred(lastError: string, delayMs: number): Promise<void>;
}

/** A connection of its own that LISTENs on EMAIL_OUTBOX_CHANNEL. */
export interface OutboxListener {
  release(err?: Error | boolean): void;
}

/** The part of pg's Pool the listener uses. */
interface PgPool {
  connect(): Promise<{
    query(sql: string): Promise<unknown>;
    on(event: 'notification', listener: () => void): unknown;
    on(event: 'error', listener: (err: Error) => void): unknown;
    release(err?: Error | boolean): void;
  }>;
}

interface DueRow {
  id: string;
  idempotency_key: string;
  case_id: string;
  recipient: string;
  template: string;
  subject: string;
  message_id: string;
  attempts: number;
  body_sealed: Buffer | null;
  attachments: CaseEmailAttachment[];
}

/**
 * The email outbox (table email_outbox, ADR 0008): written by the worker's email activity
 * (queue) and by the mailer (claim and record the outcome). The exception to "one writer per
 * table" is recorded in ADR 0020: the activity inserts, the mailer updates the status.
 */
export class EmailOutboxRepository extends SqlRepository {
  /**
   * Queues an email once per idempotency key, in one transaction: a retry finds the row and
   * queues nothing new. A pending row queued without a body (by the version that sent inline)
   * gets this one; a pending row wakes the dispatcher at commit (NOTIFY).
   */
  queue(entry: OutboxEntry): Promise<QueuedEmail> {
    return this.transaction(async ({ db: tx }) => {
      const attachments = JSON.stringify(entry.attachments);
      await tx.query(
        `INSERT INTO email_outbox (idempotency_key, case_id, recipient, template, subject, status, message_id, attempts, body_sealed, attachments)
         VALUES ($1, $2, $3, $4, $5, 'pending', $6, 0, $7, $8)
         ON CONFLICT (idempotency_key) DO NOTHING`,
        [entry.idempotencyKey, entry.caseId, entry.recipient, entry.template, entry.subject, entry.messageId, entry.bodySealed, attachments],
      );
      const rows: Array<{ status: QueuedEmail['status']; message_id: string; recipient: string; template: string; sealed: boolean }> = await tx.query(
        `SELECT status, message_id, recipient, template, body_sealed IS NOT NULL AS sealed FROM email_outbox WHERE idempotency_key = $1`,
        [entry.idempotencyKey],
      );
      const found = rows[0];
      if (!found) throw new Error(`email_outbox row ${entry.idempotencyKey} vanished`);
      const matches = found.recipient === entry.recipient && found.template === entry.template;
      if (matches && found.status === 'pending') {
        if (!found.sealed) {
          await tx.query(`UPDATE email_outbox SET body_sealed = $2, attachments = $3 WHERE idempotency_key = $1 AND body_sealed IS NULL`, [
            entry.idempotencyKey,
            entry.bodySealed,
            attachments,
          ]);
        }
        // Delivered at commit: wakes the dispatcher at once instead of at its next poll.
        await tx.query('SELECT pg_notify($1, $2)', [EMAIL_OUTBOX_CHANNEL, entry.idempotencyKey]);
      }
      return { status: found.status, messageId: found.message_id, matches, template: found.template };
    });
  }

  /** The address the case's last email of one of `templates` went to (the issuance email, for a resend); undefined when none. */
  async recipientOf(caseId: string, templates: readonly string[]): Promise<string | undefined> {
    const rows: Array<{ recipient: string }> = await this.db.query(
      `SELECT recipient FROM email_outbox WHERE case_id = $1 AND template = ANY($2) ORDER BY created_at DESC, id DESC LIMIT 1`,
      [caseId, templates],
    );
    return rows[0]?.recipient;
  }

  /**
   * Claims the oldest due row with `FOR UPDATE SKIP LOCKED` and hands it to `work` inside that
   * transaction, so several dispatchers share the work and a row is sent by one at a time.
   * False when no row is due.
   */
  claimNextDue(work: (email: DueEmail, claim: ClaimedEmail) => Promise<void>): Promise<boolean> {
    return this.transaction(async ({ db: tx }) => {
      const rows: DueRow[] = await tx.query(
        `SELECT id, idempotency_key, case_id::text, recipient, template, subject, message_id, attempts, body_sealed, attachments
           FROM email_outbox
          WHERE status = 'pending' AND next_attempt_at <= now()
          ORDER BY next_attempt_at, id
          LIMIT 1
          FOR UPDATE SKIP LOCKED`,
      );
      const row = rows[0];
      if (!row) return false;
      await work(
        {
          id: row.id,
          idempotencyKey: row.idempotency_key,
          caseId: row.case_id,
          recipient: row.recipient,
          template: row.template,
          subject: row.subject,
          messageId: row.message_id,
          attempts: row.attempts,
          bodySealed: row.body_sealed,
          attachments: row.attachments,
        },
        claimed(tx, row.id),
      );
      return true;
    });
  }

  /** LISTENs on EMAIL_OUTBOX_CHANNEL on a pooled connection of its own; `lost` is called when that connection fails. */
  async listen(onNotification: () => void, lost: (listener: OutboxListener, err?: Error) => void): Promise<OutboxListener> {
    const pool = (this.dataSource().driver as unknown as { master: PgPool }).master;
    const client = await pool.connect();
    client.on('notification', onNotification);
    client.on('error', (err) => lost(client, err));
    try {
      await client.query(`LISTEN ${EMAIL_OUTBOX_CHANNEL}`);
    } catch (err) {
      client.release(err as Error);
      throw err;
    }
    return client;
  }
}

function claimed(tx: Queryable, id: string): ClaimedEmail {
  return {
    async sent() {
      await tx.query(`UPDATE email_outbox SET status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = NULL, body_sealed = NULL WHERE id = $1`, [
        id,
      ]);
    },
    async failed(lastError) {
      await tx.query(`UPDATE email_outbox SET status = 'failed', failed_at = now(), attempts = attempts + 1, last_error = $2 WHERE id = $1`, [
        id,
        lastError.slice(0, MAX_ERROR_LENGTH),
      ]);
    },
    async deferred(lastError, delayMs) {
      await tx.query(
        `UPDATE email_outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = now() + $3 * interval '1 millisecond' WHERE id = $1`,
        [id, lastError.slice(0, MAX_ERROR_LENGTH), delayMs],
      );
    },
  };
}
