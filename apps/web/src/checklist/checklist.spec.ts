import { getProcedure, type FilerRole } from '@tramites/domain';
import { CHECKLIST_PROCEDURES, checklistFor, windowChecklist } from './checklist';

const SHOWN_CHECKS = new Set([
  'document',
  'request_fields',
  'embedded_fields',
  'holder_without_cedula',
  'holder_without_foreigner_code',
  'employer_registered',
  'identity_match',
]);

describe('the checklist pages, from the procedure sheets', () => {
  const cases = CHECKLIST_PROCEDURES.flatMap((p) => getProcedure(p).filers.map((f) => [p, f.role] as const));

  it.each(cases)('%s filed by %s: every entry names its sheet and section', (procedure, role) => {
    const { sections, conditions } = checklistFor(procedure, role as FilerRole);
    const sheet = getProcedure(procedure).sheet;
    const entries = [...sections.flatMap((s) => s.entries), ...conditions];
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) expect(e.source).toMatch(new RegExp(`^Ficha ${sheet}, \\S`));
  });

  it.each(CHECKLIST_PROCEDURES)('%s: each requirement an applicant must know is shown to at least one filer', (procedure) => {
    const def = getProcedure(procedure);
    const shown = new Set(
      def.filers.flatMap((f) => {
        const c = checklistFor(procedure, f.role);
        return [...c.sections.flatMap((s) => s.entries), ...c.conditions].map((e) => e.id);
      }),
    );
    // 004 Ventanilla Virtual uploads are not part of the in-person checklist.
    const expected = def.requirements
      .filter((r) => SHOWN_CHECKS.has(r.check) && !(r.appliesWhen && JSON.stringify(r.appliesWhen).includes('"virtual"')))
      .map((r) => r.id);
    expect(expected.filter((id) => !shown.has(id))).toEqual([]);
  });

  it('001 by an attorney: the endorsed poder, and the foreigner identity as alternatives (passport, else visa, else home id)', () => {
    const { sections } = checklistFor('FOREIGNER_CODE_EMPLOYMENT', 'attorney');
    const all = sections.flatMap((s) => s.entries.map((e) => e.id));
    expect(all).toContain('001.poder');
    const alternatives = sections.find((s) => s.title.startsWith('Uno de estos'));
    expect(alternatives?.entries.length).toBe(3);
    expect(checklistFor('FOREIGNER_CODE_EMPLOYMENT', 'employer').sections.flatMap((s) => s.entries.map((e) => e.id))).not.toContain('001.poder');
  });
});

describe('one checklist: the applicant page and the window say the same of each requirement', () => {
  const cases = CHECKLIST_PROCEDURES.filter((p) => p !== 'EMPLOYER_PORTAL_PASSWORD').flatMap((p) => getProcedure(p).filers.map((f) => [p, f.role] as const));

  it.each(cases)('%s filed by %s: every document at the window has the label, source and condition of the applicant entry', (procedure, role) => {
    const applicant = checklistFor(procedure, role as FilerRole);
    const entries = new Map([...applicant.sections.flatMap((s) => s.entries), ...applicant.conditions].map((e) => [e.id, e]));
    const { documents } = windowChecklist(procedure, role as FilerRole);
    expect(documents.length).toBeGreaterThan(0);
    for (const d of documents) {
      const e = entries.get(d.requirementId);
      expect({ id: d.requirementId, label: d.label, source: d.source, onlyIf: d.onlyIf }).toEqual({
        id: e?.id,
        label: e?.label,
        source: e?.source,
        onlyIf: e?.onlyIf,
      });
    }
  });

  it('000 by the holder: the passport is «Pasaporte: original y copia simple» on both pages, the document named «Pasaporte del titular» at the window', () => {
    const passport = windowChecklist('FOREIGNER_CODE', 'holder').documents.find((d) => d.title === 'Pasaporte del titular');
    expect(passport?.label).toBe('Pasaporte: original y copia simple');
    expect(
      checklistFor('FOREIGNER_CODE', 'holder')
        .sections.flatMap((s) => s.entries)
        .find((e) => e.id === passport?.requirementId)?.label,
    ).toBe('Pasaporte: original y copia simple');
  });
});
