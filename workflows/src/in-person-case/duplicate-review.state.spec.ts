import { CASE_DEFAULTS, type DuplicateCandidate } from '@tramites/contracts';
import { duplicateDecisionRefusal, duplicateResolved, possibleDuplicate } from './duplicate-review.state';
import { openCase } from './in-person-case.state';
import { OFFICER, OPEN_CASE_INPUT as INPUT } from '@tramites/testing/unit';

const candidate = (code: string): DuplicateCandidate => ({ code, fullName: 'Ana Torres', nationality: 'COL', birthDate: '1992-07-03', documents: [] });

describe('the "posible duplicado" review (pure)', () => {
  const now = Date.parse('2026-12-01T15:00:00Z');
  const one = possibleDuplicate(openCase(INPUT, CASE_DEFAULTS, now), [candidate('912345678905')], now);
  const two = possibleDuplicate(one, [candidate('912345678905'), candidate('949727963587')], now);

  it('waits on the institution', () => {
    expect(one).toMatchObject({ status: 'possible_duplicate', waitingOn: 'institution', duplicateReview: { foundAt: '2026-12-01T15:00:00.000Z' } });
  });

  it.each([
    ['a decision outside the vocabulary', one, { decision: 'maybe' }, 'VALIDATION.DUPLICATE_DECISION'],
    ['no reason', one, { decision: 'different_person', reason: '  ' }, 'VALIDATION.REQUIRED'],
    ['same person among several, without a code', two, { decision: 'same_person' }, 'DUPLICATE.CODE_REQUIRED'],
    ['same person with a code that is no candidate', one, { decision: 'same_person', code: '900000000000' }, 'DUPLICATE.UNKNOWN_CODE'],
    ['same person, the only candidate', one, { decision: 'same_person' }, undefined],
    ['different person', two, { decision: 'different_person' }, undefined],
  ] as const)('%s', (_name, state, change, code) => {
    expect(duplicateDecisionRefusal(state, { actor: OFFICER, reason: 'motivo', ...change } as never)).toBe(code);
  });

  it("same person takes the only candidate's code; issuance resumes with the decision, who and why", () => {
    const later = now + 60_000;
    expect(duplicateResolved(one, { actor: OFFICER, decision: 'same_person', reason: ' misma persona ' }, later)).toMatchObject({
      status: 'issuing',
      duplicateReview: { decision: 'same_person', code: '912345678905', reason: 'misma persona', decidedBy: OFFICER, decidedAt: new Date(later).toISOString() },
    });
    expect(duplicateResolved(two, { actor: OFFICER, decision: 'different_person', reason: 'homónimo' }, later).duplicateReview).not.toHaveProperty('code');
  });
});
