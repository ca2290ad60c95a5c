import { SqlRepository } from '../sql/sql-repository';
import type { CaseSearchTerm } from './case-search-terms.repository';

/** The requests that started cases (case_start_requests), by request key: written by the API only, so a retried start finds its case. */
export class CaseStartRequestsRepository extends SqlRepository {
  async isKnown(requestKey: string): Promise<boolean> {
    return ((await this.db.query('SELECT 1 FROM case_start_requests WHERE request_key = $1', [requestKey])) as unknown[]).length > 0;
  }

  /**
   * Records the request once, with the terms the desk will find its case by (the worker copies them
   * into case_search_terms when it records the case's first event). undefined when this call
   * recorded it; else the request recorded before under the same key (its case and body hash).
   */
  async record(
    requestKey: string,
    caseId: string,
    bodyHash: string,
    searchTerms: CaseSearchTerm[] = [],
  ): Promise<{ caseId: string; bodyHash: string } | undefined> {
    const inserted: unknown[] = await this.db.query(
      `INSERT INTO case_start_requests (request_key, case_id, body_hash, search_terms) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (request_key) DO NOTHING RETURNING case_id`,
      [requestKey, caseId, bodyHash, JSON.stringify(searchTerms)],
    );
    if (inserted.length > 0) return undefined;
    const [previous] = (await this.db.query('SELECT case_id, body_hash FROM case_start_requests WHERE request_key = $1', [requestKey])) as Array<{
      case_id: string;
      body_hash: string;
    }>;
    return previous ? { caseId: previous.case_id, bodyHash: previous.body_hash } : undefined;
  }
}
