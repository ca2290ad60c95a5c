import { NATIONALITIES, isNationalityCode } from './nationality';

describe('nationalities', () => {
  it('holds every ISO 3166-1 alpha-3 code once, with Spanish and English names, and the ICAO 9303 codes', () => {
    const codes = NATIONALITIES.map((n) => n.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(NATIONALITIES.filter((n) => n.kind === 'iso')).toHaveLength(249);
    for (const n of NATIONALITIES) {
      expect(n.code).toMatch(/^[A-Z]{3}$/);
      expect(n.es.trim()).not.toBe('');
      expect(n.en.trim()).not.toBe('');
    }
    expect(NATIONALITIES.find((n) => n.code === 'ECU')?.es).toBe('Ecuador');
    expect(NATIONALITIES.find((n) => n.code === 'DEU')?.es).toBe('Alemania');
    expect(NATIONALITIES.find((n) => n.code === 'XXA')?.kind).toBe('icao');
  });

  it('knows real codes and nothing else', () => {
    for (const code of ['VEN', 'COL', 'PER', 'CUB', 'USA', 'XXA', 'XXB', 'XXC', 'XXX', 'UNO']) expect(isNationalityCode(code)).toBe(true);
    for (const code of ['ZZZ', 'AAA', 'ven', 'VE', '', 'VENE', 'D']) expect(isNationalityCode(code)).toBe(false);
  });
});
