import type { HolderIdentity, RegistryFacts } from '@tramites/contracts';
import type { DataSource } from 'typeorm';
import { personKey } from './person-key';

/** The IESS registries a 002 certificate depends on. Production may back it with the institution's services. */
export interface AffiliationRegistry {
  lookup(holder: HolderIdentity): Promise<RegistryFacts>;
}

/** Reads our own foreigner codes and the imported registry of cédulas and affiliations. */
export function databaseAffiliationRegistry(dataSource: DataSource): AffiliationRegistry {
  return {
    async lookup(holder) {
      const key = personKey(holder);
      const rows: Array<{ has_code: boolean; has_cedula: boolean | null; is_affiliated: boolean | null }> = await dataSource.query(
        `SELECT EXISTS (SELECT 1 FROM foreigner_codes WHERE person_key = $1) AS has_code,
                r.has_cedula, r.is_affiliated
           FROM (SELECT 1) one LEFT JOIN registry_persons r ON r.person_key = $1`,
        [key],
      );
      const row = rows[0];
      return { hasForeignerCode: row?.has_code ?? false, hasCedula: row?.has_cedula ?? false, isAffiliated: row?.is_affiliated ?? false };
    },
  };
}
