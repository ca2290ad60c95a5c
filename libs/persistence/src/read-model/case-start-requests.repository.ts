import { SqlRepository } from '../sql/sql-repository';

/** The requests that started cases (case_start_requests), by request key: written by the API only, so a retried start finds its case. */
export class CaseStartRequestsRepository extends SqlRepository {
  async isKnown(requestKey: string): Promise<boolean> {
    return ((await this.db.query('SELECT 1 FROM case_start_requests WHERE request_key = $1', [requestKey])) as unknown[]).length > 0;
  }

  /**
   * Records the request once. undefined when this call recorded it; else the request
   * recorded before under the same key (its case and body hash).
   */
  async record(requestKey: string, caseId: string, bodyHash: string): Promise<{ caseId: string; bodyHash: string } | undefined> {
    const inserted: unknown[] = await this.db.query(
      `INSERT INTO case_start_requests (request_key, case_id, body_hash) VALUES ($1, $2, $3)
       ON CONFLICT (request_key) DO NOTHING RETURNING case_id`,
      [requestKey, caseId, bodyHash],
    );
    if (inserted.length > 0) return undefined;
    const [previous] = (await this.db.query('SELECT case_id, body_hash FROM case_start_requests WHERE request_key = $1', [requestKey])) as Array<{
      case_id: string;
      body_hash: string;
    }>;
    return previous ? { caseId: previous.case_id, bodyHash: previous.body_hash } : undefined;
  }
}
