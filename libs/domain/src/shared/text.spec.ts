import { foldText, formatBytes, formatInteger, interpolate, isBlank, sameName } from './text';

describe('text helpers', () => {
  it.each([
    ['José Pérez', 'JOSE PEREZ'],
    ['  María-Ñusta  López ', 'MARIA NUSTA LOPEZ'],
    ["O'Brien, Seán", 'O BRIEN SEAN'],
  ])('foldText(%p) = %p', (input, expected) => {
    expect(foldText(input)).toBe(expected);
  });

  it.each([
    ['PÉREZ LÓPEZ, Ana', 'Ana Perez Lopez', true],
    ['Ana Perez', 'Ana Perez Lopez', false],
    ['', '', false],
    ['Juan Carlos', 'Carlos Juan', true],
  ])('sameName(%p, %p) = %p', (a, b, expected) => {
    expect(sameName(a, b)).toBe(expected);
  });

  it('formats integers and bytes the es-EC way', () => {
    expect(formatInteger(1048576)).toBe('1.048.576');
    expect(formatInteger(999)).toBe('999');
    expect(formatInteger(-1000)).toBe('-1.000');
    expect(formatBytes(1048577)).toBe('1.048.577 bytes');
  });

  it('interpolates known placeholders only', () => {
    expect(interpolate('{a} y {b}', { a: 'uno' })).toBe('uno y {b}');
  });

  it('detects blanks', () => {
    expect(isBlank('  ')).toBe(true);
    expect(isBlank(undefined)).toBe(true);
    expect(isBlank('x')).toBe(false);
  });
});
