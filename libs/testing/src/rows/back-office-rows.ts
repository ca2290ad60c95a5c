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
 * without waiting for it. Their SQL is the one exception to "SQL only in libs/persistence" (ADR 0025).
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

  /** A web session's sealed data (`v1.…`, as the web sealed it), or undefined when there is no such row. */
  async sealedSession(sessionId: string): Promise<{ kind: string; sealed: string } | undefined> {
    const rows = (await this.db.query(`SELECT kind, sealed FROM web_sessions WHERE id = $1`, [sessionId])) as Array<{ kind: string; sealed: string }>;
    return rows[0];
  }

  /** Replaces a web session's sealed data (a test that re-sealed it with a changed field, e.g. an older `authTime`). */
  async replaceSealedSession(sessionId: string, sealed: string): Promise<void> {
    await this.db.query(`UPDATE web_sessions SET sealed = $2 WHERE id = $1`, [sessionId, sealed]);
  }

  /** How many web sessions of a kind are stored (expired or not). */
  async countSessions(kind: 'public' | 'officer'): Promise<number> {
    const [row] = (await this.db.query(`SELECT count(*)::int AS n FROM web_sessions WHERE kind = $1`, [kind])) as Array<{ n: number }>;
    return row?.n ?? 0;
  }

  /**
   * Makes every officer_access_log row of the web pages fail to be written (a trigger raises),
   * while the embedded provider's own rows (`/interaccion…`) still are: a test of the pages'
   * fail-closed access log. {@link repairWebAccessLog} undoes it.
   */
  async breakWebAccessLog(): Promise<void> {
    await this.db.query(`
      CREATE OR REPLACE FUNCTION test_refuse_web_access_rows() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.path IS NULL OR NEW.path NOT LIKE '/interaccion%' THEN RAISE EXCEPTION 'officer access log unavailable (test)'; END IF;
        RETURN NEW;
      END $$`);
    await this.db.query(
      `CREATE TRIGGER test_refuse_web_access_rows BEFORE INSERT ON officer_access_log FOR EACH ROW EXECUTE FUNCTION test_refuse_web_access_rows()`,
    );
  }

  /** The officers' access-log rows of one event and path, oldest first (who read whose credential). */
  async officerAccessRows(event: string, path: string): Promise<Array<{ officerId: string; role: string; agencyId: string | null }>> {
    return (await this.db.query(
      `SELECT officer_id AS "officerId", role, agency_id AS "agencyId" FROM officer_access_log WHERE event = $1 AND path = $2 ORDER BY id`,
      [event, path],
    )) as Array<{ officerId: string; role: string; agencyId: string | null }>;
  }

  async repairWebAccessLog(): Promise<void> {
    await this.db.query(`DROP TRIGGER IF EXISTS test_refuse_web_access_rows ON officer_access_log`);
  }
}
