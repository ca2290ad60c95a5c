/**
 * Reading a verification number typed by a person (docs/decisions/0006):
 * `VN-YYYY-XXXX-XXXX-XC`, Crockford base32, with a check character such that
 * c + sum((k + 2) * v_k) = 0 (mod 37) over the year digits and the 9 random
 * characters. The worker issues them (activities/src/issuance); the API only
 * needs to recognise one, so this small reader lives here (the API may not
 * import worker code).
 */

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const MODULUS = 37;
const COMPACT_FORM = /^VN(\d{4})([0-9A-HJKMNP-TV-Z]{9})([0-9A-HJKMNP-TV-Z])$/;

function expectedCheck(yearAndRandom: string): number {
  let sum = 0;
  for (let i = 0; i < yearAndRandom.length; i += 1) sum += (i + 2) * ALPHABET.indexOf(yearAndRandom.charAt(i));
  return (MODULUS - (sum % MODULUS)) % MODULUS;
}

/**
 * The printed form of a well-formed number, or undefined (wrong shape or a
 * failed check, i.e. a typo). Case, spaces and hyphens do not matter; O is
 * read as 0 and I / L as 1, as Crockford base32 allows.
 */
export function canonicalVerificationNumber(input: unknown): string | undefined {
  if (typeof input !== 'string' || input.length > 64) return undefined;
  const compact = input.toUpperCase().replace(/[\s-]+/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  const match = COMPACT_FORM.exec(compact);
  if (!match) return undefined;
  const [, year = '', random = '', check = ''] = match;
  if (expectedCheck(year + random) !== ALPHABET.indexOf(check)) return undefined;
  return `VN-${year}-${random.slice(0, 4)}-${random.slice(4, 8)}-${random.slice(8)}${check}`;
}
