import { expectErrorCode } from '@tramites/testing/unit';
import { PROCEDURES, getProcedure, isProcedureType } from './catalogue';
import { PROCEDURE_TYPES } from './types';
import type { ProcedureType } from './types';

const sheetOf: Record<ProcedureType, string> = {
  FOREIGNER_CODE: '000',
  FOREIGNER_CODE_EMPLOYMENT: '001',
  NON_AFFILIATION_CERTIFICATE: '002',
  AFFILIATE_PORTAL_PASSWORD: '003',
  EMPLOYER_PORTAL_PASSWORD: '004',
};

const ids = (type: ProcedureType) => PROCEDURES[type].requirements.map((r) => r.id);

describe('procedure catalogue', () => {
  it('holds the five procedures keyed by type', () => {
    expect(Object.keys(PROCEDURES).sort()).toEqual([...PROCEDURE_TYPES].sort());
    for (const type of PROCEDURE_TYPES) {
      const p = getProcedure(type);
      expect(p.type).toBe(type);
      expect(p.sheet).toBe(sheetOf[type]);
      expect(p.cost).toBe('free');
      expect(p.name.length).toBeGreaterThan(10);
    }
  });

  it('gives every requirement a unique, sheet-prefixed id and a source on its own sheet', () => {
    for (const type of PROCEDURE_TYPES) {
      const list = ids(type);
      expect(new Set(list).size).toBe(list.length);
      for (const r of PROCEDURES[type].requirements) {
        expect(r.id.startsWith(`${sheetOf[type]}.`)).toBe(true);
        expect(r.source.sheet).toBe(sheetOf[type]);
        expect(r.source.section.length).toBeGreaterThan(3);
      }
    }
  });

  it('refers only to declared alternative groups', () => {
    for (const type of PROCEDURE_TYPES) {
      const groups = new Set(PROCEDURES[type].alternativeGroups.map((g) => g.id));
      for (const r of PROCEDURES[type].requirements) {
        if ((r.check === 'document' || r.check === 'request_fields') && r.alternative) expect(groups.has(r.alternative.group)).toBe(true);
        if (r.check === 'identity_match') expect(groups.has(r.alternativeGroup)).toBe(true);
      }
    }
  });

  it.each([
    [
      'FOREIGNER_CODE',
      ['000.request_letter', '000.passport', '000.visa', '000.work_contract', '000.third_party_authorisation', '000.third_party_identity', '000.appointment'],
    ],
    [
      'FOREIGNER_CODE_EMPLOYMENT',
      [
        '001.request_letter',
        '001.sut_registration',
        '001.passport',
        '001.visa',
        '001.home_country_id',
        '001.identity_data_match',
        '001.appointment',
        '001.poder',
        '001.third_party_authorisation',
        '001.third_party_identity',
        '001.employer_cedula',
      ],
    ],
    [
      'NON_AFFILIATION_CERTIFICATE',
      [
        '002.passport',
        '002.visa',
        '002.request_letter',
        '002.holder_without_foreigner_code',
        '002.holder_without_cedula',
        '002.third_party_authorisation',
        '002.third_party_identity',
      ],
    ],
    [
      'AFFILIATE_PORTAL_PASSWORD',
      [
        '003.cedula',
        '003.foreigner_code',
        '003.email',
        '003.phone',
        '003.captcha',
        '003.birth_day_month',
        '003.work_history_questions',
        '003.personal_questions',
        '003.attempts',
        '003.email_confirmed',
        '003.password_link',
        '003.truthful_declaration',
        '003.new_password',
      ],
    ],
    [
      'EMPLOYER_PORTAL_PASSWORD',
      [
        '004.employer_registered',
        '004.active_email',
        '004.in_person.key_delivery_request',
        '004.in_person.cedula',
        '004.in_person.responsibility_agreement',
        '004.in_person.password_withdrawal_authorisation',
        '004.in_person.third_party_cedula',
        '004.virtual.ruc',
        '004.virtual.key_delivery_request',
        '004.virtual.cedula',
        '004.virtual.responsibility_agreement',
        '004.virtual.reception_form',
        '004.foreigner_code',
        '004.passport',
        '004.visa',
        '004.artisan_qualification',
      ],
    ],
  ] as const)('%s lists every requirement of its sheet', (type, expected) => {
    expect(ids(type)).toEqual(expect.arrayContaining([...expected]));
  });

  it('lists every field the sheets ask for in the 001 request and authorisation', () => {
    const fieldKeysOf = (id: string) => {
      const r = PROCEDURES.FOREIGNER_CODE_EMPLOYMENT.requirements.find((x) => x.id === id);
      if (!r || r.check !== 'document') throw new Error(id);
      return (r.document.fields ?? []).flatMap((f) => ('oneOf' in f ? f.oneOf.flat().map((s) => s.key) : [f.key]));
    };
    expect(fieldKeysOf('001.request_letter')).toEqual(['employerFullName', 'employerCedula', 'foreignerFullName', 'foreignerDocumentNumber', 'narrative']);
    expect(new Set(fieldKeysOf('001.third_party_authorisation'))).toEqual(
      new Set([
        'employerFullName',
        'employerCedula',
        'thirdPartyFullName',
        'thirdPartyCedula',
        'thirdPartyForeignerCode',
        'thirdPartyPassportNumber',
        'thirdPartyVisaNumber',
        'narrative',
      ]),
    );
  });

  it('describes who may and may not file, and the channels', () => {
    const p001 = PROCEDURES.FOREIGNER_CODE_EMPLOYMENT;
    expect(p001.filers.map((f) => f.role)).toEqual(['employer', 'attorney', 'authorised_third_party']);
    expect(p001.forbiddenFilers).toEqual([expect.objectContaining({ flag: 'isForeignWorkerHimself', roles: ['holder'] })]);
    expect(p001.channels).toEqual([
      expect.objectContaining({
        channel: 'in_person',
        appointment: 'required',
        appointmentInNameOfAttendee: true,
        walkInForVulnerableGroups: true,
      }),
    ]);
    expect(PROCEDURES.AFFILIATE_PORTAL_PASSWORD.channels.map((c) => [c.channel, c.appointment])).toEqual([['virtual', 'not_needed']]);
    expect(PROCEDURES.EMPLOYER_PORTAL_PASSWORD.channels.map((c) => c.channel)).toEqual(['in_person', 'virtual']);
    expect(PROCEDURES.EMPLOYER_PORTAL_PASSWORD.filers.find((f) => f.role === 'authorised_third_party')?.channels).toEqual(['in_person']);
    for (const type of ['FOREIGNER_CODE', 'NON_AFFILIATION_CERTIFICATE'] as const) {
      expect(PROCEDURES[type].filers.map((f) => f.role)).toEqual(['holder', 'authorised_third_party']);
    }
  });

  it('rejects unknown types with a coded error', () => {
    expect(isProcedureType('FOREIGNER_CODE')).toBe(true);
    expect(isProcedureType('PASSPORT_RENEWAL')).toBe(false);
    expectErrorCode(() => getProcedure('PASSPORT_RENEWAL' as ProcedureType), 'PROCEDURE.UNKNOWN');
  });
});
