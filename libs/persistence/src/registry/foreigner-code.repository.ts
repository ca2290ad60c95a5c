import type { DuplicateCandidate, HolderIdentity, RegistryFacts } from '@tramites/contracts';
import { SqlRepository } from '../sql/sql-repository';
import { normalizeDocumentNumber } from '@tramites/domain';
import { personKey, readRegistryFacts } from './person-registry';

/** A holder as the registry of foreigner codes keys them. */
export interface CodeHolder {
  caseId: string;
  holder: HolderIdentity;
  /** Upper-cased, trimmed. */
  nationality: string;
  /** Normalised (normalizeDocumentNumber). */
  documentNumber: string;
  /** personNameKey of the holder. */
  nameKey: string;
}

/**
 * The registry of foreigner codes (foreigner_codes) and of the documents each person has
 * shown (person_documents). Written by the worker only (assignForeignerCode); the API and
 * the registry facts read it. Use it inside `transaction`, after `lockPerson`.
 */
export class ForeignerCodeRepository extends SqlRepository {
  /** What the registries know of a holder (readRegistryFacts): the API's check at filing. */
  registryFacts(holder: HolderIdentity, filerIdentityNumber?: string): Promise<RegistryFacts & { filerIsHolder: boolean }> {
    return readRegistryFacts(this.db, holder, filerIdentityNumber);
  }

  /**
   * The code the registries already hold for this holder (by the document shown, or by the
   * person key), as readRegistryFacts finds it: what a 000 filed again is told at filing.
   */
  async codeOfHolder(holder: HolderIdentity): Promise<string | undefined> {
    const rows = await this.query<{ code: string }>(
      `SELECT code FROM person_documents WHERE nationality = $1 AND document_number = $2
       UNION ALL SELECT code FROM foreigner_codes WHERE person_key = $3
       LIMIT 1`,
      [holder.nationality.trim().toUpperCase(), normalizeDocumentNumber(holder.documentNumber), personKey(holder)],
    );
    return rows[0]?.code.trim();
  }

  /** One person at a time, by names and by document (in a fixed order: no deadlock); held until the transaction ends. */
  async lockPerson(h: CodeHolder): Promise<void> {
    for (const lock of [`foreigner-code:name:${h.nameKey}`, `foreigner-code:document:${h.nationality}|${h.documentNumber}`].sort()) {
      await this.db.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [lock]);
    }
  }

  /** Records that the holder's document points to `code` (the first record of a document stays); whether the code is another case's. */
  async recordDocument(h: CodeHolder, code: string): Promise<{ alreadyHad: boolean }> {
    await this.db.query(
      `INSERT INTO person_documents (nationality, document_number, document_type, code, case_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (nationality, document_number) DO NOTHING`,
      [h.nationality, h.documentNumber, h.holder.documentType, code, h.caseId],
    );
    const owner = await this.query<{ case_id: string }>(`SELECT case_id FROM foreigner_codes WHERE code = $1`, [code]);
    return { alreadyHad: owner[0]?.case_id !== h.caseId };
  }

  /** The code this case was given (a retry), or the code of the document or of the person key, if any. */
  async knownCode(h: CodeHolder): Promise<string | undefined> {
    const known = await this.query<{ code: string }>(
      `SELECT code FROM foreigner_codes WHERE case_id = $1
       UNION ALL SELECT code FROM person_documents WHERE case_id = $1
       UNION ALL SELECT code FROM person_documents WHERE nationality = $2 AND document_number = $3
       UNION ALL SELECT code FROM foreigner_codes WHERE person_key = $4
       LIMIT 1`,
      [h.caseId, h.nationality, h.documentNumber, personKey(h.holder)],
    );
    return known[0]?.code.trim();
  }

  async codeExists(code: string): Promise<boolean> {
    return (await this.query(`SELECT 1 FROM foreigner_codes WHERE code = $1`, [code])).length > 0;
  }

  /** Inserts a new code for the holder; false when the code was drawn before (draw again). */
  async insertCode(h: CodeHolder, code: string): Promise<boolean> {
    const inserted = await this.query(
      `INSERT INTO foreigner_codes (code, person_key, nationality, document_type, document_number, birth_date, full_name, case_id, name_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING code`,
      [code, personKey(h.holder), h.nationality, h.holder.documentType, h.holder.documentNumber, h.holder.birthDate, h.holder.fullName, h.caseId, h.nameKey],
    );
    return inserted.length > 0;
  }

  /** The people with a code whose names, birth date and nationality match, with every document they have shown. */
  async candidates(nameKey: string): Promise<DuplicateCandidate[]> {
    const rows = await this.query<{ code: string; full_name: string; nationality: string; birth_date: string; documents: DuplicateCandidate['documents'] }>(
      `SELECT c.code, c.full_name, c.nationality, to_char(c.birth_date, 'YYYY-MM-DD') AS birth_date,
              COALESCE(json_agg(json_build_object('documentType', d.document_type, 'documentNumber', d.document_number)
                                ORDER BY d.shown_at, d.document_number) FILTER (WHERE d.code IS NOT NULL), '[]') AS documents
         FROM foreigner_codes c LEFT JOIN person_documents d ON d.code = c.code
        WHERE c.name_key = $1
        GROUP BY c.code ORDER BY min(c.issued_at), c.code`,
      [nameKey],
    );
    return rows.map((r) => ({ code: r.code.trim(), fullName: r.full_name, nationality: r.nationality, birthDate: r.birth_date, documents: r.documents }));
  }
}
