import fs from 'node:fs';
import path from 'node:path';
import { LOCALES, readCatalogues, translatorOf, type Catalogue } from './catalogue';

const WEB_ROOT = path.resolve(__dirname, '../..');
const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Every leaf of a catalogue as `key → text`, nested keys joined by dots. */
function leaves(c: Catalogue, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(c)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) for (const [lk, lv] of leaves(v as Catalogue, key)) out.set(lk, lv);
    else out.set(key, v);
  }
  return out;
}

const variables = (text: string): string[] => [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1] ?? '').sort();

function filesUnder(dir: string, ext: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p, ext) : e.name.endsWith(ext) ? [p] : [];
  });
}

/**
 * The keys the pages name in full: every quoted `'ns:key'` of a namespace of the catalogues, wherever it
 * stands (`t('ns:key')`, `t(cond ? 'ns:a' : 'ns:b')`, a key kept in a constant). A key built at run
 * time (`employer:kinds.${kind}`) is held by its own spec (employer-text.spec.ts, affiliate-text.spec.ts).
 */
function keysUsed(namespaces: string[]): Array<{ key: string; file: string }> {
  const files = [...filesUnder(path.join(WEB_ROOT, 'views'), '.njk'), ...filesUnder(path.join(WEB_ROOT, 'src'), '.ts').filter((f) => !f.endsWith('.spec.ts'))];
  const quoted = new RegExp(`['"]((?:${namespaces.join('|')}):[\\w-]+(?:\\.[\\w-]+)*)['"]`, 'g');
  return files.flatMap((file) =>
    [...fs.readFileSync(file, 'utf8').matchAll(quoted)].map((m) => ({
      key: m[1] ?? '',
      file: path.relative(WEB_ROOT, file),
    })),
  );
}

describe('the message catalogues (apps/web/locales)', () => {
  const catalogues = Object.fromEntries(LOCALES.map((l) => [l, readCatalogues(l)]));
  const es = catalogues['es'] ?? {};
  const en = catalogues['en'] ?? {};

  it('have the same namespaces in Spanish and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(es).sort());
    expect(Object.keys(es)).toContain('common');
  });

  it.each(LOCALES.flatMap((a) => LOCALES.filter((b) => b !== a).map((b) => [a, b] as const)))('every key in %s is also in %s', (a, b) => {
    const missing: string[] = [];
    for (const [ns, catalogue] of Object.entries(catalogues[a] ?? {})) {
      const other = new Set([...leaves(catalogues[b]?.[ns] ?? {}).keys()].map((k) => k.replace(PLURAL, '')));
      for (const key of leaves(catalogue).keys()) if (!other.has(key.replace(PLURAL, ''))) missing.push(`${ns}:${key}`);
    }
    expect(missing).toEqual([]);
  });

  it('hold no empty text, and each translation names the same variables', () => {
    const problems: string[] = [];
    for (const [ns, catalogue] of Object.entries(es)) {
      const english = leaves(en[ns] ?? {});
      for (const [key, text] of leaves(catalogue)) {
        if (typeof text !== 'string' || !text.trim()) problems.push(`es ${ns}:${key} is empty`);
        const other = english.get(key);
        if (typeof other !== 'string' || !other.trim()) continue; // reported by the key test
        if (typeof text === 'string' && variables(text).join() !== variables(other).join()) problems.push(`${ns}:${key} names other variables in English`);
      }
      for (const [key, text] of english) if (typeof text !== 'string' || !text.trim()) problems.push(`en ${ns}:${key} is empty`);
    }
    expect(problems).toEqual([]);
  });

  it('have every key the templates and pages ask for, in both languages', () => {
    const used = keysUsed(Object.keys(es));
    expect(used.length).toBeGreaterThan(0);
    // Both keys of a conditional, not only the first argument's.
    expect(used.map((u) => u.key)).toEqual(expect.arrayContaining(['employer:documents.storedSigned', 'employer:documents.stored']));
    const has = (l: string, full: string): boolean => {
      const [ns = '', key = ''] = full.split(':');
      const all = leaves(catalogues[l]?.[ns] ?? {});
      return all.has(key) || all.has(`${key}_one`) || all.has(`${key}_other`);
    };
    const missing = used.filter(({ key }) => LOCALES.some((l) => !has(l, key)));
    expect(missing.map((m) => `${m.key} (${m.file})`)).toEqual([]);
  });

  it('answer in the language asked, and Spanish is the default', () => {
    expect(translatorOf('es')('common:language.name')).toBe('Español');
    expect(translatorOf('en')('common:language.name')).toBe('English');
  });
});
