import { holderIdentityDocuments } from './holder-documents';

describe('holderIdentityDocuments: the holder identity documents each sheet accepts', () => {
  it.each([
    ['FOREIGNER_CODE', ['passport', 'visa']],
    ['FOREIGNER_CODE_EMPLOYMENT', ['passport', 'visa', 'home_country_id']],
    ['NON_AFFILIATION_CERTIFICATE', ['passport', 'visa']],
  ] as const)('%s', (procedure, kinds) => {
    expect(holderIdentityDocuments(procedure)).toEqual(kinds);
  });
});
