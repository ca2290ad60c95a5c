import { NATIONALITIES, type Nationality } from './nationality';

/** The languages a nationality is named in: the applicant's pages' (es-EC, the default, and English). */
export type NationalityLanguage = 'es' | 'en';

const BY_CODE: ReadonlyMap<string, Nationality> = new Map(NATIONALITIES.map((n) => [n.code, n]));

/**
 * A nationality's name in `language` from its code (ISO 3166-1 alpha-3, or ICAO Doc 9303's XXA
 * stateless and XXB/XXC refugee): "PRY" is "Paraguay". The code stays the data; people read the
 * name (pages, confirmations, issued documents). An unknown code is shown as it came.
 */
export function nationalityName(code: string | null | undefined, language: NationalityLanguage = 'es'): string {
  if (!code) return '';
  return BY_CODE.get(code)?.[language] ?? code;
}

export interface NationalityChoice {
  readonly code: string;
  readonly name: string;
}

const sorted = new Map<NationalityLanguage, readonly NationalityChoice[]>();

/**
 * Every nationality a form offers, by its name in `language` in that language's alphabetical order,
 * then the statuses that name no state (stateless, refugee, ...) after the countries.
 */
export function nationalityChoices(language: NationalityLanguage = 'es'): readonly NationalityChoice[] {
  const kept = sorted.get(language);
  if (kept) return kept;
  const collator = new Intl.Collator(language === 'es' ? 'es-EC' : 'en', { sensitivity: 'base' });
  const byName = (a: Nationality, b: Nationality): number => collator.compare(a[language], b[language]);
  const countries = NATIONALITIES.filter((n) => n.kind === 'iso').sort(byName);
  const statuses = NATIONALITIES.filter((n) => n.kind === 'icao');
  const choices = [...countries, ...statuses].map((n) => ({ code: n.code, name: n[language] }));
  sorted.set(language, choices);
  return choices;
}
