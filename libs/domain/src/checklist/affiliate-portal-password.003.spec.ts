import { evaluateChecklist } from './evaluate-checklist';
import type { AffiliatePortalProgress, ChecklistInput } from './types';
import { HOLDER_FOREIGNER_CODE, LINK_ISSUED_AT, codesOf, filing003, item } from '@tramites/testing/unit';

type Case = [name: string, build: () => ChecklistInput, requirementId: string, status: string, codes: string[], outcome: string];

const minutes = (n: number) => n * 60_000;
const withRequest = (request: Record<string, string>): ChecklistInput => ({ ...filing003(), request });
const withPortal = (portal: Partial<AffiliatePortalProgress>): ChecklistInput => ({
  ...filing003(),
  portal: { ...filing003().portal, ...portal },
});

describe('003 Clave de afiliado para acceso al portal IESS', () => {
  const cases: Case[] = [
    ['complete online flow', filing003, '003.new_password', 'met', [], 'accepted'],
    ['a cédula identifies the affiliate', filing003, '003.foreigner_code', 'not_applicable', [], 'accepted'],
    [
      'a foreigner identifies with the foreigner code',
      () => withRequest({ foreignerCode: HOLDER_FOREIGNER_CODE, email: 'a@example.com', landline: '022345678' }),
      '003.foreigner_code',
      'met',
      [],
      'accepted',
    ],
    [
      'no identity number',
      () => withRequest({ email: 'a@example.com', mobile: '0991234567' }),
      '003.cedula',
      'missing',
      ['DOC.ALTERNATIVE_MISSING'],
      'observed',
    ],
    [
      'a cédula with a wrong check digit',
      () => withRequest({ cedula: '1712345670', email: 'a@example.com', mobile: '0991234567' }),
      '003.cedula',
      'observed',
      ['VALIDATION.CEDULA_CHECK_DIGIT'],
      'observed',
    ],
    [
      'a foreigner code with a transposed digit',
      () => withRequest({ foreignerCode: '934872619509', email: 'a@example.com', mobile: '0991234567' }),
      '003.foreigner_code',
      'observed',
      ['VALIDATION.FOREIGNER_CODE_CHECK_DIGIT'],
      'observed',
    ],
    ['no email', () => withRequest({ cedula: '1712345675', mobile: '0991234567' }), '003.email', 'missing', ['VALIDATION.REQUIRED'], 'observed'],
    [
      'an invalid email',
      () => withRequest({ cedula: '1712345675', email: 'nadie@localhost', mobile: '0991234567' }),
      '003.email',
      'observed',
      ['VALIDATION.EMAIL_FORMAT'],
      'observed',
    ],
    ['no phone at all', () => withRequest({ cedula: '1712345675', email: 'a@example.com' }), '003.phone', 'missing', ['VALIDATION.REQUIRED'], 'observed'],
    [
      'a landline alone is enough',
      () => withRequest({ cedula: '1712345675', email: 'a@example.com', landline: '(04) 234-5678' }),
      '003.phone',
      'met',
      [],
      'accepted',
    ],
    [
      'a valid landline plus a wrong mobile is observed',
      () => withRequest({ cedula: '1712345675', email: 'a@example.com', landline: '042345678', mobile: '0812345678' }),
      '003.phone',
      'observed',
      ['VALIDATION.MOBILE_FORMAT'],
      'observed',
    ],
    ['captcha not passed', () => withPortal({ captchaPassed: false }), '003.captcha', 'missing', ['PORTAL.STEP_PENDING'], 'observed'],
    [
      'birth day and month not confirmed',
      () => withPortal({ birthDayMonthConfirmed: false }),
      '003.birth_day_month',
      'missing',
      ['PORTAL.STEP_PENDING'],
      'observed',
    ],
    [
      'work-history questions pending',
      () => withPortal({ workHistoryAnswered: false }),
      '003.work_history_questions',
      'missing',
      ['PORTAL.STEP_PENDING'],
      'observed',
    ],
    [
      'personal questions pending',
      () => withPortal({ personalQuestionsAnswered: false }),
      '003.personal_questions',
      'missing',
      ['PORTAL.STEP_PENDING'],
      'observed',
    ],
    ['four failed attempts still allowed', () => withPortal({ failedAttempts: 4 }), '003.attempts', 'met', [], 'accepted'],
    ['five failed attempts lock the credential', () => withPortal({ failedAttempts: 5 }), '003.attempts', 'observed', ['PORTAL.CREDENTIAL_LOCKED'], 'rejected'],
    ['email not confirmed', () => withPortal({ emailConfirmed: false }), '003.email_confirmed', 'missing', ['PORTAL.STEP_PENDING'], 'observed'],
    [
      'link opened exactly 15 minutes after it was sent',
      () =>
        withPortal({
          linkOpenedAt: LINK_ISSUED_AT + minutes(15),
          newPassword: { valid: true, setAt: LINK_ISSUED_AT + minutes(16) },
        }),
      '003.password_link',
      'met',
      [],
      'accepted',
    ],
    [
      'link opened after 15 minutes',
      () => withPortal({ linkOpenedAt: LINK_ISSUED_AT + minutes(15) + 1 }),
      '003.password_link',
      'observed',
      ['PORTAL.LINK_EXPIRED'],
      'observed',
    ],
    ['link never opened', () => withPortal({ linkOpenedAt: undefined }), '003.password_link', 'missing', ['PORTAL.STEP_PENDING'], 'observed'],
    ['declaration not accepted', () => withPortal({ declarationAccepted: false }), '003.truthful_declaration', 'missing', ['PORTAL.STEP_PENDING'], 'observed'],
    [
      'password too short',
      () => withPortal({ newPassword: { valid: false, code: 'VALIDATION.PASSWORD_TOO_SHORT' } }),
      '003.new_password',
      'observed',
      ['VALIDATION.PASSWORD_TOO_SHORT'],
      'observed',
    ],
    [
      'password set more than 15 minutes after opening the link',
      () => withPortal({ newPassword: { valid: true, setAt: LINK_ISSUED_AT + minutes(5) + minutes(15) + 1 } }),
      '003.new_password',
      'observed',
      ['PORTAL.PASSWORD_WINDOW_EXPIRED'],
      'observed',
    ],
    ['password not yet set', () => withPortal({ newPassword: undefined }), '003.new_password', 'missing', ['PORTAL.STEP_PENDING'], 'observed'],
    [
      'not available at the window',
      () => ({ ...filing003(), channel: 'in_person' }),
      '003.channel',
      'observed',
      ['ELIGIBILITY.CHANNEL_NOT_AVAILABLE'],
      'rejected',
    ],
    [
      'only the affiliate himself',
      () => ({ ...filing003(), filer: { role: 'authorised_third_party' } }),
      '003.filer',
      'observed',
      ['ELIGIBILITY.FILER_NOT_ALLOWED'],
      'rejected',
    ],
  ];

  it.each(cases)('%s', (_name, build, requirementId, status, codes, outcome) => {
    const result = evaluateChecklist(build());
    expect(item(result, requirementId).status).toBe(status);
    expect(codesOf(result, requirementId)).toEqual(codes);
    expect(result.outcome).toBe(outcome);
  });
});
