import { expectErrorCode } from '@tramites/testing/unit';
import fc from 'fast-check';
import { FOREIGNER_CODE_LENGTH, composeForeignerCode, formatForeignerCode, generateForeignerCode, isValidForeignerCode } from './foreigner-code';
import { failedForeignerCodeFilters } from './filters';
import { isValidCedula } from '../validators/cedula';
import { isValidRuc } from '../validators/ruc';
import { seededRandom } from '../portal-credentials/identity-challenge';

/** Small deterministic PRNG (mulberry32) so tests replay from a seed. */
const seeded = seededRandom;

describe('foreigner identification code', () => {
  it.each([
    ['938472619509', true, undefined],
    ['9384 7261 9509', true, undefined],
    ['9384-7261-9509', true, undefined],
    ['938472619508', false, 'VALIDATION.FOREIGNER_CODE_CHECK_DIGIT'],
    ['938472619', false, 'VALIDATION.FOREIGNER_CODE_FORMAT'],
    ['838472619509', false, 'VALIDATION.FOREIGNER_CODE_FORMAT'],
    ['1712345675', false, 'VALIDATION.FOREIGNER_CODE_FORMAT'],
    ['93847261950A', false, 'VALIDATION.FOREIGNER_CODE_FORMAT'],
    ['', false, 'VALIDATION.REQUIRED'],
  ])('isValidForeignerCode(%p) -> ok=%p %p', (input, ok, code) => {
    const result = isValidForeignerCode(input);
    expect(result.ok).toBe(ok);
    if (!result.ok) {
      expect(result.code).toBe(code);
      expect(result.message).toMatch(/^Código de identificación para extranjero:/);
    }
  });

  it('prints in groups of four', () => {
    expect(formatForeignerCode('938472619509')).toBe('9384 7261 9509');
  });

  it('generates the same code from the same random source (deterministic)', () => {
    expect(generateForeignerCode(seeded(42))).toBe(generateForeignerCode(seeded(42)));
  });

  it('draws again when a candidate fails a filter or is taken', () => {
    const taken = new Set<string>();
    const random = seeded(7);
    const first = generateForeignerCode(random);
    taken.add(first);
    const replay = seeded(7);
    expect(generateForeignerCode(replay, { isTaken: (c) => taken.has(c) })).not.toBe(first);
  });

  it('gives up with a coded error when no candidate passes', () => {
    const allSevens = () => 0.75; // every payload digit 7: "97777777777x" fails the repeated-digit filter
    expectErrorCode(() => generateForeignerCode(allSevens, { maxAttempts: 5 }), 'FOREIGNER_CODE.GENERATION_EXHAUSTED');
  });

  it('refuses a broken random source or options', () => {
    expectErrorCode(() => generateForeignerCode(() => 1), 'FOREIGNER_CODE.INVALID_RANDOM');
    expectErrorCode(() => generateForeignerCode(() => Number.NaN), 'FOREIGNER_CODE.INVALID_RANDOM');
    expectErrorCode(() => generateForeignerCode(seeded(1), { maxAttempts: 0 }), 'FOREIGNER_CODE.INVALID_OPTIONS');
  });

  it('every generated code is well formed, validates and passes every filter', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const code = generateForeignerCode(seeded(seed));
        expect(code).toHaveLength(FOREIGNER_CODE_LENGTH);
        expect(code[0]).toBe('9');
        expect(isValidForeignerCode(code).ok).toBe(true);
        expect(failedForeignerCodeFilters(code)).toEqual([]);
        expect(isValidCedula(code.slice(0, 10))).toBe(false);
        expect(isValidRuc(`${code}0`)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('every single-digit error and adjacent transposition of a generated code is caught', () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat(11), fc.integer({ min: 1, max: 9 }), (seed, i, shift) => {
        const code = generateForeignerCode(seeded(seed));
        const substituted = code.slice(0, i) + String((Number(code[i]) + shift) % 10) + code.slice(i + 1);
        expect(isValidForeignerCode(substituted).ok).toBe(false);
        const j = Math.min(i, 10);
        if (code[j] !== code[j + 1]) {
          const swapped = code.slice(0, j) + code[j + 1] + code[j] + code.slice(j + 2);
          expect(isValidForeignerCode(swapped).ok).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('composes marker + payload + check digit', () => {
    expect(composeForeignerCode('3847261950')).toBe('938472619509');
    expect(() => composeForeignerCode('123')).toThrow(RangeError);
  });
});
