import type { Actor, RecordDocumentsInput } from '@tramites/contracts';
import type { ChecklistInput } from '@tramites/domain';
import { EMPLOYER_CEDULA, FOREIGNER, THIRD_PARTY_CEDULA, attorneyFiling001, filing001, filing000, filing002, patchDoc } from './unit/checklist-fixtures';

export { EMPLOYER_CEDULA, FOREIGNER, THIRD_PARTY_CEDULA };

/** What an officer records at the window for a complete filing (the domain's own checklist fixtures). */
function recorded(actor: Actor, filing: ChecklistInput): RecordDocumentsInput {
  return {
    actor,
    documents: [...filing.documents],
    ...(filing.sutRecord ? { sutRecord: filing.sutRecord } : {}),
  };
}

export const completeDocuments000 = (actor: Actor): RecordDocumentsInput => recorded(actor, filing000());
export const completeDocuments001ByAttorney = (actor: Actor): RecordDocumentsInput => recorded(actor, attorneyFiling001());
export const completeDocuments001ByEmployer = (actor: Actor): RecordDocumentsInput => recorded(actor, filing001());
export const completeDocuments002 = (actor: Actor): RecordDocumentsInput => recorded(actor, filing002());

/** 000 with the request letter signed electronically: observed (the sheet demands a handwritten signature). */
export const observedDocuments000 = (actor: Actor): RecordDocumentsInput =>
  recorded(
    actor,
    patchDoc(filing000(), 'request_letter', (d) => ({ ...d, signature: 'electronic' })),
  );

/** 002 with the request letter signed electronically: observed (the sheet demands a handwritten signature). */
export const observedDocuments002 = (actor: Actor): RecordDocumentsInput =>
  recorded(
    actor,
    patchDoc(filing002(), 'request_letter', (d) => ({ ...d, signature: 'electronic' })),
  );
