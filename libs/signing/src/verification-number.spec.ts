import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import {
  CROCKFORD_ALPHABET,
  isCanonicalVerificationNumber,
  isValidVerificationNumber,
  newVerificationNumber,
  normalizeVerificationNumber,
} from './verification-number';

/** A deterministic byte source that replays `bytes` cyclically. */
const replay =
  (bytes: readonly number[]) =>
  (n: number): Uint8Array => {
    let at = 0;
    return Uint8Array.from({ length: n }, () => bytes[at++ % bytes.length]!);
  };

const ISSUED_AT = Date.parse('2026-03-10T15:00:00Z');
/** A seeded PRNG (mulberry32) as a byte source: every redraw gets fresh bytes. */
function seededBytes(seed: number): (n: number) => Uint8Array {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) & 0xff;
  };
  return (n) => Uint8Array.from({ length: n }, next);
}

const anyNumber = fc
  .tuple(fc.integer(), fc.integer({ min: 2000, max: 2099 }))
  .map(([seed, year]) => newVerificationNumber(seededBytes(seed), Date.UTC(year, 5, 1)));

/** Every character someone might type in place of another one. */
const REPLACEMENTS = [...new Set(`${CROCKFORD_ALPHABET}ILOU-_ ${'abcdefghijklmnopqrstuvwxyz'}`)];

describe('newVerificationNumber', () => {
  it('prints VN-YYYY-XXXX-XXXX-XX with the Guayaquil year and Crockford characters', () => {
    const vn = newVerificationNumber(randomBytes, ISSUED_AT);
    expect(vn).toMatch(/^VN-2026-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$/);
    expect(isValidVerificationNumber(vn)).toBe(true);
    expect(isCanonicalVerificationNumber(vn)).toBe(true);
  });

  it('uses the year in Guayaquil (UTC-5), not the UTC year', () => {
    // 2027-01-01T03:00Z is still 2026-12-31 22:00 in Guayaquil.
    expect(newVerificationNumber(randomBytes, new Date('2027-01-01T03:00:00Z'))).toMatch(/^VN-2026-/);
    expect(newVerificationNumber(randomBytes, new Date('2027-01-01T05:00:00Z'))).toMatch(/^VN-2027-/);
  });

  it('is a pure function of the random bytes and the date', () => {
    const bytes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18];
    expect(newVerificationNumber(replay(bytes), ISSUED_AT)).toBe(newVerificationNumber(replay(bytes), ISSUED_AT));
  });

  it('always produces valid canonical numbers', () => {
    fc.assert(
      fc.property(anyNumber, (vn) => {
        expect(isCanonicalVerificationNumber(vn)).toBe(true);
      }),
    );
  });

  it('refuses a random source that returns the wrong length, and gives up on a constant one', () => {
    expect(() => newVerificationNumber(() => new Uint8Array(3), ISSUED_AT)).toThrow(expect.objectContaining({ code: 'VERIFICATION_NUMBER.INVALID_RANDOM' }));
    // Find a byte whose repetition yields a check value outside the alphabet (redrawn for ever).
    const stuck = Array.from({ length: 32 }, (_, b) => b).find((b) => {
      try {
        newVerificationNumber(() => new Uint8Array(9).fill(b), ISSUED_AT);
        return false;
      } catch {
        return true;
      }
    });
    expect(stuck).toBeDefined();
    expect(() => newVerificationNumber(() => new Uint8Array(9).fill(stuck!), ISSUED_AT)).toThrow(
      expect.objectContaining({ code: 'VERIFICATION_NUMBER.GENERATION_EXHAUSTED' }),
    );
  });
});

describe('isValidVerificationNumber', () => {
  it('accepts lower case, missing or extra separators and the Crockford aliases', () => {
    const vn = newVerificationNumber(replay([0, 1, 8, 2, 3, 4, 5, 6, 7, 9, 10, 11]), ISSUED_AT);
    const loose = vn.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l');
    expect(normalizeVerificationNumber(loose)).toBe(vn);
    expect(normalizeVerificationNumber(vn.replace(/-/g, ''))).toBe(vn);
    expect(isCanonicalVerificationNumber(vn.toLowerCase())).toBe(false);
  });

  it.each(['', 'VN', 'VN-2026-7K3M-Q9XD-2', 'VN-2026-7K3M-Q9XD-2HH', 'XX-2026-7K3M-Q9XD-2H', 'VN-20A6-7K3M-Q9XD-2H', 'VN-2026-7K3U-Q9XD-2H'])(
    'rejects %j',
    (input) => {
      expect(isValidVerificationNumber(input)).toBe(false);
    },
  );

  it('detects every single-character change', () => {
    fc.assert(
      fc.property(anyNumber, (vn) => {
        for (let i = 0; i < vn.length; i++) {
          for (const replacement of REPLACEMENTS) {
            const changed = vn.slice(0, i) + replacement + vn.slice(i + 1);
            const normalised = normalizeVerificationNumber(changed);
            // Either rejected, or it is the same number spelt differently (case, alias, separator).
            if (normalised !== undefined) expect(normalised).toBe(vn);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('detects every transposition of two different characters', () => {
    fc.assert(
      fc.property(anyNumber, (vn) => {
        const compact = vn.replace(/-/g, '');
        for (let i = 0; i < compact.length; i++) {
          for (let j = i + 1; j < compact.length; j++) {
            if (compact[i] === compact[j]) continue;
            const swapped = [...compact];
            [swapped[i], swapped[j]] = [swapped[j]!, swapped[i]!];
            expect(isValidVerificationNumber(swapped.join(''))).toBe(false);
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
