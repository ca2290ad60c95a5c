import { NATIONALITIES } from './nationality';
import { nationalityChoices, nationalityName } from './nationality-names';

describe('nationality names', () => {
  it('names a code in Spanish (the default) or English; an unknown code is shown as it came', () => {
    expect(nationalityName('PRY')).toBe('Paraguay');
    expect(nationalityName('COL', 'es')).toBe('Colombia');
    expect(nationalityName('DEU', 'es')).toBe('Alemania');
    expect(nationalityName('DEU', 'en')).toBe('Germany');
    expect(nationalityName('XXA', 'en')).toBe('Stateless person (1954 Convention)');
    expect(nationalityName('XXB', 'es')).toBe('Refugiado (Convención de 1951)');
    expect(nationalityName('ZZZ', 'en')).toBe('ZZZ');
    expect(nationalityName(undefined)).toBe('');
  });

  it.each(['es', 'en'] as const)('offers every nationality once in %s, countries by name, then the statuses that name no state', (language) => {
    const choices = nationalityChoices(language);
    expect(choices.map((c) => c.code).sort()).toEqual(NATIONALITIES.map((n) => n.code).sort());
    const countries = choices.slice(0, 249).map((c) => c.name);
    const collator = new Intl.Collator(language === 'es' ? 'es-EC' : 'en', { sensitivity: 'base' });
    expect([...countries].sort(collator.compare)).toEqual(countries);
    expect(choices.slice(249).map((c) => c.code)).toEqual(expect.arrayContaining(['XXA', 'XXB', 'XXC']));
    for (const code of ['URY', 'PRY', 'HND', 'IND']) expect(choices.some((c) => c.code === code)).toBe(true);
  });
});
