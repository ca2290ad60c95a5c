import { ECUADOR_PROVINCES, isIdentityProvinceCode, validateProvince } from './province';

describe('provinces', () => {
  it('lists the 24 provinces with codes 01-24', () => {
    expect(ECUADOR_PROVINCES).toHaveLength(24);
    expect(ECUADOR_PROVINCES.map((p) => p.code)).toEqual(Array.from({ length: 24 }, (_, i) => String(i + 1).padStart(2, '0')));
  });

  it.each([
    ['01', true],
    ['24', true],
    ['30', true],
    ['00', false],
    ['25', false],
    ['29', false],
    ['31', false],
  ])('identity prefix %p -> %p', (code, ok) => {
    expect(isIdentityProvinceCode(code)).toBe(ok);
  });

  it.each([
    ['Pichincha', '17'],
    ['los rios', '12'],
    ['GALAPAGOS', '20'],
    ['9', '09'],
    ['Santo Domingo de los Tsáchilas', '23'],
  ])('%p is province %p', (input, code) => {
    expect(validateProvince(input)).toMatchObject({ ok: true, value: code });
  });

  it('refuses unknown provinces', () => {
    expect(validateProvince('Atlántida')).toMatchObject({ ok: false, code: 'VALIDATION.PROVINCE' });
    expect(validateProvince('30')).toMatchObject({ ok: false, code: 'VALIDATION.PROVINCE' });
  });
});
