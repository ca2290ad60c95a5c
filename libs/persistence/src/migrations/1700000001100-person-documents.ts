import type { MigrationInterface, QueryRunner } from 'typeorm';
import { normalizeDocumentNumber, personNameKey } from '@tramites/domain';

/**
 * One person, one code (ADR 0016):
 * - person_documents: every identity document a person has shown (passport, visa, home-country
 *   id) -> that person's foreigner code, so a second document of the same person finds the code;
 * - foreigner_codes.name_key: normalised names + birth date + nationality, the probable-match key
 *   a "posible duplicado" review starts from;
 * - the database refuses a code without the code format: 12 digits, marker 9, Verhoeff check
 *   digit (ADR 0002), whatever writes it.
 */
export class PersonDocuments1700000001100 implements MigrationInterface {
  name = 'PersonDocuments1700000001100';

  async up(q: QueryRunner): Promise<void> {
    // The Verhoeff tables of ADR 0002 (libs/domain/src/foreigner-code/verhoeff.ts), frozen here.
    await q.query(`
      CREATE FUNCTION foreigner_code_is_valid(code text) RETURNS boolean
      LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
      DECLARE
        d int[] := '{{0,1,2,3,4,5,6,7,8,9},{1,2,3,4,0,6,7,8,9,5},{2,3,4,0,1,7,8,9,5,6},{3,4,0,1,2,8,9,5,6,7},{4,0,1,2,3,9,5,6,7,8},{5,9,8,7,6,0,4,3,2,1},{6,5,9,8,7,1,0,4,3,2},{7,6,5,9,8,2,1,0,4,3},{8,7,6,5,9,3,2,1,0,4},{9,8,7,6,5,4,3,2,1,0}}';
        p int[] := '{{0,1,2,3,4,5,6,7,8,9},{1,5,7,6,2,8,3,0,9,4},{5,8,0,3,7,9,6,1,4,2},{8,9,1,6,0,4,3,5,2,7},{9,4,5,3,1,2,6,8,7,0},{4,2,8,6,5,7,3,9,0,1},{2,7,9,3,8,0,6,4,1,5},{7,0,4,6,9,1,3,2,5,8}}';
        c int := 0;
        n int := length(code);
      BEGIN
        IF code !~ '^9[0-9]{11}$' THEN RETURN false; END IF;
        FOR i IN 0 .. n - 1 LOOP
          c := d[c + 1][p[(i % 8) + 1][substr(code, n - i, 1)::int + 1] + 1];
        END LOOP;
        RETURN c = 0;
      END
      $fn$`);
    await q.query(`ALTER TABLE foreigner_codes ADD CONSTRAINT foreigner_codes_code_format_ck CHECK (foreigner_code_is_valid(code))`);

    await q.query(`ALTER TABLE foreigner_codes ADD COLUMN name_key text`);
    const codes = (await q.query(
      `SELECT code, nationality, document_type, document_number, birth_date::text AS birth_date, full_name, case_id FROM foreigner_codes`,
    )) as Array<{
      code: string;
      nationality: string;
      document_type: string;
      document_number: string;
      birth_date: string;
      full_name: string;
      case_id: string;
    }>;
    await q.query(`
      CREATE TABLE person_documents (
        nationality text NOT NULL,
        document_number text NOT NULL,
        document_type text NOT NULL,
        code char(12) NOT NULL REFERENCES foreigner_codes (code),
        case_id uuid NOT NULL,
        shown_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (nationality, document_number)
      )`);
    await q.query(`CREATE INDEX person_documents_code_idx ON person_documents (code)`);
    await q.query(`CREATE INDEX person_documents_case_idx ON person_documents (case_id)`);
    for (const c of codes) {
      const nameKey = personNameKey({ fullName: c.full_name, nationality: c.nationality, birthDate: c.birth_date });
      await q.query(`UPDATE foreigner_codes SET name_key = $2 WHERE code = $1`, [c.code, nameKey]);
      await q.query(
        `INSERT INTO person_documents (nationality, document_number, document_type, code, case_id) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [c.nationality.trim().toUpperCase(), normalizeDocumentNumber(c.document_number), c.document_type, c.code, c.case_id],
      );
    }
    await q.query(`ALTER TABLE foreigner_codes ALTER COLUMN name_key SET NOT NULL`);
    await q.query(`CREATE INDEX foreigner_codes_name_key_idx ON foreigner_codes (name_key)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE person_documents`);
    await q.query(`ALTER TABLE foreigner_codes DROP COLUMN name_key, DROP CONSTRAINT foreigner_codes_code_format_ck`);
    await q.query(`DROP FUNCTION foreigner_code_is_valid(text)`);
  }
}
