import type { HolderIdentity, RegistryFacts } from '@tramites/contracts';
import { normalizeDocumentNumber } from '@tramites/domain';
import type { Queryable } from '../sql/sql-repository';

/**
 * Who a person is, for the registries: nationality + identity document number + date of
 * birth. The same person never gets two foreigner codes.
 */
export function personKey(holder: Pick<HolderIdentity, 'nationality' | 'documentNumber' | 'birthDate'>): string {
  const nationality = holder.nationality.trim().toUpperCase();
  return `${nationality}|${normalizeDocumentNumber(holder.documentNumber)}|${holder.birthDate}`;
}

/**
 * What the IESS registries know of a holder: our own foreigner codes and the imported
 * registry of cédulas and affiliations. With `filerIdentityNumber`, also whether that
 * number is the holder's own foreigner code or another document of the holder (001: the worker
 * may never file for himself).
 */
export async function readRegistryFacts(
  db: Queryable,
  holder: HolderIdentity,
  filerIdentityNumber?: string,
): Promise<RegistryFacts & { filerIsHolder: boolean }> {
  const key = personKey(holder);
  const filer = filerIdentityNumber ? normalizeDocumentNumber(filerIdentityNumber) : null;
  // The holder's code: found by any document the person has shown (person_documents), or by the key.
  const rows = (await db.query(
    `WITH holder_codes AS (
       SELECT code FROM person_documents WHERE nationality = $3 AND document_number = $4
       UNION SELECT code FROM foreigner_codes WHERE person_key = $1
     )
     SELECT EXISTS (SELECT 1 FROM holder_codes) AS has_code,
            EXISTS (SELECT 1 FROM holder_codes h
                     WHERE h.code::text = $2::text
                        OR EXISTS (SELECT 1 FROM person_documents d WHERE d.code = h.code AND d.document_number = $2::text)) AS filer_is_holder,
            r.has_cedula, r.is_affiliated
       FROM (SELECT 1) one LEFT JOIN registry_persons r ON r.person_key = $1`,
    [key, filer, holder.nationality.trim().toUpperCase(), normalizeDocumentNumber(holder.documentNumber)],
  )) as Array<{ has_code: boolean; filer_is_holder: boolean; has_cedula: boolean | null; is_affiliated: boolean | null }>;
  const row = rows[0];
  return {
    hasForeignerCode: row?.has_code ?? false,
    hasCedula: row?.has_cedula ?? false,
    isAffiliated: row?.is_affiliated ?? false,
    filerIsHolder: row?.filer_is_holder ?? false,
  };
}
