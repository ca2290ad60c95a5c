import { SqlRepository, type Queryable } from '../sql/sql-repository';

/** The channel the SMS dispatcher LISTENs on; a NOTIFY wakes it when a message is queued. */
export const SMS_OUTBOX_CHANNEL = 'sms_outbox';

const MAX_ERROR_LENGTH = 500;

/** A text message to queue once per idempotency key. */
export interface SmsOutboxEntry {
  idempotencyKey: string;
  caseId: string;
  /** The mobile number in E.164 (+5939XXXXXXXX); never logged. */
  recipient: string;
  template: string;
  /** The text sealed with the server secret (libs/mail sealSmsBody). */
  bodySealed: Buffer;
}

export interface QueuedSms {
  status: 'pending' | 'sent' | 'failed';
  /** False when the key already belongs to another message (another recipient or template). */
  matches: boolean;
}

export interface DueSms {
  id: string;
  idempotencyKey: string;
  caseId: string;
  recipient: string;
  template: string;
  attempts: number;
  bodySealed: Buffer | null;
}

/** What the dispatcher records on the row it holds, inside the claiming transaction. */
export interface ClaimedSms {
  sent(gatewayId: string): Promise<void>;
  failed(lastError: string): Promise<void>;
  deferred(lastError: string, delayMs: number): Promise<void>;
}

/** A message as operations and tests read it (no body). */
export interface SmsOutboxRow {
  idempotencyKey: string;
  template: string;
  status: string;
  attempts: number;
  gatewayId: string | null;
  bodyErased: boolean;
}

/**
 * The SMS outbox (ADR 0029, the email outbox's shape of ADR 0008): the worker's SMS activity and
 * the waiting list queue; the dispatcher (apps/mailer) claims with `FOR UPDATE SKIP LOCKED`, sends
 * and commits `sent` in that same transaction.
 */
export class SmsOutboxRepository extends SqlRepository {
  /**
   * Queues a message once per key (a retry finds the row); a pending row wakes the dispatcher at commit.
   * Inside a caller's transaction (the waiting list's offer), in that one.
   */
  queue(entry: SmsOutboxEntry): Promise<QueuedSms> {
    return this.transaction(({ db: tx }) => queueSms(tx, entry));
  }

  /** Sends the oldest due row through `work` inside the claiming transaction; false when none is due. */
  claimNextDue(work: (sms: DueSms, claim: ClaimedSms) => Promise<void>): Promise<boolean> {
    return this.transaction(async ({ db: tx }) => {
      const rows: Array<{
        id: string;
        idempotency_key: string;
        case_id: string;
        recipient: string;
        template: string;
        attempts: number;
        body_sealed: Buffer | null;
      }> = await tx.query(
        `SELECT id, idempotency_key, case_id::text, recipient, template, attempts, body_sealed
           FROM sms_outbox
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
          attempts: row.attempts,
          bodySealed: row.body_sealed,
        },
        claimedSms(tx, row.id),
      );
      return true;
    });
  }

  /** The case's messages, oldest first (operations, tests). */
  async ofCase(caseId: string): Promise<SmsOutboxRow[]> {
    return this.db.query(
      `SELECT idempotency_key AS "idempotencyKey", template, status, attempts, gateway_id AS "gatewayId", body_sealed IS NULL AS "bodyErased"
         FROM sms_outbox WHERE case_id = $1 ORDER BY created_at, id`,
      [caseId],
    );
  }
}

async function queueSms(tx: Queryable, entry: SmsOutboxEntry): Promise<QueuedSms> {
  await tx.query(
    `INSERT INTO sms_outbox (idempotency_key, case_id, recipient, template, body_sealed)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (idempotency_key) DO NOTHING`,
    [entry.idempotencyKey, entry.caseId, entry.recipient, entry.template, entry.bodySealed],
  );
  const rows: Array<{ status: QueuedSms['status']; recipient: string; template: string }> = await tx.query(
    `SELECT status, recipient, template FROM sms_outbox WHERE idempotency_key = $1`,
    [entry.idempotencyKey],
  );
  const found = rows[0];
  if (!found) throw new Error(`sms_outbox row ${entry.idempotencyKey} vanished`);
  const matches = found.recipient === entry.recipient && found.template === entry.template;
  if (matches && found.status === 'pending') await tx.query('SELECT pg_notify($1, $2)', [SMS_OUTBOX_CHANNEL, entry.idempotencyKey]);
  return { status: found.status, matches };
}

function claimedSms(tx: Queryable, id: string): ClaimedSms {
  return {
    async sent(gatewayId) {
      await tx.query(
        `UPDATE sms_outbox SET status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = NULL, body_sealed = NULL, gateway_id = $2 WHERE id = $1`,
        [id, gatewayId.slice(0, 100)],
      );
    },
    async failed(lastError) {
      await tx.query(`UPDATE sms_outbox SET status = 'failed', failed_at = now(), attempts = attempts + 1, last_error = $2 WHERE id = $1`, [
        id,
        lastError.slice(0, MAX_ERROR_LENGTH),
      ]);
    },
    async deferred(lastError, delayMs) {
      await tx.query(`UPDATE sms_outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = now() + $3 * interval '1 millisecond' WHERE id = $1`, [
        id,
        lastError.slice(0, MAX_ERROR_LENGTH),
        delayMs,
      ]);
    },
  };
}
