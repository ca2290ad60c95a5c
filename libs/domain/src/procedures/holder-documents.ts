import { getProcedure } from './catalogue';
import type { ProcedureType } from './types';

/** The identity documents a holder (the foreign person) may be known by on a case. */
export type HolderDocumentKind = 'passport' | 'visa' | 'home_country_id';
const HOLDER_KINDS: readonly HolderDocumentKind[] = ['passport', 'visa', 'home_country_id'];

/**
 * The identity documents of the holder that the procedure's sheet accepts, in the sheet's order:
 * those of its document requirements owned by the holder (000 and 002: passport and visa; 001,
 * Requisitos alternativos: passport, else visa, else the home country's identity document).
 */
export function holderIdentityDocuments(procedure: ProcedureType): HolderDocumentKind[] {
  const kinds: HolderDocumentKind[] = [];
  for (const r of getProcedure(procedure).requirements) {
    if (r.check !== 'document' || !(r.document.owners ?? ['holder']).includes('holder')) continue;
    for (const k of r.document.kinds)
      if ((HOLDER_KINDS as readonly string[]).includes(k) && !kinds.includes(k as HolderDocumentKind)) kinds.push(k as HolderDocumentKind);
  }
  return kinds;
}
