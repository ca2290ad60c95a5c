import { FILER_FLAG_LABELS } from '../procedures/labels';
import { getProcedure } from '../procedures/catalogue';
import type { Condition, FilerFlag, FilerRole, ProcedureType, Requirement } from '../procedures/types';
import { conditionHolds } from './evaluate-checklist';
import type { ChecklistInput } from './types';

const FLAGS = Object.keys(FILER_FLAG_LABELS) as FilerFlag[];

function conditionText(c: Condition): string | undefined {
  if ('flag' in c) return FILER_FLAG_LABELS[c.flag];
  if ('not' in c) {
    const inner = conditionText(c.not);
    return inner ? `no ${inner}` : undefined;
  }
  if ('all' in c) return c.all.map(conditionText).filter(Boolean).join(' y ') || undefined;
  if ('any' in c) return c.any.map(conditionText).filter(Boolean).join(' o ') || undefined;
  return undefined;
}

/**
 * Whether a requirement applies to a filer of whom only the role and channel are known: '' when it does,
 * "si …" when a fact of the filer could make it apply (that fact in words), undefined when it never does.
 * The applicant's checklist, the window's and the reminder's list read it alike.
 */
export function requirementApplicability(r: Requirement, base: ChecklistInput): string | undefined {
  if (!r.appliesWhen || conditionHolds(r.appliesWhen, base)) return '';
  const when = r.appliesWhen;
  const couldApply = FLAGS.some((flag) => conditionHolds(when, { ...base, filer: { ...base.filer, [flag]: true } }));
  const text = conditionText(when);
  return couldApply && text ? `si ${text}` : undefined;
}

/**
 * The applicant's own list of what to bring to the window (the reminder of the day before): the
 * documents of the procedure's sheet that apply to this filer at the agency, by the same conditions
 * the window's checklist evaluates (`conditionHolds`); a document that applies only on a fact of the
 * filer the booking does not know says so ("si …"); alternatives are one line ("Uno de estos: …").
 */
export function whatToBring(procedure: ProcedureType, role: FilerRole): string[] {
  const def = getProcedure(procedure);
  const base: ChecklistInput = { procedure, channel: 'in_person', filer: { role }, documents: [] };
  const items: string[] = [];
  const groups = new Set<string>();
  for (const r of def.requirements) {
    if (r.check !== 'document') continue;
    const applies = requirementApplicability(r, base);
    if (applies === undefined) continue;
    const onlyIf = applies ? ` (solo ${applies})` : '';
    if (r.alternative) {
      if (groups.has(r.alternative.group)) continue;
      groups.add(r.alternative.group);
      const g = def.alternativeGroups.find((x) => x.id === r.alternative?.group);
      items.push(`Uno de estos: ${g?.alternativesText ?? r.label}${onlyIf}`);
      continue;
    }
    items.push(`${r.label}${onlyIf}`);
  }
  return items;
}
