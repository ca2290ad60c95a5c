import {
  DEFAULT_FOREIGNER_CODE_FILTER_OPTIONS,
  failedForeignerCodeFilters,
  foreignerCodeFilters,
  hasRepeatedBlock,
  longestArithmeticRun,
  longestMirroredGroup,
  longestRepeatedDigitRun,
} from './filters';

describe('foreigner code filters', () => {
  it('has an id and a Spanish explanation for each filter', () => {
    expect(foreignerCodeFilters.map((f) => f.id)).toEqual([
      'no-leading-zero',
      'no-sequence',
      'no-step-two-sequence',
      'no-repeated-digits',
      'no-repeated-block',
      'no-mirrored-group',
      'not-cedula-or-ruc-like',
      'not-in-deny-list',
    ]);
    for (const f of foreignerCodeFilters) expect(f.description).toMatch(/^[A-ZÁÉÍÓÚÑ]/);
  });

  it.each([
    ['938472619509', []],
    ['012938475610', ['no-leading-zero', 'not-cedula-or-ruc-like']],
    ['912340817265', ['no-sequence']],
    ['987659170823', ['no-sequence']],
    ['924681730591', ['no-step-two-sequence']],
    ['997531840263', ['no-step-two-sequence']],
    ['977750183942', ['no-repeated-digits']],
    ['912129583740', ['no-repeated-block']],
    ['938053805172', ['no-repeated-block']],
    ['916283382619', ['no-mirrored-group']],
    ['170284937561', ['not-cedula-or-ruc-like']],
    ['301829475637', ['not-cedula-or-ruc-like']],
  ])('%p fails %p', (code, failed) => {
    expect(failedForeignerCodeFilters(code)).toEqual(failed);
  });

  it('applies configurable limits and the deny list', () => {
    expect(failedForeignerCodeFilters('938472619509', { denyList: ['4726'] })).toEqual(['not-in-deny-list']);
    expect(failedForeignerCodeFilters('912340817265', { maxSequenceLength: 4 })).toEqual([]);
    expect(failedForeignerCodeFilters('977850183942', { maxRepeatedDigits: 1 })).toEqual(['no-repeated-digits']);
    expect(DEFAULT_FOREIGNER_CODE_FILTER_OPTIONS.denyList).toEqual([]);
  });

  it('measures runs, blocks and mirrors', () => {
    expect(longestArithmeticRun('1234', 1)).toBe(4);
    expect(longestArithmeticRun('4321', 1)).toBe(4);
    expect(longestArithmeticRun('1243', 1)).toBe(2);
    expect(longestArithmeticRun('2468', 2)).toBe(4);
    expect(longestRepeatedDigitRun('1222')).toBe(3);
    expect(hasRepeatedBlock('123123', 2)).toBe(true);
    expect(hasRepeatedBlock('1123', 2)).toBe(false);
    expect(longestMirroredGroup('9123321')).toBe(6);
    expect(longestMirroredGroup('12321')).toBe(5);
  });
});
