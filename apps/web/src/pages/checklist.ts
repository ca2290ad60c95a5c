import {
  conditionHolds,
  FILER_ROLE_LABELS,
  getProcedure,
  type ChecklistInput,
  type Condition,
  type FieldRequirement,
  type FilerFlag,
  type FilerRole,
  type Presentation,
  type ProcedureType,
  type Requirement,
} from '@tramites/domain';

const PRESENTATION: Record<Presentation, string> = {
  original: 'Original',
  copy: 'Copia simple',
  original_and_copy: 'Original y copia simple',
  original_or_copy: 'Original o copia simple',
  upload: 'Archivo escaneado (JPG o PDF, máximo 1 MB)',
};

const FLAG_TEXT: Record<FilerFlag, string> = {
  isVulnerable: 'si pertenece a un grupo vulnerable (adulto mayor, persona con discapacidad, mujer embarazada)',
  isForeignWorkerHimself: 'si quien presenta es el propio trabajador extranjero',
  hasCedula: 'si tiene cédula de identidad ecuatoriana',
  hasForeignerCode: 'si ya tiene código de identificación para extranjero',
  isForeignEmployer: 'si el empleador es extranjero',
  isArtisan: 'si es artesano calificado',
  employerRegistered: 'si el empleador ya está registrado',
};

/** The procedures whose checklist an applicant reads before going to the agency. */
export const CHECKLIST_PROCEDURES: ProcedureType[] = ['FOREIGNER_CODE', 'FOREIGNER_CODE_EMPLOYMENT', 'NON_AFFILIATION_CERTIFICATE', 'EMPLOYER_PORTAL_PASSWORD'];

export interface ChecklistEntry {
  id: string;
  label: string;
  details: string[];
  source: string;
  /** "Solo si ...": the requirement depends on a fact the applicant knows. */
  onlyIf?: string;
}

export interface ChecklistSection {
  title: string;
  intro?: string;
  entries: ChecklistEntry[];
}

function flagsOf(c: Condition): FilerFlag[] {
  if ('flag' in c) return [c.flag];
  if ('not' in c) return flagsOf(c.not);
  if ('all' in c) return c.all.flatMap(flagsOf);
  if ('any' in c) return c.any.flatMap(flagsOf);
  return [];
}

function fieldNames(fields: readonly FieldRequirement[]): string[] {
  return fields.map((f) => ('oneOf' in f ? `${f.label} (${f.oneOf.map((o) => o.map((x) => x.label).join(' y ')).join(', o ')})` : f.label));
}

const sourceText = (r: Requirement): string => `Ficha ${r.source.sheet}, ${r.source.section}`;

/**
 * The requirements of the sheet for one procedure and filer, in plain Spanish, each traced to
 * its sheet and section; alternatives grouped ("uno de estos"); those that depend on a fact
 * the applicant knows ("solo si ...") shown with their condition, never silently dropped.
 */
export function checklistFor(procedure: ProcedureType, role: FilerRole): { sections: ChecklistSection[]; conditions: ChecklistEntry[] } {
  const def = getProcedure(procedure);
  const base: ChecklistInput = { procedure, channel: 'in_person', filer: { role }, documents: [] };
  const withFlag = (flag: FilerFlag): ChecklistInput => ({ ...base, filer: { ...base.filer, [flag]: true } });
  const documents: ChecklistEntry[] = [];
  const conditions: ChecklistEntry[] = [];
  const groups = new Map<string, ChecklistEntry[]>();
  for (const r of def.requirements) {
    if (r.check === 'filer' || r.check === 'channel' || r.check === 'portal_step' || r.check === 'appointment') continue;
    let onlyIf: string | undefined;
    if (r.appliesWhen && !conditionHolds(r.appliesWhen, base)) {
      const flag = flagsOf(r.appliesWhen).find((f) => conditionHolds(r.appliesWhen as Condition, withFlag(f)));
      if (!flag) continue;
      onlyIf = FLAG_TEXT[flag];
    }
    const details: string[] = [];
    if (r.check === 'document') {
      details.push(PRESENTATION[r.document.presentation]);
      if (r.document.signature?.required === 'handwritten')
        details.push(r.document.signature.electronicRefused ? 'Firmada a mano (no se acepta firma electrónica)' : 'Firmada a mano');
      if (r.document.signature?.required === 'electronic') details.push('Con firma electrónica');
      if (r.document.fields?.length) details.push(`Debe incluir: ${fieldNames(r.document.fields).join('; ')}`);
      if (r.document.mustBeRegisteredInSut) details.push('Registrado en el Sistema Único de Trabajo (SUT) del Ministerio del Trabajo');
      if (r.document.mustBeCurrent) details.push('Vigente');
      if (r.document.requiresEndorsedPoder) details.push('Sumillado antes por la Unidad Provincial de Asesoría Jurídica');
    }
    if (r.check === 'request_fields' || r.check === 'embedded_fields') details.push(`Debe incluir: ${fieldNames(r.fields).join('; ')}`);
    const entry: ChecklistEntry = { id: r.id, label: r.label, details, source: sourceText(r), ...(onlyIf ? { onlyIf } : {}) };
    if (r.check === 'holder_without_cedula' || r.check === 'holder_without_foreigner_code' || r.check === 'employer_registered' || r.check === 'identity_match')
      conditions.push(entry);
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

export const filerLabel = (role: FilerRole): string => FILER_ROLE_LABELS[role];
