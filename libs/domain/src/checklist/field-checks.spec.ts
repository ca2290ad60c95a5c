import { checkFields, fieldKeys } from './field-checks';
import type { FieldRequirement } from '../procedures/types';

const identity: FieldRequirement = {
  label: 'Documento del tercero',
  oneOf: [
    [{ key: 'cedula', label: 'Cédula', validator: 'cedula' }],
    [
      { key: 'code', label: 'Código', validator: 'foreigner_code' },
      { key: 'passport', label: 'Pasaporte', validator: 'passport' },
    ],
  ],
};

describe('checkFields', () => {
  it.each([
    ['a valid cédula alone', { cedula: '1712345675' }, [], true],
    ['code and passport together', { code: '938472619509', passport: 'P123456' }, [], true],
    ['code without passport', { code: '938472619509' }, ['DOC.FIELD_MISSING'], true],
    ['nothing at all', {}, ['DOC.FIELD_MISSING'], false],
    ['an invalid cédula', { cedula: '1712345670' }, ['VALIDATION.CEDULA_CHECK_DIGIT'], true],
    ['a valid option plus an invalid extra value', { cedula: '1712345675', passport: '1' }, ['VALIDATION.PASSPORT_FORMAT'], true],
  ])('%s', (_, values: Record<string, string>, codes, anyPresent) => {
    const outcome = checkFields([identity], values, 'Autorización');
    expect(outcome.reasons.map((r) => r.code)).toEqual(codes);
    expect(outcome.anyPresent).toBe(anyPresent);
  });

  it('reports missing form fields as VALIDATION.REQUIRED and skips optional ones', () => {
    const fields: FieldRequirement[] = [
      { key: 'email', label: 'Correo electrónico', validator: 'email' },
      { key: 'note', label: 'Nota', optional: true },
    ];
    expect(checkFields(fields, {}, null).reasons).toEqual([
      { code: 'VALIDATION.REQUIRED', category: 'observation', message: 'Correo electrónico: es obligatorio.' },
    ]);
  });

  it('lists each key once', () => {
    expect(fieldKeys([identity])).toEqual(['cedula', 'code', 'passport']);
  });
});
