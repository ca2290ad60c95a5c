import fs from 'node:fs';
import path from 'node:path';
import i18next, { type i18n, type TFunction } from 'i18next';

/** The applicants' languages: Spanish (es-EC, the default and authoritative) and English (ADR 0031). */
export const LOCALES = ['es', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'es';

export const isLocale = (v: unknown): v is Locale => typeof v === 'string' && (LOCALES as readonly string[]).includes(v);

/** The value of `<html lang>`: Ecuador's Spanish, or English. */
export const htmlLangOf = (locale: Locale): string => (locale === 'es' ? 'es-EC' : 'en');

/** Where the catalogues live: one JSON file per namespace (page group) and language. */
export const LOCALES_DIR = path.resolve(__dirname, '../../locales');

export type Catalogue = Record<string, unknown>;

/** Every namespace's catalogue of one language, read from `apps/web/locales/<locale>/<namespace>.json`. */
export function readCatalogues(locale: Locale, dir = LOCALES_DIR): Record<string, Catalogue> {
  const folder = path.join(dir, locale);
  const out: Record<string, Catalogue> = {};
  for (const file of fs
    .readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    out[file.slice(0, -'.json'.length)] = JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8')) as Catalogue;
  }
  return out;
}

let instance: i18n | undefined;

/**
 * The one i18next instance of the process, its catalogues loaded synchronously at first use. A
 * key missing in English falls back to the Spanish text (never to the key); the catalogue spec
 * (catalogues.spec.ts) keeps both languages complete.
 */
export function translations(): i18n {
  if (instance) return instance;
  const resources = Object.fromEntries(LOCALES.map((l) => [l, readCatalogues(l)]));
  const created = i18next.createInstance();
  void created.init({
    resources,
    lng: DEFAULT_LOCALE,
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: [...LOCALES],
    ns: Object.keys(resources[DEFAULT_LOCALE] ?? {}),
    defaultNS: 'common',
    initAsync: false,
    showSupportNotice: false,
    returnNull: false,
    // Nunjucks escapes what it prints; a catalogue's HTML is marked safe by the template (`| safe`).
    interpolation: { escapeValue: false },
  });
  instance = created;
  return created;
}

/** The translate function of one language. */
export const translatorOf = (locale: Locale): TFunction => translations().getFixedT(locale);
