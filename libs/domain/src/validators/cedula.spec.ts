import fc from 'fast-check';
import { cedulaCheckDigit, isValidCedula, validateCedula } from './cedula';
import { substitute, validCedula } from '@tramites/testing/unit';

describe('validateCedula', () => {
  it.each([
    ['1712345675', true, undefined],
    ['0912345675', true, undefined],
    ['3012345678', true, undefined], // registered abroad
    [' 171234567-5 ', true, undefined],
    ['', false, 'VALIDATION.REQUIRED'],
    ['171234567', false, 'VALIDATION.CEDULA_FORMAT'],
    ['17123456755', false, 'VALIDATION.CEDULA_FORMAT'],
    ['17123A5675', false, 'VALIDATION.CEDULA_FORMAT'],
    ['2512345670', false, 'VALIDATION.CEDULA_PROVINCE'],
    ['0012345670', false, 'VALIDATION.CEDULA_PROVINCE'],
    ['1762345675', false, 'VALIDATION.CEDULA_THIRD_DIGIT'],
    ['1712345670', false, 'VALIDATION.CEDULA_CHECK_DIGIT'],
  ])('%p -> ok=%p %p', (input, ok, code) => {
    const result = validateCedula(input);
    expect(result.ok).toBe(ok);
    if (!result.ok) expect(result.code).toBe(code);
  });

  it('normalises and names the field', () => {
    expect(validateCedula('171234567-5')).toEqual({
      ok: true,
      field: 'cedula',
      value: '1712345675',
      details: undefined,
    });
    const failure = validateCedula('1712345670', { field: 'employerCedula', label: 'Cédula del empleador' });
    expect(failure).toEqual({
      ok: false,
      field: 'employerCedula',
      code: 'VALIDATION.CEDULA_CHECK_DIGIT',
      message: 'Cédula del empleador: el dígito verificador de la cédula no corresponde.',
    });
  });

  it('computes the modulo-10 check digit', () => {
    expect(cedulaCheckDigit('171234567')).toBe(5);
    expect(cedulaCheckDigit('010203040')).toBe(0);
    expect(() => cedulaCheckDigit('12')).toThrow(RangeError);
  });

  it('accepts every generated valid cédula', () => {
    fc.assert(fc.property(validCedula, (c) => isValidCedula(c)));
  });

  it('rejects every single-digit change of a valid cédula', () => {
    fc.assert(
      fc.property(validCedula, fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), (c, i, shift) => {
        expect(isValidCedula(substitute(c, i, shift))).toBe(false);
      }),
    );
  });
});
