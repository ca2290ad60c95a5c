import fc from 'fast-check';
import { validateAffiliatePassword } from './password';

describe('validateAffiliatePassword (003)', () => {
  it.each([
    ['abc12345', true, undefined],
    ['ABCDEFG1', true, undefined],
    ['1234567a', true, undefined],
    ['', false, 'VALIDATION.REQUIRED'],
    ['abc1234', false, 'VALIDATION.PASSWORD_TOO_SHORT'],
    ['abcd 1234', false, 'VALIDATION.PASSWORD_CHARSET'],
    ['abcd-1234', false, 'VALIDATION.PASSWORD_CHARSET'],
    ['contraseña1', false, 'VALIDATION.PASSWORD_CHARSET'],
    ['Canción123', false, 'VALIDATION.PASSWORD_CHARSET'],
    ['abcdefgh', false, 'VALIDATION.PASSWORD_LETTERS_AND_DIGITS'],
    ['12345678', false, 'VALIDATION.PASSWORD_LETTERS_AND_DIGITS'],
  ])('%p -> ok=%p %p', (input, ok, code) => {
    const result = validateAffiliatePassword(input);
    expect(result.ok).toBe(ok);
    if (!result.ok) expect(result.code).toBe(code);
  });

  it('never echoes the password in the message', () => {
    const result = validateAffiliatePassword('secreto!!');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).not.toContain('secreto');
  });

  it('accepts every mix of at least 8 letters and digits containing both', () => {
    const letter = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'.split(''));
    const digit = fc.constantFrom(...'0123456789'.split(''));
    fc.assert(
      fc.property(letter, digit, fc.array(fc.oneof(letter, digit), { minLength: 6, maxLength: 30 }), (l, d, rest) => {
        expect(validateAffiliatePassword([l, ...rest, d].join('')).ok).toBe(true);
      }),
    );
  });
});
