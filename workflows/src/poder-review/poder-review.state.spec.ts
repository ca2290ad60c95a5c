import type { Actor, PoderReviewInput } from '@tramites/contracts';
import { businessMillisBetween } from '@tramites/domain';
import { decisionRefusal, endorse, openReview, registryConfirms, reject, rejectionReasonRefusal, reminderAt } from './poder-review.state';

const INPUT: PoderReviewInput = {
  poderId: 'poder-1',
  caseId: '00000000-0000-4000-8000-000000000002',
  province: 'PICHINCHA',
  poder: {} as PoderReviewInput['poder'],
  documentsReviewedBy: 'officer-1',
  legalReviewBusinessDays: 3,
};
const LAWYER: Actor = { id: 'lawyer-1', role: 'legal_unit', province: 'PICHINCHA' };
/** Tuesday 1 December 2026, 10:00 in Guayaquil. */
const now = Date.parse('2026-12-01T15:00:00Z');

describe("a poder's review by the legal unit (pure)", () => {
  const open = openReview(INPUT, now);

  it('opens pending, due after three business days of office time', () => {
    expect(open).toEqual({
      poderId: 'poder-1',
      caseId: INPUT.caseId,
      province: 'PICHINCHA',
      status: 'pending',
      requestedAt: '2026-12-01T15:00:00.000Z',
      dueAt: '2026-12-04T15:00:00.000Z',
      eventCount: 0,
    });
  });

  it('reminds the legal unit at half its office time', () => {
    const at = reminderAt(open);
    expect(businessMillisBetween(now, at)).toBe(businessMillisBetween(at, Date.parse(open.dueAt)));
    expect(at).toBe(Date.parse('2026-12-02T19:30:00Z'));
  });

  describe('who may decide', () => {
    it.each([
      ['a case manager', { id: 'officer-2', role: 'case_manager' }, open, 'AUTH.ROLE_NOT_ALLOWED'],
      ['a lawyer of another province', { ...LAWYER, province: 'GUAYAS' }, open, 'AUTH.OUT_OF_SCOPE'],
      ['the officer who reviewed the documents', { ...LAWYER, id: 'officer-1' }, open, 'PODER.SAME_OFFICER'],
      ['anyone, once decided', LAWYER, endorse(open, LAWYER, now), 'PODER.ALREADY_DECIDED'],
      ["the province's legal unit", LAWYER, open, undefined],
      ['a legal unit with no province', { id: 'lawyer-2', role: 'legal_unit' }, open, undefined],
    ] as const)('%s', (_name, actor, view, code) => {
      expect(decisionRefusal(view, INPUT, actor as Actor)).toBe(code);
    });

    it('a rejection needs a poder rejection reason', () => {
      expect(rejectionReasonRefusal('PODER.REVOKED')).toBeUndefined();
      expect(rejectionReasonRefusal('PODER.NOT_ENDORSED')).toBe('PODER.INVALID_REASON'); // an observation
      expect(rejectionReasonRefusal('DOC.MISSING')).toBe('PODER.INVALID_REASON');
      expect(rejectionReasonRefusal('PODER.NO_SUCH_CODE')).toBe('PODER.INVALID_REASON');
    });
  });

  it('endorsed: who, when, the office time taken, the validity if known', () => {
    const later = Date.parse('2026-12-02T15:00:00Z');
    expect(endorse(open, LAWYER, later, '2027-12-31')).toMatchObject({
      status: 'endorsed',
      validUntil: '2027-12-31',
      decidedBy: LAWYER,
      decidedAt: '2026-12-02T15:00:00.000Z',
      businessMsTaken: 9 * 3_600_000,
    });
    expect(endorse(open, LAWYER, later)).not.toHaveProperty('validUntil');
  });

  it('rejected: with the reason in words', () => {
    expect(reject(open, LAWYER, now + 60_000, 'PODER.REVOKED')).toMatchObject({
      status: 'rejected',
      reason: { code: 'PODER.REVOKED' },
      decidedBy: LAWYER,
      businessMsTaken: 60_000,
    });
  });

  it('a decision told by a signal counts only when the poder registry holds it (signal-assertions)', () => {
    const endorsed = endorse(open, LAWYER, now);
    const rejected = reject(open, LAWYER, now, 'PODER.REVOKED');
    expect(registryConfirms(endorsed, { status: 'endorsed' })).toBe(true);
    // Endorsed, and since then past its validity or revoked: still the legal unit's decision (issuance refuses it).
    expect(registryConfirms(endorsed, { status: 'expired' })).toBe(true);
    expect(registryConfirms(endorsed, { status: 'revoked' })).toBe(true);
    expect(registryConfirms(endorsed, { status: 'pending' })).toBe(false);
    expect(registryConfirms(endorsed, { status: 'none' })).toBe(false);
    expect(registryConfirms(endorsed, { status: 'rejected', reasonCode: 'PODER.REVOKED' })).toBe(false);
    expect(registryConfirms(rejected, { status: 'rejected', reasonCode: 'PODER.REVOKED' })).toBe(true);
    expect(registryConfirms(rejected, { status: 'pending' })).toBe(false);
    expect(registryConfirms(rejected, { status: 'endorsed' })).toBe(false);
    expect(registryConfirms(open, { status: 'pending' })).toBe(false);
  });
});
