import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case managers' work queues (ADR 0022):
 * - case_assignments: who works a case now ("asignarme"), one officer per case;
 * - case_search_terms: every identity number a case names (holder's documents, filer, employer,
 *   attorney) and the words of the holder's name, normalised, in the "C" collation so that a
 *   prefix (LIKE 'GARC%') is a range of an index; with the case's agency (kept by a trigger);
 * - indexes that fit the queues' keyset scans: per agency and status by deadline, the open cases
 *   by deadline (the overdue queue is a range of it), the appointments by hour.
 */
export class DeskWorkQueues1700000001650 implements MigrationInterface {
  name = 'DeskWorkQueues1700000001650';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_assignments (
        case_id uuid PRIMARY KEY,
        officer_id text NOT NULL,
        agency_id text NOT NULL,
        assigned_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX case_assignments_officer_idx ON case_assignments (officer_id, assigned_at)`);
    // agency_id follows the case's (a trigger on cases): a search reads one agency's terms only.
    await q.query(`
      CREATE TABLE case_search_terms (
        term text COLLATE "C" NOT NULL,
        case_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('document', 'name')),
        agency_id text,
        PRIMARY KEY (term, case_id)
      )`);
    await q.query(`CREATE INDEX case_search_terms_agency_idx ON case_search_terms (agency_id, term, case_id)`);
    // A case's own terms, probed while a queue's index is walked (a common name: see ADR 0022).
    await q.query(`CREATE INDEX case_search_terms_case_idx ON case_search_terms (case_id, term)`);
    await q.query(`
      CREATE FUNCTION case_search_terms_follow_agency() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        UPDATE case_search_terms SET agency_id = NEW.agency_id WHERE case_id = NEW.id AND agency_id IS DISTINCT FROM NEW.agency_id;
        RETURN NULL;
      END
      $fn$`);
    await q.query(
      `CREATE TRIGGER cases_agency_to_search_terms AFTER INSERT ON cases FOR EACH ROW WHEN (NEW.agency_id IS NOT NULL) EXECUTE FUNCTION case_search_terms_follow_agency()`,
    );
    await q.query(`
      CREATE TRIGGER cases_agency_moves_search_terms AFTER UPDATE OF agency_id ON cases
      FOR EACH ROW WHEN (OLD.agency_id IS DISTINCT FROM NEW.agency_id) EXECUTE FUNCTION case_search_terms_follow_agency()`);
    // The cases opened before: the filer's number and the holder's name words (the holder's documents were never stored).
    await q.query(
      `INSERT INTO case_search_terms (term, case_id, kind, agency_id) SELECT upper(applicant_id), id, 'document', agency_id FROM cases ON CONFLICT DO NOTHING`,
    );
    await q.query(`
      INSERT INTO case_search_terms (term, case_id, kind, agency_id)
      SELECT DISTINCT w, id, 'name', agency_id
        FROM cases, regexp_split_to_table(upper(translate(holder_name, 'áéíóúüñÁÉÍÓÚÜÑ', 'aeiouunAEIOUUN')), '[^A-Z0-9]+') AS w
       WHERE holder_name IS NOT NULL AND length(w) >= 2
      ON CONFLICT DO NOTHING`);

    await q.query(`CREATE INDEX cases_desk_status_idx ON cases (agency_id, status, deadline_at, id)`);
    await q.query(`CREATE INDEX cases_desk_open_idx ON cases (agency_id, deadline_at, id) WHERE waiting_on <> 'nobody'`);
    await q.query(`CREATE INDEX cases_desk_appointments_idx ON cases (agency_id, appointment_at, id) WHERE appointment_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases_desk_appointments_idx`);
    await q.query(`DROP INDEX cases_desk_open_idx`);
    await q.query(`DROP INDEX cases_desk_status_idx`);
    await q.query(`DROP TRIGGER cases_agency_moves_search_terms ON cases`);
    await q.query(`DROP TRIGGER cases_agency_to_search_terms ON cases`);
    await q.query(`DROP FUNCTION case_search_terms_follow_agency()`);
    await q.query(`DROP TABLE case_search_terms`);
    await q.query(`DROP TABLE case_assignments`);
  }
}
