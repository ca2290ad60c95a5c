import { MAX_NESTING, contractEndProblem, openCaseInputProblems, personNameProblem, textProblem, unstorablePath } from './input-checks';

const nest = (levels: number, leaf: unknown): unknown => (levels === 0 ? leaf : { a: nest(levels - 1, leaf) });

describe('input checks', () => {
  it('finds NUL at any depth: beyond MAX_NESTING the value is refused where it goes too deep', () => {
    expect(unstorablePath(nest(10, 'a\u0000b'))).toBe('a.a.a.a.a.a.a.a.a.a');
    const deep = nest(40, 'a\u0000b');
    expect(unstorablePath(deep)).toBeDefined();
    expect(textProblem(deep)?.message).toMatch(/demasiados niveles anidados/);
    expect(textProblem(nest(MAX_NESTING, 'ok'))).toBeUndefined();
    expect(textProblem(nest(MAX_NESTING + 1, 'ok'))).toBeDefined();
  });

  it('refuses invisible format and bidirectional control characters in any text or key', () => {
    for (const text of ['\u200b', 'a\u202eb', 'a\u2066b\u2069', '\ufeffa', 'a\u00adb', 'a\u200db'])
      expect(textProblem({ holder: { fullName: text } })).toEqual({
        field: 'holder.fullName',
        message: 'holder.fullName contiene caracteres invisibles o de control de dirección del texto (por ejemplo U+200B o U+202E)',
      });
    expect(textProblem({ holder: { ['a\u202e']: 'x' } })?.field).toBe('holder');
    expect(textProblem({ name: 'Zoë Núñez 😀 — ñandú' })).toBeUndefined();
  });

  it('wants a letter in a name', () => {
    expect(personNameProblem('Ana')).toBeUndefined();
    expect(personNameProblem('李小龍')).toBeUndefined();
    expect(personNameProblem('12345')).toBe('debe contener al menos una letra');
    expect(personNameProblem('   ')).toBe('es obligatorio');
    expect(personNameProblem(null)).toBe('es obligatorio');
  });

  it('bounds the end of a SUT contract at ten years from today', () => {
    expect(contractEndProblem('2036-12-07', '2026-12-07')).toBeUndefined();
    expect(contractEndProblem('2036-12-08', '2026-12-07')).toMatch(/no puede ser posterior a 2036-12-07/);
    expect(contractEndProblem('9999-12-31', '2026-12-07')).toBeDefined();
    expect(contractEndProblem('2027-02-30', '2026-12-07')).toBeDefined();
    expect(contractEndProblem('2020-01-31', '2026-12-07')).toBeUndefined();
  });

  it('checks the nationality and the names of a case at start', () => {
    const input = {
      caseId: '5b0c6c1e-0000-4000-8000-00000000d013',
      procedure: 'FOREIGNER_CODE',
      province: 'PICHINCHA',
      filerRole: 'holder',
      booker: { identityNumber: 'AB12345', email: 'a@example.ec', mobile: '0991234567' },
      holder: { fullName: 'Ana Pérez', nationality: 'VEN', documentType: 'passport', documentNumber: 'AB12345', birthDate: '1990-04-12' },
      openedBy: { id: 'cli', role: 'case_manager' },
    };
    expect(openCaseInputProblems(input, '2026-12-07')).toEqual([]);
    expect(openCaseInputProblems({ ...input, holder: { ...input.holder, nationality: 'XXB' } }, '2026-12-07')).toEqual([]);
    const problems = openCaseInputProblems({ ...input, holder: { ...input.holder, nationality: 'ZZZ', fullName: '---' } }, '2026-12-07');
    expect(problems.map((p) => p.field).sort()).toEqual(['holder.fullName', 'holder.nationality']);
    // Workflows started before these rules replay with the rules they started under.
    expect(openCaseInputProblems({ ...input, holder: { ...input.holder, nationality: 'ZZZ', fullName: 'Ana\u200b' } }, '2026-12-07', false)).toEqual([]);
  });
});
