import { randomInt } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { AssignForeignerCodeInput, AssignForeignerCodeResult, DuplicateCandidate, IssueForeignerCodeInput } from '@tramites/contracts';
import { generateForeignerCode, normalizeDocumentNumber, personNameKey } from '@tramites/domain';
import { personKey, type Queryable } from '@tramites/persistence';
import type { DataSource } from 'typeorm';

type Assigned = Extract<AssignForeignerCodeResult, { outcome: 'assigned' }>;

/**
 * Assigns the foreigner identification code exactly once per person (issue 18, finding 7):
 * - every document a person has shown points to the person's code (person_documents), so a
 *   second case with the same passport, or with a visa recorded before, gets the same code;
 * - the same normalised names + birth date + nationality with another document is a probable
 *   duplicate: nothing is issued until a case manager decides (same person: the existing code,
 *   recorded against the new document; different person: a new code);
 * - idempotent by case: a retry finds what this case was given (the code's case_id, the
 *   document's case_id); the unique keys and advisory locks on the name key and the document make two codes
 *   for one person impossible even when two cases race.
 */
export function makeForeignerCodeActivities(dataSource: DataSource) {
  const random = (): number => randomInt(0, 2 ** 47) / 2 ** 47;

  async function assign(input: AssignForeignerCodeInput, review: boolean): Promise<AssignForeignerCodeResult> {
    const h = input.holder;
    const nationality = h.nationality.trim().toUpperCase();
    const documentNumber = normalizeDocumentNumber(h.documentNumber);
    const nameKey = personNameKey(h);
    return dataSource.transaction(async (tx) => {
      // One person at a time, by names and by document (in a fixed order: no deadlock).
      for (const lock of [`foreigner-code:name:${nameKey}`, `foreigner-code:document:${nationality}|${documentNumber}`].sort()) {
        await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [lock]);
      }
      const given = async (code: string): Promise<Assigned> => {
        await tx.query(
          `INSERT INTO person_documents (nationality, document_number, document_type, code, case_id) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (nationality, document_number) DO NOTHING`,
          [nationality, documentNumber, h.documentType, code, input.caseId],
        );
        const owner = (await tx.query(`SELECT case_id FROM foreigner_codes WHERE code = $1`, [code])) as Array<{ case_id: string }>;
        return { outcome: 'assigned', code, alreadyHad: owner[0]?.case_id !== input.caseId };
      };

      // This case was already given a code (a retry), or the document is known: that person's code.
      const known = (await tx.query(
        `SELECT code FROM foreigner_codes WHERE case_id = $1
         UNION ALL SELECT code FROM person_documents WHERE case_id = $1
         UNION ALL SELECT code FROM person_documents WHERE nationality = $2 AND document_number = $3
         UNION ALL SELECT code FROM foreigner_codes WHERE person_key = $4
         LIMIT 1`,
        [input.caseId, nationality, documentNumber, personKey(h)],
      )) as Array<{ code: string }>;
      if (known[0]) return given(known[0].code.trim());

      if (input.decision?.kind === 'same_person') {
        const exists = (await tx.query(`SELECT 1 FROM foreigner_codes WHERE code = $1`, [input.decision.code])) as unknown[];
        if (exists.length === 0) {
          throw ApplicationFailure.create({ type: 'DUPLICATE.UNKNOWN_CODE', message: `no foreigner code ${input.decision.code}`, nonRetryable: true });
        }
        return given(input.decision.code);
      }
      if (review && input.decision === undefined) {
        const candidates = await candidatesOf(tx, nameKey);
        if (candidates.length > 0) return { outcome: 'possible_duplicate', candidates };
      }
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const candidate = generateForeignerCode(random);
        // ON CONFLICT DO NOTHING: a code drawn twice is drawn again.
        const inserted = (await tx.query(
          `INSERT INTO foreigner_codes (code, person_key, nationality, document_type, document_number, birth_date, full_name, case_id, name_key)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING code`,
          [candidate, personKey(h), nationality, h.documentType, h.documentNumber, h.birthDate, h.fullName, input.caseId, nameKey],
        )) as unknown[];
        if (inserted.length > 0) return given(candidate);
      }
      throw new Error('could not assign a foreigner code after 5 attempts');
    });
  }

  return {
    /** Cases started before the "posible duplicado" review: the same dedupe on documents, never a review. */
    async issueForeignerCode(input: IssueForeignerCodeInput): Promise<{ code: string; alreadyHad: boolean }> {
      const result = await assign(input, false);
      if (result.outcome !== 'assigned') throw new Error('unreachable: no review without the review');
      return { code: result.code, alreadyHad: result.alreadyHad };
    },
    assignForeignerCode: (input: AssignForeignerCodeInput): Promise<AssignForeignerCodeResult> => assign(input, true),
  };
}

/** The people with a code whose names, birth date and nationality match, with every document they have shown. */
async function candidatesOf(db: Queryable, nameKey: string): Promise<DuplicateCandidate[]> {
  const rows = (await db.query(
    `SELECT c.code, c.full_name, c.nationality, to_char(c.birth_date, 'YYYY-MM-DD') AS birth_date,
            COALESCE(json_agg(json_build_object('documentType', d.document_type, 'documentNumber', d.document_number)
                              ORDER BY d.shown_at, d.document_number) FILTER (WHERE d.code IS NOT NULL), '[]') AS documents
       FROM foreigner_codes c LEFT JOIN person_documents d ON d.code = c.code
      WHERE c.name_key = $1
      GROUP BY c.code ORDER BY min(c.issued_at), c.code`,
    [nameKey],
  )) as Array<{ code: string; full_name: string; nationality: string; birth_date: string; documents: DuplicateCandidate['documents'] }>;
  return rows.map((r) => ({ code: r.code.trim(), fullName: r.full_name, nationality: r.nationality, birthDate: r.birth_date, documents: r.documents }));
}
