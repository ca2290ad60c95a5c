import fc from 'fast-check';
import {
  PERSONAL_QUESTIONS,
  drawWorkHistoryQuestions,
  isAcceptableAnswer,
  isPersonalQuestionId,
  maskEmail,
  normalizeAnswer,
  seededRandom,
  type WorkRecord,
} from './identity-challenge';

const HISTORY: WorkRecord[] = [
  { employerRuc: '1790012345001', employerName: 'Comercial Andina S.A.', startedOn: '2015-03-01' },
  { employerRuc: '0990011223001', employerName: 'Exportadora del Pacífico Cía. Ltda.', startedOn: '2019-08-15' },
];
const DECOYS = ['Textiles Sierra S.A.', 'Constructora Los Ríos', 'Banano Verde S.A.', 'Comercial Andina S.A.', 'Servicios Amazonía'];

describe('003 identity check: work-history questions', () => {
  it('draws an employer question and a start-year question whose answer is among four options', () => {
    const [employer, year] = drawWorkHistoryQuestions(HISTORY, DECOYS, seededRandom(7), 2026);
    expect(employer?.kind).toBe('employer');
    expect(employer?.options).toHaveLength(4);
    expect(employer?.options).toContain(employer?.answer);
    expect(HISTORY.map((h) => h.employerName)).toContain(employer?.answer);
    expect(year?.kind).toBe('start_year');
    expect(year?.options).toHaveLength(4);
    expect(year?.options).toContain(year?.answer);
    expect(HISTORY.map((h) => h.startedOn.slice(0, 4))).toContain(year?.answer);
  });

  const EMPLOYERS = [
    'Comercial Andina S.A.',
    'Exportadora del Pacífico Cía. Ltda.',
    'Textiles Sierra S.A.',
    'Banano Verde S.A.',
    'Servicios Amazonía',
    'Constructora Los Ríos',
    'Agrícola Manabí',
  ];
  const historyArb = fc.uniqueArray(
    fc.record({
      employerName: fc.constantFrom(...EMPLOYERS),
      employerRuc: fc.constant('1790012345001'),
      startedOn: fc.integer({ min: 1975, max: 2026 }).map((y) => `${y}-03-01`),
    }),
    { minLength: 1, maxLength: 4, selector: (r) => r.employerName },
  );

  it('draws independent questions: neither names, among its text and options, the answer of the other', () => {
    fc.assert(
      fc.property(historyArb, fc.integer(), (history, seed) => {
        const [employer, year] = drawWorkHistoryQuestions(history, [...EMPLOYERS, ...DECOYS], seededRandom(seed), 2026);
        const employers = history.map((h) => normalizeAnswer(h.employerName));
        const years = history.map((h) => h.startedOn.slice(0, 4));
        // The year question says nothing of where the person worked...
        const yearText = normalizeAnswer([year?.text ?? '', ...(year?.options ?? [])].join(' '));
        expect(employers.filter((e) => yearText.includes(e))).toEqual([]);
        // ...and the employer question nothing of when.
        const employerText = [employer?.text ?? '', ...(employer?.options ?? [])].join(' ');
        expect(years.filter((y) => employerText.includes(y))).toEqual([]);
        // Each has exactly one true option among four: its own answer.
        expect(employer?.options).toHaveLength(4);
        expect(employer?.options.filter((o) => employers.includes(normalizeAnswer(o)))).toEqual([employer?.answer]);
        expect(year?.options).toHaveLength(4);
        expect(year?.options.filter((o) => years.includes(o))).toEqual([year?.answer]);
      }),
    );
  });

  it('never offers as a decoy an employer the person worked for (accents and case ignored)', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const [employer] = drawWorkHistoryQuestions(
          HISTORY,
          [...DECOYS, 'COMERCIAL ANDINA S.A.', 'exportadora del pacifico cia. ltda.'],
          seededRandom(seed),
          2026,
        );
        const worked = employer?.options.filter(
          (o) => normalizeAnswer(o) === normalizeAnswer('Comercial Andina S.A.') || normalizeAnswer(o).startsWith('exportadora'),
        );
        expect(worked).toHaveLength(1);
      }),
    );
  });

  it('draws the same questions from the same seed (a retried activity shows the same screen)', () => {
    expect(drawWorkHistoryQuestions(HISTORY, DECOYS, seededRandom(42), 2026)).toEqual(drawWorkHistoryQuestions(HISTORY, DECOYS, seededRandom(42), 2026));
  });

  it('offers no year in the future', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const recent: WorkRecord[] = [{ employerRuc: '1790012345001', employerName: 'Nueva S.A.', startedOn: '2026-01-10' }];
        const [, year] = drawWorkHistoryQuestions(recent, DECOYS, seededRandom(seed), 2026);
        expect(year?.options.every((y) => Number(y) <= 2026)).toBe(true);
      }),
    );
  });

  it('draws nothing without a work history', () => {
    expect(drawWorkHistoryQuestions([], DECOYS, seededRandom(1), 2026)).toEqual([]);
  });
});

describe('003 identity check: personal answers', () => {
  it.each([
    ['San José ', 'san jose'],
    ['  MARÍA   Inés', 'maria ines'],
    ['Quito.', 'quito'],
  ])('normalizes %j to %j before hashing', (given, expected) => {
    expect(normalizeAnswer(given)).toBe(expected);
  });

  it.each([
    ['a', false],
    ['ab', true],
    ['x'.repeat(61), false],
    ['!!!', false],
  ])('answer %j acceptable: %s', (answer, ok) => {
    expect(isAcceptableAnswer(answer)).toBe(ok);
  });

  it('knows its question ids', () => {
    expect(PERSONAL_QUESTIONS.length).toBeGreaterThanOrEqual(4);
    expect(isPersonalQuestionId('P1')).toBe(true);
    expect(isPersonalQuestionId('P99')).toBe(false);
  });
});

describe('maskEmail', () => {
  it.each([
    ['juan.perez@gmail.com', 'ju********@gmail.com'],
    ['ab@iess.gob.ec', 'a***@iess.gob.ec'],
    ['nada', '***'],
  ])('%s -> %s', (email, masked) => {
    expect(maskEmail(email)).toBe(masked);
  });
});
