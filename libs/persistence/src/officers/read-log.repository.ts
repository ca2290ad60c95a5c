import { SqlRepository } from '../sql/sql-repository';

export interface CaseReadRow {
  id: string;
  caseId: string;
  actorId: string;
  actorRole: string;
  action: string;
  at: string;
}

export interface CodecReadRow {
  id: string;
  actorId: string;
  actorRole: string;
  action: 'decode' | 'encode';
  namespace: string;
  workflowId: string | null;
  payloads: number;
  at: string;
}

export interface ReadLogQuery {
  actorId?: string;
  caseId?: string;
  /** Keyset: rows older than this id. */
  before?: string;
  limit: number;
}

const AT = `to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at`;

function filters(q: ReadLogQuery, columns: { actor: string; case?: string }): { where: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.actorId) where.push(`${columns.actor} = $${params.push(q.actorId)}`);
  if (q.caseId && columns.case) where.push(`${columns.case} = $${params.push(q.caseId)}::uuid`);
  if (q.before) where.push(`id < $${params.push(q.before)}`);
  params.push(q.limit);
  return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

/** Who read what: the logged reads of cases and the codec server's decodes, newest first. */
export class ReadLogRepository extends SqlRepository {
  async caseReads(q: ReadLogQuery): Promise<CaseReadRow[]> {
    const f = filters(q, { actor: 'actor_id', case: 'case_id' });
    return (await this.db.query(
      `SELECT id::text AS id, case_id AS "caseId", actor_id AS "actorId", actor_role AS "actorRole", action, ${AT}
         FROM case_access_log ${f.where} ORDER BY id DESC LIMIT $${f.params.length}`,
      f.params,
    )) as CaseReadRow[];
  }

  async codecReads(q: ReadLogQuery): Promise<CodecReadRow[]> {
    const f = filters(q, { actor: 'actor_id' });
    return (await this.db.query(
      `SELECT id::text AS id, actor_id AS "actorId", actor_role AS "actorRole", action, namespace, workflow_id AS "workflowId", payloads, ${AT}
         FROM codec_access_log ${f.where} ORDER BY id DESC LIMIT $${f.params.length}`,
      f.params,
    )) as CodecReadRow[];
  }
}
