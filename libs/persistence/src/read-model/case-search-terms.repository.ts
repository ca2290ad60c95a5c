import { SqlRepository } from '../sql/sql-repository';

/** A search term of a case: an identity number it names or a word of the holder's name, normalised (ADR 0022). */
export interface CaseSearchTerm {
  term: string;
  kind: 'document' | 'name';
}

/**
 * Every identity number and name word a case can be found by (case_search_terms, ADR 0022). Written
 * by the worker only (ADR 0025: one writer per table): the append of a case's first event copies the
 * terms the API put on the case's start request, so they never travel through Temporal's history.
 */
export class CaseSearchTermsRepository extends SqlRepository {
  /** The agency comes from the read model (its first event's projection is written first); the trigger on cases keeps it after. */
  async copyFromStartRequest(caseId: string): Promise<void> {
    await this.db.query(
      `INSERT INTO case_search_terms (term, case_id, kind, agency_id)
       SELECT t.term, r.case_id, t.kind, (SELECT agency_id FROM cases WHERE id = r.case_id)
         FROM case_start_requests r, jsonb_to_recordset(r.search_terms) AS t (term text, kind text)
        WHERE r.case_id = $1 AND r.search_terms IS NOT NULL
       ON CONFLICT DO NOTHING`,
      [caseId],
    );
  }
}
