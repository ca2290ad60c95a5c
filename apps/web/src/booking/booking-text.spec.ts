import { CASE_STATUSES } from '@tramites/contracts';
import { getProcedure } from '@tramites/domain';
import { translatorOf } from '../i18n';
import { DOCUMENT_TYPE_CODES, dayIn, documentTypeName, filerHint, filerName, procedureHint, procedureName, statusText } from './booking-text';
import { IN_PERSON } from './question-pages';

describe('the booking words built from data', () => {
  it.each(['es', 'en'] as const)('%s: every procedure, filer, document type and status has its words', (locale) => {
    const t = translatorOf(locale);
    const keyLeaks = (s: string) => expect(s).not.toMatch(/^booking:|^[A-Z_]+$|^[a-z_]+$/);
    for (const p of IN_PERSON) {
      keyLeaks(procedureName(t, p));
      expect(procedureHint(t, p)).toContain(getProcedure(p).sheet);
      for (const f of getProcedure(p).filers.filter((x) => x.role !== 'legal_representative')) {
        keyLeaks(filerName(t, f.role));
        expect(filerHint(t, p, f.role)).not.toBe('');
      }
    }
    for (const d of DOCUMENT_TYPE_CODES) keyLeaks(documentTypeName(t, d));
    for (const s of CASE_STATUSES) keyLeaks(statusText(t, s));
  });

  it('names each procedure once, by its sheet: Spanish is the sheet’s own name', () => {
    const t = translatorOf('es');
    for (const p of IN_PERSON) expect(procedureName(t, p).toLowerCase()).toBe(getProcedure(p).name.toLowerCase());
    expect(procedureName(translatorOf('en'), 'FOREIGNER_CODE')).toBe('Foreigner identification code');
  });

  it('writes days in the page’s language, in Guayaquil', () => {
    expect(dayIn('es', '2026-12-01')).toBe('martes, 1 de diciembre de 2026');
    expect(dayIn('en', '2026-12-01')).toBe('Tuesday, 1 December 2026');
  });
});
