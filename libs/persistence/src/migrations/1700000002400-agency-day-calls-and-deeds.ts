import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The agency's day (ADR 0028):
 * - documents.purpose: what an upload is for; 'poder_deed' is the deed's scan captured at the window
 *   (001), which the legal unit sees beside its decision. Uploads of the applicant keep NULL.
 * - poder_review_claims: which lawyer works a poder's review now, one per review (as case_assignments
 *   for case managers); a claimed review is decided only by its holder.
 * - turno_calls: the waiting room's calls, one row per case and day: the window it was called to,
 *   when (called_at), how many times (recalls), or when it was marked as not present (no_show_at); a
 *   turno marked absent before any call has no window and no call.
 * - agency_day_turnos: per case of an agency's day, the times the supervisor reads: arrived_at (the
 *   check-in event of the case's log), called_at (the last call), attended_at (the window's decision
 *   in the case's log), no_show_at, the vulnerable group that gives priority (001, walk-ins), with the
 *   waits in seconds.
 */
export class AgencyDayCallsAndDeeds1700000002400 implements MigrationInterface {
  name = 'AgencyDayCallsAndDeeds1700000002400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE documents ADD COLUMN purpose text CONSTRAINT documents_purpose_check CHECK (purpose IN ('poder_deed'))`);
    await q.query(`CREATE INDEX documents_case_purpose_idx ON documents (case_id, purpose, uploaded_at) WHERE purpose IS NOT NULL`);
    await q.query(`
      CREATE TABLE poder_review_claims (
        poder_id text NOT NULL,
        case_id uuid NOT NULL,
        officer_id text NOT NULL,
        province text NOT NULL,
        claimed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (poder_id, case_id)
      )`);
    await q.query(`
      CREATE TABLE turno_calls (
        case_id uuid NOT NULL,
        local_date date NOT NULL,
        agency_id text NOT NULL,
        turno text NOT NULL,
        window_number text,
        called_by text NOT NULL,
        first_called_at timestamptz,
        called_at timestamptz,
        call_count integer NOT NULL DEFAULT 0,
        no_show_at timestamptz,
        PRIMARY KEY (case_id, local_date)
      )`);
    await q.query(`CREATE INDEX turno_calls_screen_idx ON turno_calls (agency_id, local_date, called_at DESC) WHERE called_at IS NOT NULL`);
    await q.query(`
      CREATE VIEW agency_day_turnos AS
      SELECT c.id AS case_id,
             c.agency_id,
             c.status,
             (arrived.occurred_at AT TIME ZONE 'America/Guayaquil')::date AS local_date,
             arrived.occurred_at AS arrived_at,
             arrived.data #>> '{walkIn,vulnerableGroup}' AS vulnerable_group,
             t.first_called_at,
             t.called_at,
             t.window_number,
             t.call_count,
             t.no_show_at,
             attended.occurred_at AS attended_at,
             EXTRACT(EPOCH FROM (t.first_called_at - arrived.occurred_at))::integer AS wait_seconds,
             EXTRACT(EPOCH FROM (attended.occurred_at - t.first_called_at))::integer AS service_seconds
        FROM cases c
        JOIN LATERAL (
          SELECT e.occurred_at, e.seq, e.data FROM case_events e
           WHERE e.case_id = c.id AND e.type = 'CASE_CHECKED_IN' ORDER BY e.seq DESC LIMIT 1
        ) arrived ON true
        LEFT JOIN turno_calls t
          ON t.case_id = c.id AND t.local_date = (arrived.occurred_at AT TIME ZONE 'America/Guayaquil')::date
        LEFT JOIN LATERAL (
          SELECT e.occurred_at FROM case_events e
           WHERE e.case_id = c.id AND e.seq > arrived.seq AND e.type IN ('DOCUMENTS_ACCEPTED', 'DOCUMENTS_OBSERVED', 'CASE_REJECTED')
           ORDER BY e.seq LIMIT 1
        ) attended ON true`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW agency_day_turnos`);
    await q.query(`DROP TABLE turno_calls`);
    await q.query(`DROP TABLE poder_review_claims`);
    await q.query(`DROP INDEX documents_case_purpose_idx`);
    await q.query(`ALTER TABLE documents DROP COLUMN purpose`);
  }
}
