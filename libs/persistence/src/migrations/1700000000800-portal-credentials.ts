import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Portal passwords (sheets 003 and 004): the registries the procedures read
 * (affiliates with their work history, employers), the credentials themselves
 * and the single-use links. Secrets are stored only as hashes: passwords and
 * personal answers with argon2id, link tokens and expected work-history answers
 * with a keyed SHA-256.
 */
export class PortalCredentials1700000000800 implements MigrationInterface {
  name = 'PortalCredentials1700000000800';

  async up(q: QueryRunner): Promise<void> {
    // 003: the affiliate registry (cédula or foreigner code), as IESS holds it.
    await q.query(`
      CREATE TABLE affiliates (
        identity_number text PRIMARY KEY,
        full_name text NOT NULL,
        birth_date date NOT NULL,
        email text NOT NULL,
        mobile text NOT NULL DEFAULT '',
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // 003, VIRTUAL 6: "2 preguntas relacionadas con su historia laboral (base de datos IESS)".
    await q.query(`
      CREATE TABLE affiliate_work_history (
        identity_number text NOT NULL REFERENCES affiliates(identity_number),
        employer_ruc text NOT NULL,
        employer_name text NOT NULL,
        started_on date NOT NULL,
        ended_on date,
        PRIMARY KEY (identity_number, employer_ruc, started_on)
      )`);
    // 004, Requisitos 1: "deberá haber realizado el trámite de registro de empleador, y generar la solicitud de entrega de clave".
    await q.query(`
      CREATE TABLE employers (
        id text PRIMARY KEY,
        id_type text NOT NULL CHECK (id_type IN ('ruc', 'foreigner_code', 'passport', 'visa')),
        name text NOT NULL,
        province text NOT NULL,
        email text NOT NULL,
        legal_rep_identity text NOT NULL,
        legal_rep_name text NOT NULL,
        is_artisan boolean NOT NULL DEFAULT false,
        artisan_qualification text,
        key_request_number text,
        key_request_at timestamptz,
        registered_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One credential per affiliate or employer: password, personal answers, the lockout counter.
    await q.query(`
      CREATE TABLE portal_credentials (
        holder_kind text NOT NULL CHECK (holder_kind IN ('affiliate', 'employer')),
        holder_id text NOT NULL,
        password_hash text,
        password_set_at timestamptz,
        password_set_case uuid,
        security_answers jsonb NOT NULL DEFAULT '[]',
        failed_attempts integer NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
        locked_at timestamptz,
        unlocked_at timestamptz,
        unlocked_by text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (holder_kind, holder_id)
      )`);
    // The questions drawn for each identity check of a case, with the expected answers hashed.
    await q.query(`
      CREATE TABLE credential_challenges (
        case_id uuid NOT NULL,
        ordinal integer NOT NULL,
        holder_id text NOT NULL,
        expected jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, ordinal)
      )`);
    // One row per answered challenge: the outcome only, never the answers.
    await q.query(`
      CREATE TABLE credential_attempts (
        case_id uuid NOT NULL,
        ordinal integer NOT NULL,
        holder_id text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('passed', 'failed', 'locked')),
        failed_parts text[] NOT NULL DEFAULT '{}',
        failed_total integer NOT NULL,
        answered_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, ordinal)
      )`);
    // The emailed single-use links: only the token's keyed hash is kept.
    await q.query(`
      CREATE TABLE credential_links (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL,
        holder_kind text NOT NULL,
        holder_id text NOT NULL,
        token_hash char(64) NOT NULL UNIQUE,
        email text NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        used_by text,
        expired_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX credential_links_case_idx ON credential_links (case_id)`);
    // Local captcha answers are single-use.
    await q.query(`CREATE TABLE captcha_uses (id text PRIMARY KEY, used_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'captcha_uses',
      'credential_links',
      'credential_attempts',
      'credential_challenges',
      'portal_credentials',
      'employers',
      'affiliate_work_history',
      'affiliates',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
