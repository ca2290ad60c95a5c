import type { DataSource } from 'typeorm';

/** One email_outbox row as a test reads it. */
export interface OutboxRow {
  idempotencyKey: string;
  template: string;
  recipient: string;
  status: string;
}

/**
 * Test support for the back office (libs/testing and test/ only): the outbox rows of a case (the
 * resend of the issued document) and an officer's session whose idle or absolute life has ended,
 * without waiting for it. Here so that SQL stays in libs/persistence (ADR 0019).
 */
export class BackOfficeTestRows {
  constructor(private readonly db: DataSource) {}

  async outboxOf(caseId: string): Promise<OutboxRow[]> {
    return (await this.db.query(
      `SELECT idempotency_key AS "idempotencyKey", template, recipient, status FROM email_outbox WHERE case_id = $1 ORDER BY created_at, id`,
      [caseId],
    )) as OutboxRow[];
  }

  /** Ends the web session's idle life (`idle`) or its absolute life (`absolute`) a second ago. */
  async endSessionLife(sessionId: string, which: 'idle' | 'absolute'): Promise<void> {
    const column = which === 'idle' ? 'expires_at' : 'absolute_expires_at';
    await this.db.query(`UPDATE web_sessions SET ${column} = now() - interval '1 second' WHERE id = $1`, [sessionId]);
  }

  /** The officer typed their password at the provider `seconds` ago (the session's `authTime`): a poder decision then asks again. */
  async backdateAuthTime(sessionId: string, seconds: number): Promise<void> {
    await this.db.query(`UPDATE web_sessions SET data = jsonb_set(data, '{authTime}', to_jsonb(extract(epoch from now())::int - $2::int)) WHERE id = $1`, [
      sessionId,
      seconds,
    ]);
  }
}
