import { getProcedure, VIRTUAL_UPLOAD_KINDS, virtualUploadSlots, type FilerProfile } from '@tramites/domain';
import { LOCALES } from '../i18n';
import { translations } from '../i18n/catalogue';

/**
 * The keys the 004 and portal pages build at run time (`employer:kinds.${kind}`), which the
 * catalogue spec's scan of literal keys cannot see: each in both catalogues, itself (never the
 * Spanish fallback in English).
 */
const hasOwn = (locale: string, key: string): boolean => translations().exists(key, { lng: locale, fallbackLng: false });

/** Every filer profile of the 004 Ventanilla Virtual the sheet tells apart. */
const PROFILES: FilerProfile[] = (['employer', 'legal_representative'] as const).flatMap((role) =>
  [false, true].flatMap((hasCedula) =>
    [false, true].flatMap((isArtisan) => [false, true].map((isForeignEmployer) => ({ role, hasCedula, isArtisan, isForeignEmployer }))),
  ),
);

/** The keys of the pages, as the controllers build them (documents.controller.ts, start.controller.ts, portal-password.controller.ts). */
function runTimeKeys(): string[] {
  const slots = PROFILES.flatMap((p) => virtualUploadSlots(p));
  const kinds = [...new Set([...VIRTUAL_UPLOAD_KINDS, ...slots.flatMap((s) => s.kinds)])];
  return [
    ...slots.map((s) => `employer:kinds.${s.kinds.length > 1 ? s.id : s.kinds[0]}`),
    ...kinds.flatMap((k) => [`employer:kinds.${k}`, `employer:hints.${k}`]),
    ...getProcedure('EMPLOYER_PORTAL_PASSWORD').filers.map((f) => `employer:filers.${f.role}`),
    ...['used', 'expired', 'invalid', 'unavailable'].flatMap((kind) => [`portal:problem.${kind}Title`, `portal:problem.${kind}`]),
  ];
}

describe('the 004 and portal pages’ keys built at run time', () => {
  it('covers the sheet’s alternatives (a slot of several kinds) and every upload kind', () => {
    const keys = runTimeKeys();
    expect(keys).toContain('employer:kinds.foreign_employer_identity');
    expect(keys).toContain('employer:hints.artisan_qualification');
    expect(keys).toContain('employer:filers.legal_representative');
  });

  it.each(LOCALES)('has each of them in %s', (locale) => {
    expect([...new Set(runTimeKeys())].filter((key) => !hasOwn(locale, key))).toEqual([]);
  });
});
