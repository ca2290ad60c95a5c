import { SqlRepository } from '../sql/sql-repository';

export type WebSessionKind = 'public' | 'officer';

export interface WebSessionRow {
  id: string;
  kind: WebSessionKind;
  /** The session's data as the web sealed it (`v1.<base64url>`, AES-256-GCM): never readable here. */
  sealed: string;
  expiresAt: Date;
  absoluteExpiresAt: Date;
}

/**
 * The web pages' server-side sessions (ADR 0021): the public ones and the officers' in one
 * table, each read only under its own kind, each row sealed by the web. An expired row is never
 * answered: asked for, it is deleted; the others are purged by sweep().
 */
export class WebSessionRepository extends SqlRepository {
  async get(kind: WebSessionKind, id: string): Promise<WebSessionRow | undefined> {
    const rows = (await this.db.query(
      `WITH expired AS (
         DELETE FROM web_sessions WHERE id = $1 AND kind = $2 AND (expires_at <= now() OR absolute_expires_at <= now()) RETURNING id
       )
       SELECT id, kind, sealed, expires_at AS "expiresAt", absolute_expires_at AS "absoluteExpiresAt" FROM web_sessions
        WHERE id = $1 AND kind = $2 AND expires_at > now() AND absolute_expires_at > now()`,
      [id, kind],
    )) as WebSessionRow[];
    return rows[0];
  }

  /** Stores a session; an existing row keeps its kind and its absolute deadline. */
  async put(row: WebSessionRow): Promise<void> {
    await this.db.query(
      `INSERT INTO web_sessions (id, kind, sealed, expires_at, absolute_expires_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET sealed = EXCLUDED.sealed, expires_at = LEAST(EXCLUDED.expires_at, web_sessions.absolute_expires_at), updated_at = now()
        WHERE web_sessions.kind = EXCLUDED.kind`,
      [row.id, row.kind, row.sealed, row.expiresAt.toISOString(), row.absoluteExpiresAt.toISOString()],
    );
  }

  async delete(kind: WebSessionKind, id: string): Promise<void> {
    await this.db.query(`DELETE FROM web_sessions WHERE id = $1 AND kind = $2`, [id, kind]);
  }

  /** Removes expired sessions; answers how many. */
  async sweep(): Promise<number> {
    const [{ n }] = (await this.db.query(
      `WITH gone AS (DELETE FROM web_sessions WHERE expires_at <= now() OR absolute_expires_at <= now() RETURNING 1) SELECT count(*)::int AS n FROM gone`,
    )) as [{ n: number }];
    return n;
  }
}
