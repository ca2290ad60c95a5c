import { whatToBring } from './what-to-bring';

describe('whatToBring: the reminder’s personal list (sheets 000, 001, 002)', () => {
  it('lists the documents of the sheet for the filer, alternatives on one line', () => {
    const list = whatToBring('FOREIGNER_CODE_EMPLOYMENT', 'employer');
    expect(list.length).toBeGreaterThan(1);
    expect(list.some((i) => i.startsWith('Uno de estos: '))).toBe(true);
  });

  it('differs by filer: an attorney brings the poder, the employer does not', () => {
    const attorney = whatToBring('FOREIGNER_CODE_EMPLOYMENT', 'attorney').join('\n');
    const employer = whatToBring('FOREIGNER_CODE_EMPLOYMENT', 'employer').join('\n');
    expect(attorney).toMatch(/poder/i);
    expect(attorney).not.toEqual(employer);
  });
});
