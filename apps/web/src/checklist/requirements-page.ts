import type { TFunction } from 'i18next';
import { FILER_ROLE_LABELS, getProcedure, type FilerRole, type ProcedureType } from '@tramites/domain';
import type { Locale } from '../i18n';
import { checklistFor, type ChecklistEntry, type ChecklistSection } from './checklist';

/**
 * The `/requisitos` pages in the applicant's language (ADR 0031). The sheets' wording is
 * authoritative in Spanish: in Spanish the page shows it as libs/domain holds it; in English each
 * text is the `requirements` namespace's translation, keyed by the requirement's id, with the
 * sheet's Spanish words beside it (`es`, rendered with lang="es-EC"). A text the catalogue does
 * not translate is shown in Spanish, marked as such (requirements-page.spec.ts keeps them all).
 */
export interface Worded {
  text: string;
  /** The sheet's Spanish words, beside an English translation. */
  es?: string;
}

export interface RequirementLine {
  id: string;
  label: Worded;
  onlyIf?: Worded;
  details: Worded[];
  source: string;
}

const SPANISH_ONLY = (text: string): Worded => ({ text });

/** Keys of a sheet's requirement id ("004.in_person.cedula") are nested as i18next reads them. */
export const labelKey = (id: string): string => `requirements:label.${id}`;
export const onlyIfKey = (id: string): string => `requirements:onlyIf.${id}`;

/** The catalogue's English, with the Spanish beside; in Spanish the Spanish alone. */
function worded(t: TFunction, locale: Locale, key: string, spanish: string, vars: Record<string, string> = {}): Worded {
  if (locale === 'es') return SPANISH_ONLY(spanish);
  return t(key, { ...vars, defaultValue: '' }) ? { text: t(key, vars), es: spanish } : { text: spanish, es: spanish };
}

/** The catalogue's maps of the detail lines (presentation, signature, registries): objects, read whole. */
const DETAIL_MAPS = ['presentation', 'detail'].map((group) => `requirements:${group}`);

/** The catalogue key of a Spanish detail line of libs/domain's checklist; undefined when the catalogue lacks it. */
export function detailKey(t: TFunction, spanish: string): string | undefined {
  for (const prefix of DETAIL_MAPS) {
    const map = t(prefix, { lng: 'es', returnObjects: true }) as Record<string, unknown>;
    for (const [k, v] of Object.entries(map)) if (v === spanish) return `${prefix}.${k}`;
  }
  return undefined;
}

/** The sheet's list of fields a document must hold: the fields keep the sheet's names. */
export const MUST_INCLUDE = 'Debe incluir: ';

export function detailLine(t: TFunction, locale: Locale, spanish: string): Worded {
  if (locale === 'es') return SPANISH_ONLY(spanish);
  if (spanish.startsWith(MUST_INCLUDE)) {
    // The fields keep the sheet's names: the applicant finds them so on the forms.
    const fields = spanish.slice(MUST_INCLUDE.length);
    return { text: t('requirements:list.mustInclude'), es: fields };
  }
  const key = detailKey(t, spanish);
  return key ? { text: t(key), es: spanish } : { text: spanish, es: spanish };
}

function line(t: TFunction, locale: Locale, e: ChecklistEntry): RequirementLine {
  const m = /^Ficha (\S+), (.+)$/.exec(e.source);
  return {
    id: e.id,
    label: worded(t, locale, labelKey(e.id), e.label),
    ...(e.onlyIf ? { onlyIf: worded(t, locale, onlyIfKey(e.id), e.onlyIf) } : {}),
    details: e.details.map((d) => detailLine(t, locale, d)),
    source: t('requirements:list.source', { source: m ? t('requirements:list.sourceText', { sheet: m[1], section: m[2] }) : e.source }),
  };
}

/** A procedure's names in the page's language: the sheet's name beside the English. */
export function procedureWords(t: TFunction, locale: Locale, procedure: ProcedureType) {
  const def = getProcedure(procedure);
  const k = (field: string): string => `requirements:procedures.${procedure}.${field}`;
  return {
    def,
    name: worded(t, locale, k('name'), def.name),
    description: worded(t, locale, k('description'), def.description),
    result: worded(t, locale, k('result'), def.result.label),
    officeHours: worded(t, locale, k('officeHours'), def.officeHours.description),
    filers: def.filers.map((f) => ({
      role: f.role,
      label: worded(t, locale, `requirements:roles.${f.role}`, FILER_ROLE_LABELS[f.role]),
      description: worded(t, locale, k(`filers.${f.role}`), f.description),
    })),
    forbidden: def.forbiddenFilers.map((f, i) => worded(t, locale, k(`forbidden.${i}`), f.description)),
  };
}

/** One requirements list (procedure and filer), its sections and conditions in the page's language. */
export function requirementLines(t: TFunction, locale: Locale, procedure: ProcedureType, role: FilerRole) {
  const def = getProcedure(procedure);
  const { sections, conditions } = checklistFor(procedure, role);
  const sectionTitle = (s: ChecklistSection, i: number): { title: Worded; intro?: Worded } => {
    if (i === 0) return { title: worded(t, locale, 'requirements:list.documents', s.title) };
    const group = def.alternativeGroups.find((g) => s.title.endsWith(g.label));
    if (!group || locale === 'es') return { title: SPANISH_ONLY(s.title), ...(s.intro ? { intro: SPANISH_ONLY(s.intro) } : {}) };
    const gk = `requirements:groups.${group.id}`;
    return {
      title: { text: t('requirements:list.oneOf', { group: t(`${gk}.label`) }), es: s.title },
      ...(s.intro ? { intro: { text: t('requirements:list.bring', { alternatives: t(`${gk}.alternatives`) }), es: s.intro } } : {}),
    };
  };
  return {
    sections: sections.map((s, i) => ({ ...sectionTitle(s, i), entries: s.entries.map((e) => line(t, locale, e)) })),
    conditions: conditions.map((e) => line(t, locale, e)),
  };
}
