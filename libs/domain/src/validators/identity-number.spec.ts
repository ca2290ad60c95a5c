import { validateIdentityNumber } from './identity-number';

describe('validateIdentityNumber', () => {
  it.each([
    ['1712345675', 'cedula', undefined],
    ['9384 7261 9509', 'foreigner_code', undefined],
    ['1712345670', undefined, 'VALIDATION.CEDULA_CHECK_DIGIT'],
    ['938472619508', undefined, 'VALIDATION.FOREIGNER_CODE_CHECK_DIGIT'],
    ['12345678901', undefined, 'VALIDATION.IDENTITY_NUMBER_FORMAT'],
    ['1790016919001', undefined, 'VALIDATION.IDENTITY_NUMBER_FORMAT'],
    ['', undefined, 'VALIDATION.REQUIRED'],
  ])('%p -> %p %p', (input, kind, code) => {
    const result = validateIdentityNumber(input, { label: 'Número de identidad del tercero' });
    if (kind) expect(result).toMatchObject({ ok: true, details: kind });
    else {
      expect(result).toMatchObject({ ok: false, code });
      if (!result.ok) expect(result.message.startsWith('Número de identidad del tercero:')).toBe(true);
    }
  });
});
