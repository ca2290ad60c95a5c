import { expectErrorCode, filing000, filing001, filing002, filing003, inPersonFiling004, thirdPartyFiling001, virtualFiling004 } from '@tramites/testing/unit';
import fc from 'fast-check';
import { evaluateChecklist } from './evaluate-checklist';
import { PROCEDURES } from '../procedures/catalogue';
import { FILER_ROLES, PROCEDURE_TYPES } from '../procedures/types';
import type { ChecklistInput } from './types';

const complete: readonly [string, () => ChecklistInput][] = [
  ['000 holder', filing000],
  ['001 employer', filing001],
  ['002 holder', filing002],
  ['003 affiliate', filing003],
  ['004 in person', inPersonFiling004],
  ['004 virtual', virtualFiling004],
];

describe('evaluateChecklist: general properties', () => {
  it.each(complete)('a complete %s filing is accepted with every requirement listed in sheet order', (_, build) => {
    const input = build();
    const result = evaluateChecklist(input);
    expect(result.outcome).toBe('accepted');
    expect(result.mayProceed).toBe(true);
    expect(result.reasons).toEqual([]);
    expect(result.items.map((i) => i.requirementId)).toEqual(PROCEDURES[input.procedure].requirements.map((r) => r.id));
    for (const i of result.items) {
      expect(['met', 'not_applicable']).toContain(i.status);
      expect(i.label.length).toBeGreaterThan(5);
      expect(i.source.sheet).toBe(PROCEDURES[input.procedure].sheet);
    }
  });

  it('lists requirements that do not apply as not_applicable with a Spanish note', () => {
    const result = evaluateChecklist(filing001());
    const thirdParty = result.items.find((i) => i.requirementId === '001.third_party_authorisation');
    expect(thirdParty).toMatchObject({
      status: 'not_applicable',
      reasons: [],
      note: 'Solo cuando el trámite lo presenta un tercero.',
    });
  });

  it('refuses a channel the sheet does not offer (000 online)', () => {
    const result = evaluateChecklist({ ...filing000(), channel: 'virtual' });
    expect(result.outcome).toBe('rejected');
    expect(result.items.find((i) => i.requirementId === '000.channel')?.reasons.map((r) => r.code)).toEqual(['ELIGIBILITY.CHANNEL_NOT_AVAILABLE']);
  });

  it('throws coded errors on malformed input', () => {
    expectErrorCode(() => evaluateChecklist({ ...filing000(), procedure: 'NOPE' as never }), 'PROCEDURE.UNKNOWN');
    expectErrorCode(() => evaluateChecklist({ ...filing000(), channel: 'fax' as never }), 'CHECKLIST.INVALID_INPUT');
    expectErrorCode(() => evaluateChecklist({ ...filing000(), documents: undefined as never }), 'CHECKLIST.INVALID_INPUT');
  });

  it('is deterministic, exhaustive and consistent for arbitrary filings', () => {
    const bases = [filing000(), filing001(), thirdPartyFiling001(), filing002(), filing003(), inPersonFiling004(), virtualFiling004()];
    const arbitraryInput = fc
      .record({
        base: fc.constantFrom(...bases),
        keep: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
        role: fc.constantFrom(...FILER_ROLES),
        channel: fc.constantFrom('in_person' as const, 'virtual' as const),
        procedure: fc.constantFrom(...PROCEDURE_TYPES),
        flags: fc.record({
          hasCedula: fc.boolean(),
          hasForeignerCode: fc.boolean(),
          isVulnerable: fc.boolean(),
          isArtisan: fc.boolean(),
          isForeignEmployer: fc.boolean(),
          isForeignWorkerHimself: fc.boolean(),
          employerRegistered: fc.boolean(),
        }),
        endorsed: fc.boolean(),
      })
      .map(({ base, keep, role, channel, procedure, flags, endorsed }): ChecklistInput => ({
        ...base,
        procedure,
        channel,
        endorsedPoderOnFile: endorsed,
        filer: { ...base.filer, ...flags, role },
        documents: base.documents.filter((_, i) => keep[i % keep.length]),
      }));

    fc.assert(
      fc.property(arbitraryInput, (input) => {
        const first = evaluateChecklist(input);
        const second = evaluateChecklist(JSON.parse(JSON.stringify(input)) as ChecklistInput);
        expect(second).toEqual(first);
        expect(first.items.map((i) => i.requirementId)).toEqual(PROCEDURES[input.procedure].requirements.map((r) => r.id));
        const hasRejection = first.reasons.some((r) => r.category === 'rejection');
        expect(first.outcome === 'rejected').toBe(hasRejection);
        expect(first.mayProceed).toBe(first.outcome === 'accepted');
        for (const i of first.items) {
          if (i.status === 'met' || i.status === 'not_applicable') expect(i.reasons).toEqual([]);
          else expect(i.reasons.length).toBeGreaterThan(0);
        }
        if (first.outcome === 'accepted') expect(first.items.every((i) => i.status === 'met' || i.status === 'not_applicable')).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
