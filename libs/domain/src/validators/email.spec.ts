import { validateEmail } from './email';

describe('validateEmail', () => {
  it.each([
    ['ana.perez@iess.gob.ec', true],
    [' Ana.Perez+tramites@Example.COM ', true],
    ["o'brien@example.org", true],
    ['', false],
    ['ana', false],
    ['ana@', false],
    ['@iess.gob.ec', false],
    ['ana@@iess.gob.ec', false],
    ['ana@localhost', false],
    ['ana..perez@iess.gob.ec', false],
    ['.ana@iess.gob.ec', false],
    ['ana@-iess.gob.ec', false],
    ['ana@iess.gob.e1', false],
    ['ana perez@iess.gob.ec', false],
    [`${'a'.repeat(65)}@iess.gob.ec`, false],
    ['ana@[10.0.0.1]', false],
  ])('%p -> ok=%p', (input, ok) => {
    expect(validateEmail(input).ok).toBe(ok);
  });

  it('lower-cases the domain only', () => {
    expect(validateEmail(' Ana.Perez@Example.COM ')).toMatchObject({ ok: true, value: 'Ana.Perez@example.com' });
  });

  it('names the field', () => {
    expect(validateEmail('x', { label: 'Correo del empleador' })).toMatchObject({
      ok: false,
      code: 'VALIDATION.EMAIL_FORMAT',
      message: 'Correo del empleador: la dirección de correo electrónico no es válida.',
    });
    expect(validateEmail('')).toMatchObject({
      code: 'VALIDATION.REQUIRED',
      message: 'Correo electrónico: es obligatorio.',
    });
  });
});
