import { SqlRepository } from '../sql/sql-repository';

/** Open cases by procedure, agency and status (the read model). */
export interface CaseCountRow {
  procedure: string;
  agency: string;
  status: string;
  cases: number;
}

/** Case events appended after a given id, by type, procedure and agency (the append-only event log). */
export interface EventCountRow {
  type: string;
  procedure: string;
  agency: string;
  events: number;
}

/** The legal unit's waiting poder reviews of one province. */
export interface PoderBacklogRow {
  province: string;
  waiting: number;
  oldestSeconds: number;
  dueWithinDay: number;
  overdue: number;
}

/** An outbox (email or SMS): what waits, for how long, what failed for good. */
export interface OutboxFigures {
  channel: 'email' | 'sms';
  pending: number;
  oldestPendingSeconds: number;
  retrying: number;
  failed: number;
}

/** The event log's checkpoints (ADR 0010). */
export interface CheckpointFigures {
  signed: number;
  secondsSinceLast: number | null;
}

/**
 * The figures operators and supervisors read at Prometheus' scrape (ADR 0032): counts over the read model,
 * the outboxes and the event log, grouped by procedure, agency or province only (never by a case or a person).
 */
export class OperationsFiguresRepository extends SqlRepository {
  async casesByStatus(): Promise<CaseCountRow[]> {
    const rows = await this.query<{ procedure: string; agency: string | null; status: string; cases: string }>(
      `SELECT procedure_type AS procedure, agency_id AS agency, status, count(*) AS cases
         FROM cases GROUP BY procedure_type, agency_id, status`,
    );
    return rows.map((r) => ({ procedure: r.procedure, agency: r.agency ?? 'none', status: r.status, cases: Number(r.cases) }));
  }

  /** Open cases whose deadline has passed, by procedure and agency. */
  async deadlinesBreached(finalStatuses: readonly string[]): Promise<Omit<CaseCountRow, 'status'>[]> {
    const rows = await this.query<{ procedure: string; agency: string | null; cases: string }>(
      `SELECT procedure_type AS procedure, agency_id AS agency, count(*) AS cases
         FROM cases WHERE deadline_at < now() AND NOT (status = ANY($1))
        GROUP BY procedure_type, agency_id`,
      [finalStatuses],
    );
    return rows.map((r) => ({ procedure: r.procedure, agency: r.agency ?? 'none', cases: Number(r.cases) }));
  }

  /**
   * Events appended after `afterId` (the log's bigserial), with the highest id read: the caller keeps a running
   * total, so a scrape reads only what is new.
   */
  async eventsAfter(afterId: string): Promise<{ rows: EventCountRow[]; lastId: string }> {
    const rows = await this.query<{ type: string; procedure: string | null; agency: string | null; events: string; last_id: string }>(
      `SELECT e.type, c.procedure_type AS procedure, c.agency_id AS agency, count(*) AS events, max(e.id)::text AS last_id
         FROM case_events e LEFT JOIN cases c ON c.id = e.case_id
        WHERE e.id > $1::bigint
        GROUP BY e.type, c.procedure_type, c.agency_id`,
      [afterId],
    );
    const lastId = rows.reduce((max, r) => (BigInt(r.last_id) > BigInt(max) ? r.last_id : max), afterId);
    return { rows: rows.map((r) => ({ type: r.type, procedure: r.procedure ?? 'none', agency: r.agency ?? 'none', events: Number(r.events) })), lastId };
  }

  async poderBacklog(): Promise<PoderBacklogRow[]> {
    const rows = await this.query<{ province: string; waiting: string; oldest: string | null; due_within_day: string; overdue: string }>(
      `SELECT province, count(*) AS waiting,
              extract(epoch FROM now() - min(requested_at)) AS oldest,
              count(*) FILTER (WHERE due_at >= now() AND due_at < now() + interval '1 day') AS due_within_day,
              count(*) FILTER (WHERE due_at < now()) AS overdue
         FROM poder_reviews WHERE status = 'pending' GROUP BY province`,
    );
    return rows.map((r) => ({
      province: r.province,
      waiting: Number(r.waiting),
      oldestSeconds: Number(r.oldest ?? 0),
      dueWithinDay: Number(r.due_within_day),
      overdue: Number(r.overdue),
    }));
  }

  async outboxes(): Promise<OutboxFigures[]> {
    const [figures] = await this.query<Record<string, string | null>>(
      `SELECT
         (SELECT count(*) FROM email_outbox WHERE status = 'pending') AS email_pending,
         (SELECT extract(epoch FROM now() - min(created_at)) FROM email_outbox WHERE status = 'pending') AS email_oldest,
         (SELECT count(*) FROM email_outbox WHERE status = 'pending' AND attempts > 0) AS email_retrying,
         (SELECT count(*) FROM email_outbox WHERE status = 'failed') AS email_failed,
         (SELECT count(*) FROM sms_outbox WHERE status = 'pending') AS sms_pending,
         (SELECT extract(epoch FROM now() - min(created_at)) FROM sms_outbox WHERE status = 'pending') AS sms_oldest,
         (SELECT count(*) FROM sms_outbox WHERE status = 'pending' AND attempts > 0) AS sms_retrying,
         (SELECT count(*) FROM sms_outbox WHERE status = 'failed') AS sms_failed`,
    );
    const n = (key: string): number => Number(figures?.[key] ?? 0);
    return (['email', 'sms'] as const).map((channel) => ({
      channel,
      pending: n(`${channel}_pending`),
      oldestPendingSeconds: n(`${channel}_oldest`),
      retrying: n(`${channel}_retrying`),
      failed: n(`${channel}_failed`),
    }));
  }

  /** The pool's own counts (pg's Pool: connections, idle ones, queries waiting), for db_client_connections. */
  poolFigures(): { totalCount: number; idleCount: number; waitingCount: number } | undefined {
    return (this.dataSource().driver as unknown as { master?: { totalCount: number; idleCount: number; waitingCount: number } }).master;
  }

  async checkpoints(): Promise<CheckpointFigures> {
    const [row] = await this.query<{ signed: string; since_last: string | null }>(
      `SELECT count(*) AS signed, extract(epoch FROM now() - max(taken_at)) AS since_last FROM event_log_checkpoints`,
    );
    return { signed: Number(row?.signed ?? 0), secondsSinceLast: row?.since_last == null ? null : Number(row.since_last) };
  }
}
