/** Small, locale-independent text helpers (no Intl: the workflow sandbox must stay deterministic). */

/** Remove diacritics, upper-case, keep letters/digits, collapse whitespace. */
export function foldText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();
}

/**
 * Compare two personal names ignoring accents, case, punctuation and word
 * order ("PÉREZ LÓPEZ, Ana" equals "Ana Perez Lopez"). Word order differs
 * between passports (surname first) and letters (given names first).
 */
export function sameName(a: string, b: string): boolean {
  const tokens = (s: string): string => foldText(s).split(' ').filter(Boolean).sort().join(' ');
  const ta = tokens(a);
  return ta.length > 0 && ta === tokens(b);
}

export function isBlank(value: string | undefined | null): boolean {
  return value === undefined || value === null || value.trim() === '';
}

/** Group digits with "." as es-EC does: 1048576 -> "1.048.576". */
export function formatInteger(value: number): string {
  const sign = value < 0 ? '-' : '';
  const digits = String(Math.trunc(Math.abs(value)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** Human size in es-EC: "1.048.577 bytes" (exact, so the limit is never rounded away). */
export function formatBytes(bytes: number): string {
  return `${formatInteger(bytes)} bytes`;
}

/** Replace `{name}` placeholders; unknown placeholders are left untouched. */
export function interpolate(template: string, params: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{([a-zA-Z0-9_]+)\}/g, (whole, key: string) => {
    const value = params[key];
    return value === undefined ? whole : String(value);
  });
}
