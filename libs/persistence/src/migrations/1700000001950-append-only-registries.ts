import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appendOnlyTriggers } from './append-only-triggers';

/** The registries whose rows are never changed or removed once written. */
const APPEND_ONLY = ['foreigner_codes', 'person_documents', 'poder_endorsement_history'] as const;
/** Every registry row names the case that wrote it. */
const CASE_KEYS = ['foreigner_codes', 'person_documents', 'poderes'] as const;

/**
 * Issued foreigner codes, the documents each person has shown, and the legal unit's decisions on
 * poderes are records like the event log (ADR 0010), not working state:
 * - foreigner_codes and person_documents are append-only: a trigger refuses UPDATE, DELETE and
 *   TRUNCATE for every role (ENABLE ALWAYS, as on case_events), and tramites_app keeps only
 *   SELECT and INSERT on them (the worker writes them with INSERT ... ON CONFLICT DO NOTHING);
 * - poderes (one row per endorsed poder: the registry that later cases reuse) changes only in the
 *   two ways the workflows change it: a revocation (revoked_at, one way, nothing else), and a new
 *   endorsement of a poder no longer in force, whose superseded decision is kept in
 *   poder_endorsement_history. "No longer in force" and "new" are judged by the database's clock,
 *   never by the row being written: the old row is revoked or its valid_until is before today in
 *   Guayaquil, and the new endorsed_at is later than the old one and not in the future (5 minutes
 *   of clock skew between worker and database allowed). A retry that writes the same row is no
 *   change. Anything else, DELETE and TRUNCATE included, is refused;
 * - poder_reviews (the legal unit's inbox, which lookupPoder reads a rejection from): a review is
 *   written freely while pending (reminder, escalation, the decision); once decided, its decision
 *   and everything else it says are frozen, only event_count grows (a later view of the same review)
 *   and a missing workflow_id may be filled in. DELETE and TRUNCATE are refused;
 * - each row's case_id must name a case of the read model (foreign keys); rows written before this
 *   migration that name none leave their key NOT VALID (still enforced for new rows), with a notice.
 */
export class AppendOnlyRegistries1700000001950 implements MigrationInterface {
  name = 'AppendOnlyRegistries1700000001950';

