import { SqlRepository } from '../sql/sql-repository';

/** What the auditors' search across cases filters on (every field optional). */
export interface ActionFilter {
  actorId?: string;
  role?: string;
  /** An event type, or the action of a logged access. */
  type?: string;
  /** Instants with their zone, inclusive. */
  from?: string;
  to?: string;
  /** Also the logged reads (case_access_log), not only the events. */
  includeReads?: boolean;
  page: number;
  pageSize: number;
}

export interface ActionRow {
  kind: 'event' | 'access';
  case_id: string;
  seq: number | null;
  type: string;
  actor_id: string;
  actor_role: string;
  at: Date;
  data: Record<string, unknown> | null;
}

/** The auditors' reads across the event log (case_events) and the access log (case_access_log); nothing is written here. */
export class AuditLogRepository extends SqlRepository {
  /** The status recorded by a case's last event, or null. */
  async lastLoggedStatus(caseId: string): Promise<string | null> {
    const rows: Array<{ status: string | null }> = await this.db.query(
      `SELECT data->>'status' AS status FROM case_events WHERE case_id = $1 ORDER BY seq DESC LIMIT 1`,
      [caseId],
    );
    return rows[0]?.status ?? null;
  }

  /** Actions across cases (indexed by actor and by type), newest first, one page, with the total. */
  async searchActions(q: ActionFilter): Promise<{ rows: ActionRow[]; total: number }> {
    const params: unknown[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const eventWhere: string[] = [];
    const accessWhere: string[] = [];
    const both = (eventSql: string, accessSql: string, value: unknown): void => {
      const p = param(value);
      eventWhere.push(eventSql.replace('?', p));
      accessWhere.push(accessSql.replace('?', p));
    };
    if (q.actorId) both('actor_id = ?', 'actor_id = ?', q.actorId);
    if (q.role) both('actor_role = ?', 'actor_role = ?', q.role);
    if (q.type) both('type = ?', 'action = ?', q.type);
    if (q.from) both('occurred_at >= ?::timestamptz', 'at >= ?::timestamptz', q.from);
    if (q.to) both('occurred_at <= ?::timestamptz', 'at <= ?::timestamptz', q.to);
    const where = (parts: string[]): string => (parts.length ? `WHERE ${parts.join(' AND ')}` : '');
    const events = `SELECT 'event' AS kind, case_id, seq, type, actor_id, actor_role, occurred_at AS at, data
                      FROM case_events ${where(eventWhere)}`;
    const accesses = `SELECT 'access' AS kind, case_id, NULL::integer AS seq, action AS type, actor_id, actor_role, at, NULL::jsonb AS data
                        FROM case_access_log ${where(accessWhere)}`;
    const rows: Array<ActionRow & { total: string }> = await this.db.query(
      `SELECT a.*, count(*) OVER () AS total
         FROM (${events}${q.includeReads ? ` UNION ALL ${accesses}` : ''}) a
        ORDER BY a.at DESC, a.case_id, a.seq NULLS LAST
        LIMIT ${param(q.pageSize)} OFFSET ${param((q.page - 1) * q.pageSize)}`,
      params,
    );
    return { rows, total: rows[0] ? Number(rows[0].total) : 0 };
  }
}
