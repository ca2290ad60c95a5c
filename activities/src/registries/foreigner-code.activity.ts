import { randomInt } from 'node:crypto';
import type { IssueForeignerCodeInput } from '@tramites/contracts';
import { generateForeignerCode } from '@tramites/domain';
import type { DataSource } from 'typeorm';
import { personKey } from './person-key';

/**
 * Assigns the foreigner identification code exactly once per person. The unique
 * person_key (and the code's primary key) make a second code impossible, even when
 * the activity is retried or two cases of the same person race.
 */
export function makeIssueForeignerCode(dataSource: DataSource) {
  const random = (): number => randomInt(0, 2 ** 47) / 2 ** 47;
  return async function issueForeignerCode(input: IssueForeignerCodeInput): Promise<{ code: string; alreadyHad: boolean }> {
    const key = personKey(input.holder);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const existing: Array<{ code: string; case_id: string }> = await dataSource.query(
        `SELECT code, case_id FROM foreigner_codes WHERE person_key = $1`,
        [key],
      );
      if (existing[0]) return { code: existing[0].code, alreadyHad: existing[0].case_id !== input.caseId };
      const candidate = generateForeignerCode(random);
      const h = input.holder;
      // ON CONFLICT DO NOTHING covers both a taken code and a concurrent issuance to the same person.
      await dataSource.query(
        `INSERT INTO foreigner_codes (code, person_key, nationality, document_type, document_number, birth_date, full_name, case_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
        [candidate, key, h.nationality.toUpperCase(), h.documentType, h.documentNumber, h.birthDate, h.fullName, input.caseId],
      );
    }
    throw new Error('could not assign a foreigner code after 5 attempts');
  };
}
