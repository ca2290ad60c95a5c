import { toGuayaquilWallClock } from '@tramites/domain';
import { IssuanceError } from './issuance-error';

/**
 * The number printed on every issued document, with which anyone can ask the
 * IESS (or the QR code's signed statement) whether the document is genuine:
 *
 *   VN-2026-7K3M-Q9XD-2H
 *   |  |    |         | +-- check character
 *   |  |    +---------+---- 9 random characters, Crockford base32 (45 bits)
 *   |  +------------------- issue year (Guayaquil)
 *   +---------------------- marker "VN"
 *
 * Crockford base32 has no I, L, O or U, so it survives being read aloud
 * and copied by hand; on input, O is read as 0 and I / L as 1, case and
 * separators are ignored.
 *
 * Check character: with values v1..v13 (the four year digits, then the nine
 * random characters) and the check value c,
 *   c + sum(k * vk, k = 2..14 for v1..v13) = 0 (mod 37).
 * 37 is prime and every weight (1 for c, 2..14 for the others) is distinct
 * and non-zero modulo 37, so any single-character substitution and any
 * transposition of two characters changes the sum and is detected. Since
 * the alphabet has 32 symbols and c can reach 36, issuance simply redraws
 * the random part when c >= 32 (5 draws in 37): every printed character
 * stays in the Crockford alphabet, with no extra check symbols.
 */

export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_LENGTH = 9;
const CHECK_MODULUS = 37;
const MAX_DRAWS = 64;

const CANONICAL = /^VN-(\d{4})-([0-9A-HJKMNP-TV-Z]{4})-([0-9A-HJKMNP-TV-Z]{4})-([0-9A-HJKMNP-TV-Z])([0-9A-HJKMNP-TV-Z])$/;
const COMPACT = /^VN(\d{4})([0-9A-HJKMNP-TV-Z]{9})([0-9A-HJKMNP-TV-Z])$/;

const valueOf = (char: string): number => CROCKFORD_ALPHABET.indexOf(char);

/** Check value (0..36) for the year digits followed by the random characters. */
function checkValue(yearAndRandom: string): number {
  let sum = 0;
  [...yearAndRandom].forEach((char, i) => {
    sum += (i + 2) * valueOf(char);
  });
  return (CHECK_MODULUS - (sum % CHECK_MODULUS)) % CHECK_MODULUS;
}

function format(year: string, random: string, check: string): string {
  return `VN-${year}-${random.slice(0, 4)}-${random.slice(4, 8)}-${random.slice(8)}${check}`;
}

/**
 * The canonical printed form (`VN-2026-7K3M-Q9XD-2H`) of a well-formed
 * verification number, or undefined. Accepts lower case, spaces and
 * hyphens anywhere, and the Crockford aliases O -> 0, I/L -> 1.
 */
export function normalizeVerificationNumber(input: string): string | undefined {
  if (typeof input !== 'string') return undefined;
  const compact = input
    .toUpperCase()
    .replace(/[\s-]+/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  const m = COMPACT.exec(compact);
  if (!m) return undefined;
  const [, year, random, check] = m as unknown as [string, string, string, string];
  if (checkValue(year + random) !== valueOf(check)) return undefined;
  return format(year, random, check);
}

export function isValidVerificationNumber(input: string): boolean {
  return normalizeVerificationNumber(input) !== undefined;
}

/** True only for the exact printed form (what signed statements carry). */
export function isCanonicalVerificationNumber(input: string): boolean {
  return typeof input === 'string' && CANONICAL.test(input) && normalizeVerificationNumber(input) === input;
}

/**
 * A new verification number. `randomBytes` must be a CSPRNG in production
 * (e.g. node:crypto's `randomBytes`); the number is not a secret, but it
 * must not be guessable from others. The year is the Guayaquil year of
 * `issuedAt` (default: now).
 */
export function newVerificationNumber(randomBytes: (n: number) => Uint8Array, issuedAt: Date | number = Date.now()): string {
  const instant = typeof issuedAt === 'number' ? issuedAt : issuedAt.getTime();
  if (!Number.isFinite(instant)) {
    throw new IssuanceError('VERIFICATION_NUMBER.INVALID_DATE', 'issuedAt must be a valid date', { issuedAt: String(issuedAt) });
  }
  const year = toGuayaquilWallClock(Math.floor(instant)).date.slice(0, 4);
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    const bytes = randomBytes(RANDOM_LENGTH);
    if (!(bytes instanceof Uint8Array) || bytes.length !== RANDOM_LENGTH) {
      throw new IssuanceError('VERIFICATION_NUMBER.INVALID_RANDOM', `randomBytes(${RANDOM_LENGTH}) must return ${RANDOM_LENGTH} bytes`, {
        length: (bytes as { length?: unknown } | undefined)?.length,
      });
    }
    // 256 is a multiple of 32: the low 5 bits of a uniform byte are uniform.
    let random = '';
    for (const byte of bytes) random += CROCKFORD_ALPHABET.charAt(byte & 0x1f);
    const check = checkValue(year + random);
    if (check < CROCKFORD_ALPHABET.length) return format(year, random, CROCKFORD_ALPHABET.charAt(check));
  }
  throw new IssuanceError('VERIFICATION_NUMBER.GENERATION_EXHAUSTED', `no verification number after ${MAX_DRAWS} draws: the random source is not random`);
}
