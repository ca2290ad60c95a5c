import fc from 'fast-check';
import { verhoeffCheckDigit, verhoeffValidate } from './verhoeff';

const digitString = (min: number, max: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(''));

describe('Verhoeff', () => {
  it.each([
    ['236', 3],
    ['12345', 1],
    ['75872', 2],
    ['0', 4],
  ])('check digit of %p is %p', (digits, check) => {
    expect(verhoeffCheckDigit(digits)).toBe(check);
    expect(verhoeffValidate(digits + String(check))).toBe(true);
  });

  it('refuses non-digit input', () => {
    expect(() => verhoeffCheckDigit('12a')).toThrow(RangeError);
    expect(() => verhoeffCheckDigit('')).toThrow(RangeError);
    expect(verhoeffValidate('12a4')).toBe(false);
    expect(verhoeffValidate('5')).toBe(false);
  });

  it('every number with its check digit validates', () => {
    fc.assert(fc.property(digitString(1, 20), (d) => verhoeffValidate(d + String(verhoeffCheckDigit(d)))));
  });

  it('detects every single-digit substitution', () => {
    fc.assert(
      fc.property(digitString(1, 20), fc.nat(), fc.integer({ min: 1, max: 9 }), (d, pos, shift) => {
        const full = d + String(verhoeffCheckDigit(d));
        const i = pos % full.length;
        const changed = full.slice(0, i) + String((Number(full[i]) + shift) % 10) + full.slice(i + 1);
        expect(verhoeffValidate(changed)).toBe(false);
      }),
    );
  });

  it('detects every transposition of two different adjacent digits', () => {
    fc.assert(
      fc.property(digitString(1, 20), fc.nat(), (d, pos) => {
        const full = d + String(verhoeffCheckDigit(d));
        const i = pos % (full.length - 1);
        fc.pre(full[i] !== full[i + 1]);
        const swapped = full.slice(0, i) + full[i + 1] + full[i] + full.slice(i + 2);
        expect(verhoeffValidate(swapped)).toBe(false);
      }),
    );
  });
});
