import type { WindowDocument, WindowField } from '../checklist/checklist';
import { text as str } from '../shared/forms';

/** What the officer ticked and typed at the window, as the API's RecordDocumentsDto. */
/** The SUT record the officer reads from the Ministry of Labour's system (000, 001). */
export const SUT_FIELDS: WindowField[] = [
  { name: 'sut_registrationNumber', key: 'registrationNumber', label: 'Número de registro del contrato en el SUT', optional: true },
  { name: 'sut_foreignerFullName', key: 'foreignerFullName', label: 'Nombres del extranjero en el SUT', optional: true },
  { name: 'sut_foreignerDocumentNumber', key: 'foreignerDocumentNumber', label: 'Número de documento del extranjero en el SUT', optional: true },
];

export function sutRecordFromForm(body: Record<string, unknown>): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const f of SUT_FIELDS) {
    const v = str(body, f.name);
    if (v) out[f.key] = v;
  }
  const kind = str(body, 'sut_foreignerDocumentKind');
  if (['passport', 'visa', 'home_country_id'].includes(kind)) out['foreignerDocumentKind'] = kind;
  return Object.keys(out).length > 0 ? out : undefined;
}

export interface PresentedDocumentBody {
  kind: string;
  belongsTo?: string;
  original: boolean;
  copy: boolean;
  signature?: string;
  signedBy?: string;
  fields: Record<string, string>;
}

/** What the officer ticked and typed, as the API's RecordDocumentsDto (only the documents marked as presented). */
export function documentsFromForm(list: WindowDocument[], body: Record<string, unknown>): PresentedDocumentBody[] {
  const out: PresentedDocumentBody[] = [];
  for (const d of list) {
    if (str(body, `${d.name}_presented`) !== 'si') continue;
    const kind = d.kinds.length > 1 ? str(body, `${d.name}_kind`) || (d.kinds[0]?.value ?? '') : (d.kinds[0]?.value ?? '');
    const fields: Record<string, string> = {};
    for (const f of d.fields) {
      const v = str(body, f.name);
      if (v) fields[f.key] = v;
    }
    const signature = str(body, `${d.name}_signature`);
    const signedBy = str(body, `${d.name}_signedBy`);
    out.push({
      kind,
      ...(d.owner ? { belongsTo: d.owner } : {}),
      original: str(body, `${d.name}_original`) === 'si',
      copy: str(body, `${d.name}_copy`) === 'si',
      ...(d.signature && signature ? { signature } : {}),
      ...(d.signature && signedBy ? { signedBy } : {}),
      fields,
    });
  }
  return out;
}