  async up(q: QueryRunner): Promise<void> {
    // A superseded endorsement: the row of poderes as it was, and when a new endorsement replaced it.
    await q.query(`
      CREATE TABLE poder_endorsement_history (
        LIKE poderes INCLUDING DEFAULTS,
        superseded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id, endorsed_at)
      )`);
    await q.query(`
      CREATE FUNCTION guard_poder_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'UPDATE' THEN
          RAISE EXCEPTION 'poderes: % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege', HINT = 'a decided poder is never removed';
        END IF;
        -- A retry of the same endorsement.
        IF NEW IS NOT DISTINCT FROM OLD THEN
          RETURN NEW;
        END IF;
        -- The parties and the deed are the poder itself: never rewritten.
        IF (NEW.id, NEW.employer_id, NEW.attorney_id, NEW.deed_number, NEW.notary)
           IS DISTINCT FROM (OLD.id, OLD.employer_id, OLD.attorney_id, OLD.deed_number, OLD.notary) THEN
          RAISE EXCEPTION 'poderes: the parties and the deed of poder % cannot change', OLD.id USING ERRCODE = 'insufficient_privilege';
        END IF;
        -- A revocation: revoked_at set once, nothing else.
        IF OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL
           AND (NEW.valid_until, NEW.endorsed_by, NEW.endorsed_at, NEW.case_id)
               IS NOT DISTINCT FROM (OLD.valid_until, OLD.endorsed_by, OLD.endorsed_at, OLD.case_id) THEN
          RETURN NEW;
        END IF;
        -- A new endorsement of a poder no longer in force, both judged by the database's clock (never
        -- by NEW, which the writer chooses): later than the one it supersedes and not in the future;
        -- the old decision is kept.
        IF NEW.endorsed_at > OLD.endorsed_at
           AND NEW.endorsed_at <= now() + interval '5 minutes'
           AND NEW.revoked_at IS NULL
           AND (OLD.revoked_at IS NOT NULL
                OR OLD.valid_until < (now() AT TIME ZONE 'America/Guayaquil')::date) THEN
          INSERT INTO poder_endorsement_history (id, employer_id, attorney_id, deed_number, notary, valid_until, endorsed_by, endorsed_at, revoked_at, case_id)
          VALUES (OLD.id, OLD.employer_id, OLD.attorney_id, OLD.deed_number, OLD.notary, OLD.valid_until, OLD.endorsed_by, OLD.endorsed_at, OLD.revoked_at, OLD.case_id);
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'poderes: the decision on poder % cannot change', OLD.id
          USING ERRCODE = 'insufficient_privilege', HINT = 'only a revocation, or a new endorsement of a poder no longer in force';
      END $$`);
    await q.query(`
      CREATE FUNCTION guard_poder_review_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'UPDATE' THEN
          RAISE EXCEPTION 'poder_reviews: % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege', HINT = 'a review of a poder is never removed';
        END IF;
        -- Pending: the review's own views (reminder, escalation, then its decision).
        IF OLD.status = 'pending' THEN
          RETURN NEW;
        END IF;
        -- Decided: a later view of the same review only counts more events (and may name its workflow).
        IF (NEW.poder_id, NEW.case_id, NEW.province, NEW.status, NEW.requested_at, NEW.due_at, NEW.reminded_at, NEW.escalated_at,
            NEW.decided_at, NEW.decided_by, NEW.reason_code, NEW.business_ms_taken, NEW.attorney_name, NEW.employer_id)
           IS NOT DISTINCT FROM
           (OLD.poder_id, OLD.case_id, OLD.province, OLD.status, OLD.requested_at, OLD.due_at, OLD.reminded_at, OLD.escalated_at,
            OLD.decided_at, OLD.decided_by, OLD.reason_code, OLD.business_ms_taken, OLD.attorney_name, OLD.employer_id)
           AND NEW.event_count >= OLD.event_count
           AND (OLD.workflow_id IS NULL OR NEW.workflow_id IS NOT DISTINCT FROM OLD.workflow_id) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'poder_reviews: the decided review of poder % cannot change', OLD.poder_id
          USING ERRCODE = 'insufficient_privilege', HINT = 'a decision of the legal unit is final';
      END $$`);
    // The audit record's trigger function (migration 1700000001000) for the append-only ones; the two guards above for the others.
    const statements = [
      ...APPEND_ONLY.flatMap((table) => appendOnlyTriggers(table)),
      ...appendOnlyTriggers('poderes', 'guard_poder_change', 'poderes_decided'),
      ...appendOnlyTriggers('poder_reviews', 'guard_poder_review_change', 'poder_reviews_decided'),
    ];
    for (const statement of statements) await q.query(statement);
    // The apps append; poderes keeps UPDATE for the revocation and the new endorsement the trigger allows, poder_reviews for a pending review's views.
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${APPEND_ONLY.join(', ')} FROM tramites_app`);
    await q.query(`REVOKE DELETE, TRUNCATE ON poderes, poder_reviews FROM tramites_app`);

    for (const table of CASE_KEYS) {
      await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_case_fk FOREIGN KEY (case_id) REFERENCES cases (id) NOT VALID`);
      await q.query(`
        DO $$
        BEGIN
          ALTER TABLE ${table} VALIDATE CONSTRAINT ${table}_case_fk;
        EXCEPTION WHEN foreign_key_violation THEN
          RAISE NOTICE '${table}: rows written before this migration name no case; the key holds for new rows';
        END $$`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of CASE_KEYS) await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_case_fk`);
    await q.query(`GRANT UPDATE, DELETE ON foreigner_codes, person_documents, poderes, poder_reviews TO tramites_app`);
    await q.query(`DROP TRIGGER poder_reviews_no_truncate ON poder_reviews`);
    await q.query(`DROP TRIGGER poder_reviews_decided ON poder_reviews`);
    await q.query(`DROP TRIGGER poderes_no_truncate ON poderes`);
    await q.query(`DROP TRIGGER poderes_decided ON poderes`);
    for (const table of ['foreigner_codes', 'person_documents'] as const) {
      await q.query(`DROP TRIGGER ${table}_no_truncate ON ${table}`);
      await q.query(`DROP TRIGGER ${table}_append_only ON ${table}`);
    }
    await q.query(`DROP TABLE poder_endorsement_history`);
    await q.query(`DROP FUNCTION guard_poder_review_change()`);
    await q.query(`DROP FUNCTION guard_poder_change()`);
  }
}
