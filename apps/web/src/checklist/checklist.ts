import {
  DOCUMENT_KIND_LABELS,
  DOCUMENT_OWNER_LABELS,
  getProcedure,
  PRESENTATION_LABELS,
  requirementApplicability,
  type ChecklistInput,
  type DocumentKind,
  type DocumentOwner,
  type FieldRequirement,
  type FieldSpec,
  type FilerRole,
  type ProcedureType,
  type Requirement,
  type SignatureRule,
} from '@tramites/domain';

/**
 * The one reading of a sheet's requirements for one procedure and filer (libs/domain holds the
 * sheets and their words): each requirement with the sheet's label, its source, and, when it
 * depends on a fact of the filer, that condition in words. The applicant's checklist
 * (`checklistFor`) and the window's (`windowChecklist`) are two layouts of the same entries.
 */
export interface RequirementEntry {
  id: string;
  label: string;
  source: string;
  /** "si …": the requirement applies only when this holds ('' or absent: it applies). */
  onlyIf?: string;
  requirement: Requirement;
}

export function requirementsFor(procedure: ProcedureType, role: FilerRole): RequirementEntry[] {
  const base: ChecklistInput = { procedure, channel: 'in_person', filer: { role }, documents: [] };
  return getProcedure(procedure).requirements.flatMap((r) => {
    const onlyIf = requirementApplicability(r, base);
    if (onlyIf === undefined) return [];
    return [{ id: r.id, label: r.label, source: `Ficha ${r.source.sheet}, ${r.source.section}`, ...(onlyIf ? { onlyIf } : {}), requirement: r }];
  });
}

/** How a document is signed, in words. */
export const signatureText = (s: SignatureRule): string => (s.required === 'handwritten' ? 'Firmada a mano' : 'Con firma electrónica');

function fieldNames(fields: readonly FieldRequirement[]): string[] {
  return fields.map((f) => ('oneOf' in f ? `${f.label} (${f.oneOf.map((o) => o.map((x) => x.label).join(' y ')).join(', o ')})` : f.label));
}

// --- the applicant's checklist (before the visit) ---------------------------------------------

/** The procedures whose checklist an applicant reads before going to the agency. */
export const CHECKLIST_PROCEDURES: ProcedureType[] = ['FOREIGNER_CODE', 'FOREIGNER_CODE_EMPLOYMENT', 'NON_AFFILIATION_CERTIFICATE', 'EMPLOYER_PORTAL_PASSWORD'];

export interface ChecklistEntry {
  id: string;
  label: string;
  details: string[];
  source: string;
  onlyIf?: string;
}

export interface ChecklistSection {
  title: string;
  intro?: string;
  entries: ChecklistEntry[];
}

const NOT_LISTED = new Set(['filer', 'channel', 'portal_step', 'appointment']);
const CONDITIONS = new Set(['holder_without_cedula', 'holder_without_foreigner_code', 'employer_registered', 'identity_match']);

function details(r: Requirement): string[] {
  const out: string[] = [];
  if (r.check === 'document') {
    const d = r.document;
    out.push(PRESENTATION_LABELS[d.presentation]);
    if (d.signature) out.push(`${signatureText(d.signature)}${d.signature.electronicRefused ? ' (no se acepta firma electrónica)' : ''}`);
    if (d.fields?.length) out.push(`Debe incluir: ${fieldNames(d.fields).join('; ')}`);
    if (d.mustBeRegisteredInSut) out.push('Registrado en el Sistema Único de Trabajo (SUT) del Ministerio del Trabajo');
    if (d.mustBeCurrent) out.push('Vigente');
    if (d.requiresEndorsedPoder) out.push('Sumillado antes por la Unidad Provincial de Asesoría Jurídica');
  }
  if (r.check === 'request_fields' || r.check === 'embedded_fields') out.push(`Debe incluir: ${fieldNames(r.fields).join('; ')}`);
  return out;
}

/**
 * The requirements in plain Spanish, each traced to its sheet and section; alternatives grouped
 * ("uno de estos"); those that depend on a fact the applicant knows ("solo si ...") shown with
 * their condition, never silently dropped.
 */
