import type { HolderIdentity, RegistryFacts } from '@tramites/contracts';
import { readRegistryFacts } from '@tramites/persistence';
import type { DataSource } from 'typeorm';

/** The IESS registries a 002 certificate depends on. Production may back it with the institution's services. */
export interface AffiliationRegistry {
  lookup(holder: HolderIdentity): Promise<RegistryFacts>;
}

/** Reads our own foreigner codes and the imported registry of cédulas and affiliations. */
export function databaseAffiliationRegistry(dataSource: DataSource): AffiliationRegistry {
  return {
    async lookup(holder) {
      const { hasForeignerCode, hasCedula, isAffiliated } = await readRegistryFacts(dataSource, holder);
      return { hasForeignerCode, hasCedula, isAffiliated };
    },
  };
}
