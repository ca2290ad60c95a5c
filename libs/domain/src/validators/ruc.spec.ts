import fc from 'fast-check';
import { isValidRuc, modulo11CheckDigit, validateRuc } from './ruc';
import { substitute, validNaturalRuc, validPrivateRuc, validPublicRuc } from '@tramites/testing/unit';

describe('validateRuc', () => {
  it.each([
    ['1712345675001', true, 'natural', undefined],
    ['1790016919001', true, 'private', undefined],
    ['1760001550001', true, 'public', undefined],
    ['1790016919-001', true, 'private', undefined],
    ['', false, undefined, 'VALIDATION.REQUIRED'],
    ['179001691900', false, undefined, 'VALIDATION.RUC_FORMAT'],
    ['9990016919001', false, undefined, 'VALIDATION.RUC_PROVINCE'],
    ['1770016919001', false, undefined, 'VALIDATION.RUC_TYPE'],
    ['1780016919001', false, undefined, 'VALIDATION.RUC_TYPE'],
    ['1712345670001', false, undefined, 'VALIDATION.RUC_CHECK_DIGIT'], // cédula part invalid
    ['1712345675000', false, undefined, 'VALIDATION.RUC_ESTABLISHMENT'],
    ['1790016918001', false, undefined, 'VALIDATION.RUC_CHECK_DIGIT'],
    ['1790016919000', false, undefined, 'VALIDATION.RUC_ESTABLISHMENT'],
    ['1760001540001', false, undefined, 'VALIDATION.RUC_CHECK_DIGIT'],
    ['1760001550000', false, undefined, 'VALIDATION.RUC_ESTABLISHMENT'],
  ])('%p -> ok=%p type=%p %p', (input, ok, type, code) => {
    const result = validateRuc(input);
    expect(result.ok).toBe(ok);
    if (result.ok) expect(result.details.type).toBe(type);
    else expect(result.code).toBe(code);
  });

  it('returns null when modulo 11 would need a 10', () => {
    // weights 3,2,7,6,5,4,3,2 over 00000001 -> sum 2 -> 11 - 2 = 9; over 10000000 -> 3 -> 8
    expect(modulo11CheckDigit('00000001', [3, 2, 7, 6, 5, 4, 3, 2])).toBe(9);
    // sum 1 -> 11 - 1 = 10: no valid digit
    expect(modulo11CheckDigit('1', [1])).toBeNull();
    expect(modulo11CheckDigit('0', [1])).toBe(0);
  });

  it.each([
    ['natural person', validNaturalRuc],
    ['private company', validPrivateRuc],
    ['public entity', validPublicRuc],
  ])('accepts every generated %s RUC and rejects any change in its check digit', (_, arbitrary) => {
    fc.assert(
      fc.property(arbitrary, fc.integer({ min: 1, max: 9 }), (ruc, shift) => {
        expect(isValidRuc(ruc)).toBe(true);
        const checkIndex = ruc[2] === '6' ? 8 : 9;
        expect(isValidRuc(substitute(ruc, checkIndex, shift))).toBe(false);
      }),
    );
  });
});
