import { SqlRepository } from '../sql/sql-repository';

/** `read_credential_status`: an officer read a person's credential and registry identity (the API writes it; path names whom). */
export type OfficerAccessEvent = 'sign_in' | 'sign_in_failed' | 'sign_out' | 'reauthenticated' | 'access_refused' | 'read_credential_status';
export const OFFICER_ACCESS_EVENTS: readonly OfficerAccessEvent[] = [
  'sign_in',
  'sign_in_failed',
  'sign_out',
  'reauthenticated',
  'access_refused',
  'read_credential_status',
];

export interface OfficerAccessEntry {
  event: OfficerAccessEvent;
  officerId?: string | null;
  role?: string | null;
  agencyId?: string | null;
  province?: string | null;
  path?: string | null;
  reason?: string | null;
  clientAddress?: string | null;
}

export interface OfficerAccessRow extends OfficerAccessEntry {
  id: string;
  at: string;
}

export interface OfficerAccessQuery {
  officerId?: string;
  event?: OfficerAccessEvent;
  from?: string;
  to?: string;
  /** Keyset: rows older than this id. */
  before?: string;
  limit: number;
}

/** The officers' sign-ins, failed sign-ins, sign-outs, refused accesses and reads of a person's credential (append-only for the apps). */
export class OfficerAccessLogRepository extends SqlRepository {
  async record(e: OfficerAccessEntry): Promise<void> {
    await this.db.query(
      `INSERT INTO officer_access_log (event, officer_id, role, agency_id, province, path, reason, client_address) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        e.event,
        e.officerId ?? null,
        e.role ?? null,
        e.agencyId ?? null,
        e.province ?? null,
        e.path?.slice(0, 300) ?? null,
        e.reason?.slice(0, 300) ?? null,
        e.clientAddress ?? null,
      ],
    );
  }

  /** Newest first, keyset-paginated by id. */
  async search(q: OfficerAccessQuery): Promise<OfficerAccessRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown): void => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.officerId) add('officer_id = ?', q.officerId);
    if (q.event) add('event = ?', q.event);
    if (q.from) add('at >= ?', q.from);
    if (q.to) add('at < ?', q.to);
    if (q.before) add('id < ?', q.before);
    params.push(q.limit);
    return (await this.db.query(
      `SELECT id::text AS id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, event, officer_id AS "officerId", role, agency_id AS "agencyId",
              province, path, reason, client_address AS "clientAddress"
         FROM officer_access_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${params.length}`,
      params,
    )) as OfficerAccessRow[];
  }
}