export function checklistFor(procedure: ProcedureType, role: FilerRole): { sections: ChecklistSection[]; conditions: ChecklistEntry[] } {
  const def = getProcedure(procedure);
  const documents: ChecklistEntry[] = [];
  const conditions: ChecklistEntry[] = [];
  const groups = new Map<string, ChecklistEntry[]>();
  for (const e of requirementsFor(procedure, role)) {
    const r = e.requirement;
    if (NOT_LISTED.has(r.check)) continue;
    const entry: ChecklistEntry = { id: e.id, label: e.label, details: details(r), source: e.source, ...(e.onlyIf ? { onlyIf: e.onlyIf } : {}) };
    if (CONDITIONS.has(r.check)) conditions.push(entry);
    else if ((r.check === 'document' || r.check === 'request_fields') && r.alternative)
      groups.set(r.alternative.group, [...(groups.get(r.alternative.group) ?? []), entry]);
    else documents.push(entry);
  }
  const sections: ChecklistSection[] = [{ title: 'Documentos que debe llevar', entries: documents }];
  for (const [id, entries] of groups) {
    const g = def.alternativeGroups.find((x) => x.id === id);
    sections.push({ title: `Uno de estos: ${g?.label ?? id}`, intro: g ? `Lleve ${g.alternativesText}.` : undefined, entries });
  }
  return { sections: sections.filter((s) => s.entries.length > 0), conditions };
}

// --- the window's checklist (the officer records what was presented) -------------------------

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
  /** The document's name (the heading of its part of the form). */
  title: string;
  /** The requirement as the sheet (and the applicant's checklist) says it. */
  label: string;
  source: string;
  kinds: Array<{ value: DocumentKind; text: string }>;
  owner?: DocumentOwner;
  signature?: { required: string; electronicRefused: boolean; signers: Array<{ value: DocumentOwner; text: string }> };
  fields: WindowField[];
  onlyIf?: string;
  alternativeGroup?: string;
  /** 001: the poder's deed, whose scan the window captures for the legal unit (ADR 0028). */
  deedScan?: boolean;
}

function specs(fields: readonly FieldRequirement[] | undefined): Array<FieldSpec & { optional: boolean }> {
  return (fields ?? []).flatMap((f) =>
    'oneOf' in f ? f.oneOf.flat().map((s) => ({ ...s, label: `${s.label} (${f.label})`, optional: true })) : [{ ...f, optional: !!f.optional }],
  );
}

/**
 * One entry per document the filer's role may have to present, with what the officer records
 * of it (original, copy, signature and who signed, the data read from it); the alternatives of
 * a group together. The checklist itself decides, in the workflow.
 */
export function windowChecklist(
  procedure: ProcedureType,
  role: FilerRole,
): { documents: WindowDocument[]; groups: Array<{ id: string; label: string; text: string }> } {
  const entries = requirementsFor(procedure, role);
  const embedded = new Map<DocumentKind, Array<{ key: string; label: string; optional: boolean }>>();
  for (const { requirement: r } of entries) {
    if (r.check !== 'embedded_fields') continue;
    embedded.set(r.documentKind, [
      ...(embedded.get(r.documentKind) ?? []),
      ...specs(r.fields).map((s) => ({ key: s.key, label: s.label, optional: s.optional })),
    ]);
  }
  const documents: WindowDocument[] = [];
  for (const e of entries) {
    const r = e.requirement;
    if (r.check !== 'document') continue;
    const name = `d${documents.length}`;
    const d = r.document;
    const seen = new Set<string>();
    const extra = [
      // 000, Requisitos 4: registered in the Ministry of Labour's SUT; in force.
      ...(d.mustBeRegisteredInSut ? [{ key: 'sutRegistrationNumber', label: 'Número de registro en el SUT', optional: true }] : []),
      ...(d.mustBeCurrent ? [{ key: 'validUntil', label: 'Vigente hasta (AAAA-MM-DD)', optional: true }] : []),
    ];
    const fields = [
      ...specs(d.fields).map((s) => ({ key: s.key, label: s.label, optional: s.optional })),
      ...d.kinds.flatMap((k) => embedded.get(k) ?? []),
      ...extra,
    ]
      .filter((f) => (seen.has(f.key) ? false : (seen.add(f.key), true)))
      .map((f) => ({ ...f, name: `${name}_f_${f.key}` }));
    documents.push({
      name,
      requirementId: r.id,
      title: d.name,
      label: e.label,
      source: e.source,
      kinds: d.kinds.map((k) => ({ value: k, text: DOCUMENT_KIND_LABELS[k] })),
      ...(d.owners && d.owners.length > 0 && !d.owners.includes('holder') ? { owner: d.owners[0] } : {}),
      ...(d.signature
        ? {
            signature: {
              required: signatureText(d.signature),
              electronicRefused: !!d.signature.electronicRefused,
              signers: (d.signature.allowedSigners ?? []).map((o) => ({ value: o, text: DOCUMENT_OWNER_LABELS[o] })),
            },
          }
        : {}),
      fields,
      ...(e.onlyIf ? { onlyIf: e.onlyIf } : {}),
      ...(r.alternative ? { alternativeGroup: r.alternative.group } : {}),
      ...(d.kinds.includes('poder') ? { deedScan: true } : {}),
    });
  }
  return { documents, groups: getProcedure(procedure).alternativeGroups.map((g) => ({ id: g.id, label: g.label, text: g.alternativesText })) };
}
