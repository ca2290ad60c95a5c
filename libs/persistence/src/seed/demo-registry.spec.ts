import { failedForeignerCodeFilters, validateIdentityNumber } from '@tramites/domain';
import { DEMO_AFFILIATES } from './demo-registry';

describe('the demo affiliation registry (npm start)', () => {
  it('identifies every affiliate by a valid cédula or foreigner code, and has foreigners among them (003, Requisitos Específicos)', () => {
    const kinds = DEMO_AFFILIATES.map((a) => validateIdentityNumber(a.identityNumber));
    expect(kinds.map((k) => k.ok)).toEqual(DEMO_AFFILIATES.map(() => true));
    const foreign = DEMO_AFFILIATES.filter((a) => a.identityNumber.length === 12);
    expect(foreign.length).toBeGreaterThanOrEqual(2);
    // Codes the system itself could have issued (ADR 0002's issuance filters).
    for (const a of foreign) expect(failedForeignerCodeFilters(a.identityNumber)).toEqual([]);
    // Two work-history employers each, so the identity questions can be drawn.
    for (const a of DEMO_AFFILIATES) expect(a.history.length).toBeGreaterThanOrEqual(2);
  });
});
