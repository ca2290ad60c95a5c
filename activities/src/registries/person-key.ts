import type { HolderIdentity } from '@tramites/contracts';
import { normalizeDocumentNumber } from '@tramites/domain';

/**
 * Who a person is, for the registries: nationality + identity document number + date of
 * birth. The same person never gets two foreigner codes (issue 5, "Issuance").
 */
export function personKey(holder: Pick<HolderIdentity, 'nationality' | 'documentNumber' | 'birthDate'>): string {
  const nationality = holder.nationality.trim().toUpperCase();
  return `${nationality}|${normalizeDocumentNumber(holder.documentNumber)}|${holder.birthDate}`;
}
