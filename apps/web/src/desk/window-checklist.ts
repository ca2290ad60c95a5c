import {
  conditionHolds,
  DOCUMENT_KIND_LABELS,
  getProcedure,
  type ChecklistInput,
  type Condition,
  type DocumentKind,
  type DocumentOwner,
  type FieldRequirement,
  type FieldSpec,
  type FilerRole,
  type ProcedureType,
  type Requirement,
} from '@tramites/domain';

/**
 * The checklist at the window, built from the sheet's requirements
 * (libs/domain): one entry per document the filer's role may have to present, with what the
 * officer records of it (original, copy, signature and who signed, the data read from it); the
 * alternatives of a group ("uno de estos") together; a requirement that depends on a fact of the
 * filer shown with its condition. The checklist itself decides, in the workflow.
 */
export interface WindowField {
  name: string;
  key: string;
  label: string;
  optional: boolean;
}

export interface WindowDocument {
  /** Form name prefix: d<n>. */
  name: string;
  requirementId: string;
  label: string;
  source: string;
  kinds: Array<{ value: DocumentKind; text: string }>;
  owner?: DocumentOwner;
  presentation: string;
  signature?: { required: string; electronicRefused: boolean; signers: Array<{ value: DocumentOwner; text: string }> };
  fields: WindowField[];
  onlyIf?: string;
  alternativeGroup?: string;
}

export interface WindowSection {
  title: string;
  documents: WindowDocument[];
}

const PRESENTATION: Record<string, string> = {
  original: 'Original',
  copy: 'Copia simple',
  original_and_copy: 'Original y copia simple',
  original_or_copy: 'Original o copia simple',
  upload: 'Archivo escaneado',
};

export const OWNER_TEXT: Record<DocumentOwner, string> = {
  holder: 'El titular',
  employer: 'El empleador',
  attorney: 'El apoderado',
  third_party: 'El tercero autorizado',
  legal_representative: 'El representante legal',
};

const FLAG_TEXT: Record<string, string> = {
  isVulnerable: 'pertenece a un grupo vulnerable',
  isForeignWorkerHimself: 'quien presenta es el propio trabajador extranjero',
  hasCedula: 'tiene cédula ecuatoriana',
  hasForeignerCode: 'ya tiene código de extranjero',
  isForeignEmployer: 'el empleador es extranjero',
  isArtisan: 'es artesano calificado',
  employerRegistered: 'el empleador está registrado',
};

function conditionText(c: Condition): string | undefined {
  if ('flag' in c) return FLAG_TEXT[c.flag];
  if ('not' in c) {
    const inner = conditionText(c.not);
    return inner ? `no ${inner}` : undefined;
  }
  if ('all' in c) return c.all.map(conditionText).filter(Boolean).join(' y ') || undefined;
  if ('any' in c) return c.any.map(conditionText).filter(Boolean).join(' o ') || undefined;
  return undefined;
}

function specs(fields: readonly FieldRequirement[] | undefined): Array<FieldSpec & { optional: boolean }> {
  return (fields ?? []).flatMap((f) =>
    'oneOf' in f ? f.oneOf.flat().map((s) => ({ ...s, label: `${s.label} (${f.label})`, optional: true })) : [{ ...f, optional: !!f.optional }],
  );
}

const sourceText = (r: Requirement): string => `Ficha ${r.source.sheet}, ${r.source.section}`;

/** Applies to this filer's role and channel; `undefined` when it never does, else the condition in words (or ''). */
function applicability(r: Requirement, base: ChecklistInput): string | undefined {
  if (!r.appliesWhen) return '';
  if (conditionHolds(r.appliesWhen, base)) return '';
  const text = conditionText(r.appliesWhen);
  // Some flag could make it apply: shown with its condition; otherwise (role, channel) it never does.
  const flags = Object.keys(FLAG_TEXT);
  const couldApply = flags.some((flag) => conditionHolds(r.appliesWhen as Condition, { ...base, filer: { ...base.filer, [flag]: true } }));
  return couldApply && text ? `Solo si ${text}` : undefined;
}

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

export function windowChecklist(
  procedure: ProcedureType,
  role: FilerRole,
): { documents: WindowDocument[]; groups: Array<{ id: string; label: string; text: string }> } {
  const def = getProcedure(procedure);
  const base: ChecklistInput = { procedure, channel: 'in_person', filer: { role }, documents: [] };
  const embedded = new Map<DocumentKind, WindowField[]>();
  const documents: WindowDocument[] = [];
  let n = 0;
  for (const r of def.requirements) {
    if (r.check !== 'embedded_fields') continue;
    if (applicability(r, base) === undefined) continue;
    const list = embedded.get(r.documentKind) ?? [];
    list.push(...specs(r.fields).map((s) => ({ name: '', key: s.key, label: s.label, optional: s.optional })));
    embedded.set(r.documentKind, list);
  }
  for (const r of def.requirements) {
    if (r.check !== 'document') continue;
    const onlyIf = applicability(r, base);
    if (onlyIf === undefined) continue;
    const name = `d${n++}`;
    const d = r.document;
    const kindsFields = d.kinds.flatMap((k) => embedded.get(k) ?? []);
    const seen = new Set<string>();
    const extra = [
      // 000, Requisitos 4: registered in the Ministry of Labour's SUT; in force.
      ...(d.mustBeRegisteredInSut ? [{ key: 'sutRegistrationNumber', label: 'Número de registro en el SUT', optional: true }] : []),
      ...(d.mustBeCurrent ? [{ key: 'validUntil', label: 'Vigente hasta (AAAA-MM-DD)', optional: true }] : []),
    ];
    const fields = [...specs(d.fields).map((s) => ({ key: s.key, label: s.label, optional: s.optional })), ...kindsFields, ...extra]
      .filter((f) => (seen.has(f.key) ? false : (seen.add(f.key), true)))
      .map((f) => ({ ...f, name: `${name}_f_${f.key}` }));
    documents.push({
      name,
      requirementId: r.id,
      label: d.name,
      source: sourceText(r),
      kinds: d.kinds.map((k) => ({ value: k, text: DOCUMENT_KIND_LABELS[k] })),
      ...(d.owners && d.owners.length > 0 && !d.owners.includes('holder') ? { owner: d.owners[0] } : {}),
      presentation: PRESENTATION[d.presentation] ?? d.presentation,
      ...(d.signature
        ? {
            signature: {
              required: d.signature.required === 'handwritten' ? 'Firma manuscrita' : 'Firma electrónica',
              electronicRefused: !!d.signature.electronicRefused,
              signers: (d.signature.allowedSigners ?? []).map((o) => ({ value: o, text: OWNER_TEXT[o] })),
            },
          }
        : {}),
      fields,
      ...(onlyIf ? { onlyIf } : {}),
      ...(r.alternative ? { alternativeGroup: r.alternative.group } : {}),
    });
  }
  return { documents, groups: def.alternativeGroups.map((g) => ({ id: g.id, label: g.label, text: g.alternativesText })) };
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

const str = (body: Record<string, unknown>, key: string): string => {
  const v = body[key];
  return typeof v === 'string' ? v.trim() : '';
};

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
