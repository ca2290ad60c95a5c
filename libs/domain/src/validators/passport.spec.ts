import fc from 'fast-check';
import { normalizeDocumentNumber, validateDocumentNumber, validatePassportNumber } from './passport';

describe('passport and document numbers', () => {
  it.each([
    [' ab-123 4567 ', true, 'AB1234567', undefined],
    ['X1234', true, 'X1234', undefined],
    ['A'.repeat(20), true, 'A'.repeat(20), undefined],
    ['A'.repeat(21), false, undefined, 'VALIDATION.PASSPORT_FORMAT'],
    ['1234', false, undefined, 'VALIDATION.PASSPORT_FORMAT'],
    ['AB.123456', false, undefined, 'VALIDATION.PASSPORT_FORMAT'],
    ['ÑA12345', false, undefined, 'VALIDATION.PASSPORT_FORMAT'],
    ['  ', false, undefined, 'VALIDATION.REQUIRED'],
  ])('passport %p -> ok=%p', (input, ok, value, code) => {
    const result = validatePassportNumber(input);
    expect(result.ok).toBe(ok);
    if (result.ok) expect(result.value).toBe(value);
    else expect(result.code).toBe(code);
  });

  it('uses its own code and label for other identity documents', () => {
    const result = validateDocumentNumber('12');
    expect(result).toMatchObject({ ok: false, code: 'VALIDATION.DOCUMENT_NUMBER_FORMAT' });
    if (!result.ok) expect(result.message).toMatch(/^Número de documento de identidad:/);
  });

  it('normalisation is idempotent and only keeps what it was given', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const once = normalizeDocumentNumber(s);
        expect(normalizeDocumentNumber(once)).toBe(once);
        expect(once).not.toMatch(/[\s-]/);
      }),
    );
  });

  it('accepts every 5-20 character alphanumeric number however it is spaced or cased', () => {
    const alnum = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'.split(''));
    fc.assert(
      fc.property(fc.array(alnum, { minLength: 5, maxLength: 20 }), fc.constantFrom(' ', '-', ''), (chars, sep) => {
        const typed = chars.join(sep);
        const result = validatePassportNumber(typed);
        expect(result.ok).toBe(true);
        if (result.ok) expect(result.value).toBe(chars.join('').toUpperCase());
      }),
    );
  });
});
