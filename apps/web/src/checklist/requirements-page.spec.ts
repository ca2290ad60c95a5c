import { getProcedure } from '@tramites/domain';
import { translatorOf } from '../i18n';
import { translations } from '../i18n/catalogue';
import { CHECKLIST_PROCEDURES, checklistFor } from './checklist';
import { MUST_INCLUDE, detailKey, detailLine, labelKey, onlyIfKey, procedureWords, requirementLines } from './requirements-page';

const has = (locale: 'es' | 'en', key: string): boolean => translations().exists(key, { lng: locale, fallbackLng: false });
const es = translatorOf('es');
const en = translatorOf('en');

/** Every requirement an applicant reads, by procedure and filer (the sheets of libs/domain). */
const ENTRIES = CHECKLIST_PROCEDURES.flatMap((procedure) =>
  getProcedure(procedure).filers.flatMap((f) => {
    const { sections, conditions } = checklistFor(procedure, f.role);
    return [...sections.flatMap((s) => s.entries), ...conditions].map((e) => ({ procedure, role: f.role, e }));
  }),
);

describe('the requirements namespace: each requirement of the sheets in Spanish, with its English translation', () => {
  it('finds the requirements', () => {
    expect(ENTRIES.length).toBeGreaterThan(30);
  });

  it('has every requirement’s label in both languages, the Spanish one the sheet’s own words', () => {
    const problems = ENTRIES.flatMap(({ e }) => [
      ...(!has('en', labelKey(e.id)) ? [`en ${e.id}`] : []),
      ...(es(labelKey(e.id)) !== e.label ? [`es ${e.id}: the sheet says «${e.label}»`] : []),
      ...(e.onlyIf && !has('en', onlyIfKey(e.id)) ? [`en onlyIf ${e.id}`] : []),
      ...(e.onlyIf && es(onlyIfKey(e.id)) !== e.onlyIf ? [`es onlyIf ${e.id}: the sheet says «${e.onlyIf}»`] : []),
    ]);
    expect(problems).toEqual([]);
  });

  it('translates every detail line of every requirement (none shown in Spanish alone)', () => {
    const untranslated = ENTRIES.flatMap(({ e }) => e.details.filter((d) => !d.startsWith(MUST_INCLUDE) && !detailKey(en, d)));
    expect(detailLine(en, 'en', 'Original y copia simple')).toEqual({ text: 'Original and plain copy', es: 'Original y copia simple' });
    expect([...new Set(untranslated)]).toEqual([]);
  });

  it('names every procedure, filer and group in both languages', () => {
    const missing: string[] = [];
    for (const procedure of CHECKLIST_PROCEDURES) {
      const def = getProcedure(procedure);
      const keys = [
        ...['name', 'description', 'result', 'officeHours'].map((f) => `requirements:procedures.${procedure}.${f}`),
        ...def.filers.map((f) => `requirements:procedures.${procedure}.filers.${f.role}`),
        ...def.filers.map((f) => `requirements:roles.${f.role}`),
        ...def.forbiddenFilers.map((_, i) => `requirements:procedures.${procedure}.forbidden.${i}`),
        ...def.alternativeGroups.flatMap((g) => [`requirements:groups.${g.id}.label`, `requirements:groups.${g.id}.alternatives`]),
      ];
      for (const key of keys) for (const l of ['es', 'en'] as const) if (!has(l, key)) missing.push(`${l} ${key}`);
      expect(es(`requirements:procedures.${procedure}.name`)).toBe(def.name);
    }
    expect(missing).toEqual([]);
  });

  it('shows the sheets’ words unchanged in Spanish, and in English the translation with the Spanish beside', () => {
    const spanish = requirementLines(es, 'es', 'EMPLOYER_PORTAL_PASSWORD', 'legal_representative');
    const english = requirementLines(en, 'en', 'EMPLOYER_PORTAL_PASSWORD', 'legal_representative');
    const artisan = (lines: typeof spanish) => lines.sections.flatMap((s) => s.entries).find((e) => e.id === '004.artisan_qualification');
    expect(artisan(spanish)).toMatchObject({
      label: { text: 'Calificación artesanal (artesanos calificados): copia simple o archivo escaneado' },
      onlyIf: { text: 'si es artesano calificado' },
    });
    expect(artisan(spanish)?.label.es).toBeUndefined();
    expect(artisan(english)).toMatchObject({
      label: {
        text: 'Artisan qualification (qualified artisans): plain copy or scanned file',
        es: 'Calificación artesanal (artesanos calificados): copia simple o archivo escaneado',
      },
      onlyIf: { text: 'if you are a qualified artisan' },
    });
    expect(procedureWords(en, 'en', 'EMPLOYER_PORTAL_PASSWORD').name).toEqual({
      text: 'Employer password for the IESS portal',
      es: 'Generación de clave patronal de acceso al portal IESS',
    });
  });
});
