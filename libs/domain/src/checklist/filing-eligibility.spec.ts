import fc from 'fast-check';
import { composeForeignerCode } from '../foreigner-code/foreigner-code';
import { filingRefusals, type FilingFacts } from './filing-eligibility';

const CEDULA = '1712345675';
const CODE = composeForeignerCode('1234567890');
const NONE = { hasForeignerCode: false, hasCedula: false, isAffiliated: false };

const base = (overrides: Partial<FilingFacts>): FilingFacts => ({
  procedure: 'NON_AFFILIATION_CERTIFICATE',
  filerRole: 'holder',
  filerIdentityNumber: 'AB1234567',
  holderDocumentNumber: 'AB1234567',
  registry: NONE,
  ...overrides,
});

describe('filingRefusals: what is decided at filing, before any slot is taken', () => {
  const cases: Array<[string, Partial<FilingFacts>, string[]]> = [
    ['002 holder with own passport, unknown to the registries', {}, []],
    ['002 holder identifying with a cédula', { filerIdentityNumber: CEDULA }, ['ELIGIBILITY.HAS_CEDULA']],
    ['002 holder identifying with a foreigner code', { filerIdentityNumber: CODE }, ['ELIGIBILITY.HAS_FOREIGNER_CODE']],
    ['002 holder the registry knows a code of', { registry: { ...NONE, hasForeignerCode: true } }, ['ELIGIBILITY.HAS_FOREIGNER_CODE']],
    ['002 holder the registry knows a cédula of', { registry: { ...NONE, hasCedula: true } }, ['ELIGIBILITY.HAS_CEDULA']],
    ['002 holder affiliated', { registry: { ...NONE, isAffiliated: true } }, ['ELIGIBILITY.IS_AFFILIATED']],
    ['002 third party with a cédula (allowed)', { filerRole: 'authorised_third_party', filerIdentityNumber: CEDULA }, []],
    ['002 filed by an employer', { filerRole: 'employer', filerIdentityNumber: CEDULA }, ['ELIGIBILITY.FILER_NOT_ALLOWED']],
    ['000 holder identifying with a cédula', { procedure: 'FOREIGNER_CODE', filerIdentityNumber: CEDULA }, ['ELIGIBILITY.HAS_CEDULA']],
    // One person, one code (ADR 0016): a 000 is refused at filing and told its code; a 001 hands the same code at issuance.
    ['000 holder with a code already', { procedure: 'FOREIGNER_CODE', registry: { ...NONE, hasForeignerCode: true } }, ['ELIGIBILITY.ALREADY_HAS_CODE']],
    ['000 holder identifying with a foreigner code', { procedure: 'FOREIGNER_CODE', filerIdentityNumber: CODE }, ['ELIGIBILITY.ALREADY_HAS_CODE']],
    [
      '001 worker the registry knows a code of (the same code at issuance)',
      { procedure: 'FOREIGNER_CODE_EMPLOYMENT', filerRole: 'employer', filerIdentityNumber: CEDULA, registry: { ...NONE, hasForeignerCode: true } },
      [],
    ],
    ['001 employer for a worker', { procedure: 'FOREIGNER_CODE_EMPLOYMENT', filerRole: 'employer', filerIdentityNumber: CEDULA }, []],
    ['001 filed as holder', { procedure: 'FOREIGNER_CODE_EMPLOYMENT', filerRole: 'holder' }, ['ELIGIBILITY.FILER_NOT_ALLOWED']],
    [
      '001 "employer" who is the worker himself (same document)',
      { procedure: 'FOREIGNER_CODE_EMPLOYMENT', filerRole: 'employer', filerIdentityNumber: 'ab-1234567' },
      ['ELIGIBILITY.FILER_NOT_ALLOWED'],
    ],
    [
      "001 third party whose foreigner code is the worker's",
      { procedure: 'FOREIGNER_CODE_EMPLOYMENT', filerRole: 'authorised_third_party', filerIdentityNumber: CODE, registry: { ...NONE, filerIsHolder: true } },
      ['ELIGIBILITY.FILER_NOT_ALLOWED'],
    ],
  ];
  it.each(cases)('%s', (_name, overrides, codes) => {
    expect(filingRefusals(base(overrides)).map((r) => r.code)).toEqual(codes);
  });

  it('000: tells the holder the last four digits of the code they have (never the whole code) and how to get the document again', () => {
    const [reason] = filingRefusals(base({ procedure: 'FOREIGNER_CODE', registry: { ...NONE, hasForeignerCode: true, knownCode: '915550001112' } }));
    expect(reason?.message).toContain('terminado en 1112');
    expect(reason?.message).not.toContain('915550001112');
    expect(reason?.message).toMatch(/reenvíen/);
  });

  it('quotes the sheet: the foreign worker never files a 001', () => {
    const [reason] = filingRefusals(base({ procedure: 'FOREIGNER_CODE_EMPLOYMENT', filerRole: 'holder' }));
    expect(reason).toMatchObject({ category: 'rejection', message: 'El ciudadano extranjero cuya afiliación se gestiona no puede presentar este trámite.' });
  });

  it('a third party of a 000/002 is never refused for the number it identifies with', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('FOREIGNER_CODE' as const, 'NON_AFFILIATION_CERTIFICATE' as const),
        fc.stringMatching(/^[0-9A-Z]{5,13}$/),
        (procedure, id) => {
          expect(filingRefusals(base({ procedure, filerRole: 'authorised_third_party', filerIdentityNumber: id }))).toEqual([]);
        },
      ),
    );
  });
});
