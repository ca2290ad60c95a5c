import { validateVerificationCode } from './verification-code';

describe('validateVerificationCode', () => {
  it.each([
    ['123456', true],
    [' 123 456 ', true],
    ['000000', true],
    ['12345', false],
    ['1234567', false],
    ['12345a', false],
    ['', false],
  ])('%p -> ok=%p', (input, ok) => {
    expect(validateVerificationCode(input).ok).toBe(ok);
  });

  it('explains the format', () => {
    expect(validateVerificationCode('12')).toMatchObject({
      code: 'VALIDATION.VERIFICATION_CODE_FORMAT',
      message: 'Código de verificación: el código de verificación tiene 6 dígitos.',
    });
  });
});
