import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Agencies and slots, appointments, verification codes, registries of codes and poderes, issued documents. */
export class InPersonCases1700000000100 implements MigrationInterface {
  name = 'InPersonCases1700000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases
      ADD COLUMN waiting_on text NOT NULL DEFAULT 'nobody',
      ADD COLUMN holder_name text,
      ADD COLUMN appointment_at timestamptz`);
    await q.query(`CREATE INDEX cases_waiting_deadline_idx ON cases (waiting_on, deadline_at)`);

    // Centros de Atención Universal: office hours per agency (mall points differ).
    await q.query(`
      CREATE TABLE agencies (
        id text PRIMARY KEY,
        province text NOT NULL,
        name text NOT NULL,
        address text NOT NULL DEFAULT '',
        opens_at time NOT NULL DEFAULT '08:00',
        closes_at time NOT NULL DEFAULT '17:00',
        slot_minutes integer NOT NULL DEFAULT 30 CHECK (slot_minutes BETWEEN 5 AND 240),
        seats_per_slot integer NOT NULL DEFAULT 2 CHECK (seats_per_slot > 0),
        active boolean NOT NULL DEFAULT true
      )`);
    await q.query(`CREATE INDEX agencies_province_idx ON agencies (province) WHERE active`);
    await q.query(`
      CREATE TABLE appointment_slots (
        id uuid PRIMARY KEY,
        agency_id text NOT NULL REFERENCES agencies(id),
        starts_at timestamptz NOT NULL,
        capacity integer NOT NULL CHECK (capacity > 0),
        booked integer NOT NULL DEFAULT 0,
        CONSTRAINT appointment_slots_capacity_ck CHECK (booked >= 0 AND booked <= capacity),
        CONSTRAINT appointment_slots_agency_start_uq UNIQUE (agency_id, starts_at)
      )`);
    await q.query(`
      CREATE TABLE appointments (
        case_id uuid PRIMARY KEY,
        slot_id uuid NOT NULL REFERENCES appointment_slots(id),
        reference text NOT NULL UNIQUE,
        booked_for text NOT NULL,
        status text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'released')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX appointments_slot_idx ON appointments (slot_id) WHERE status = 'booked'`);
    await q.query(`
      CREATE TABLE verification_codes (
        case_id uuid NOT NULL,
        ordinal integer NOT NULL,
        code_hash char(64) NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, ordinal)
      )`);

    // One foreigner code per person, ever: the unique person key makes a second one impossible.
    await q.query(`
      CREATE TABLE foreigner_codes (
        code char(12) PRIMARY KEY,
        person_key text NOT NULL UNIQUE,
        nationality text NOT NULL,
        document_type text NOT NULL,
        document_number text NOT NULL,
        birth_date date NOT NULL,
        full_name text NOT NULL,
        case_id uuid NOT NULL,
        issued_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX foreigner_codes_case_idx ON foreigner_codes (case_id)`);

    // Other IESS registries consulted by 002 (cédulas, affiliations), loaded from the institution's systems.
    await q.query(`
      CREATE TABLE registry_persons (
        person_key text PRIMARY KEY,
        has_cedula boolean NOT NULL DEFAULT false,
        is_affiliated boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    // Registry of poderes endorsed by the legal unit, reused across cases until expired or revoked.
    await q.query(`
      CREATE TABLE poderes (
        id text PRIMARY KEY,
        employer_id text NOT NULL,
        attorney_id text NOT NULL,
        deed_number text NOT NULL,
        notary text NOT NULL,
        valid_until date,
        endorsed_by text NOT NULL,
        endorsed_at timestamptz NOT NULL,
        revoked_at timestamptz,
        case_id uuid NOT NULL
      )`);
    await q.query(`CREATE INDEX poderes_parties_idx ON poderes (employer_id, attorney_id)`);
    // The legal unit's inbox (one row per review run; the latest per poder wins).
    await q.query(`
      CREATE TABLE poder_reviews (
        poder_id text NOT NULL,
        case_id uuid NOT NULL,
        province text NOT NULL,
        status text NOT NULL,
        requested_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        reminded_at timestamptz,
        escalated_at timestamptz,
        decided_at timestamptz,
        decided_by text,
        reason_code text,
        business_ms_taken bigint,
        event_count integer NOT NULL,
        attorney_name text NOT NULL,
        employer_id text NOT NULL,
        PRIMARY KEY (poder_id, case_id)
      )`);
    await q.query(`CREATE INDEX poder_reviews_inbox_idx ON poder_reviews (province, status, requested_at)`);

    await q.query(`
      CREATE TABLE issued_documents (
        verification_number text PRIMARY KEY,
        case_id uuid NOT NULL,
        kind text NOT NULL,
        sha256 char(64) NOT NULL,
        statement text NOT NULL,
        issued_at timestamptz NOT NULL,
        CONSTRAINT issued_documents_case_kind_uq UNIQUE (case_id, kind)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'issued_documents',
      'poder_reviews',
      'poderes',
      'registry_persons',
      'foreigner_codes',
      'verification_codes',
      'appointments',
      'appointment_slots',
      'agencies',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP INDEX cases_waiting_deadline_idx`);
    await q.query(`ALTER TABLE cases DROP COLUMN waiting_on, DROP COLUMN holder_name, DROP COLUMN appointment_at`);
  }
}
