import { SqlRepository } from '../sql/sql-repository';

/** Who read or acted on what: staff actions on cases (case_access_log) and uses of the codec server (codec_access_log). Written by the API only. */
export class AccessLogRepository extends SqlRepository {
  async recordCaseAccess(entry: { caseId: string; actorId: string; actorRole: string; action: string }): Promise<void> {
    await this.db.query('INSERT INTO case_access_log (case_id, actor_id, actor_role, action) VALUES ($1, $2, $3, $4)', [
      entry.caseId,
      entry.actorId,
      entry.actorRole,
      entry.action,
    ]);
  }

  async recordCodecAccess(entry: {
    actorId: string;
    actorRole: string;
    action: 'decode' | 'encode';
    namespace: string;
    workflowId: string | null;
    payloads: number;
    keyIds: string[];
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO codec_access_log (actor_id, actor_role, action, namespace, workflow_id, payloads, key_ids) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [entry.actorId, entry.actorRole, entry.action, entry.namespace, entry.workflowId, entry.payloads, entry.keyIds],
    );
  }
}
