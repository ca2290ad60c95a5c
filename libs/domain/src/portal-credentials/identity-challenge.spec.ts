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
    expect(year?.text).toMatch(/¿En qué año inició su relación laboral con .+\?/);
  });

  it('never offers as a decoy an employer the person worked for (accents and case ignored)', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const [employer] = drawWorkHistoryQuestions(HISTORY, [...DECOYS, 'COMERCIAL ANDINA S.A.', 'exportadora del pacifico cia. ltda.'], seededRandom(seed), 2026);
        const worked = employer?.options.filter((o) => normalizeAnswer(o) === normalizeAnswer('Comercial Andina S.A.') || normalizeAnswer(o).startsWith('exportadora'));
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
