import {
  AFFILIATE_PASSWORD_RULES,
  CASE_ACTIONS,
  EMPLOYER_PASSWORD_RULES,
  IN_PERSON_RULES,
  actionRefusal,
  availableActions,
  type ActionRule,
  type CaseKindRules,
} from './case-actions';
import { CASE_STATUSES, type Actor, type CaseView } from './case';
import { CREDENTIAL_STATUSES, type CredentialCaseView } from './credential';
import { ERROR_CODES } from './error-codes';

const APPLICANT: Actor = { id: 'V1234567', role: 'applicant' };
const MANAGER: Actor = { id: 'officer-1', role: 'case_manager', agencyId: 'UIO-NORTE' };
const OTHER_MANAGER: Actor = { id: 'officer-9', role: 'case_manager', agencyId: 'GYE-SUR' };
const LEGAL: Actor = { id: 'legal-1', role: 'legal_unit', province: 'PICHINCHA' };
const AUDITOR: Actor = { id: 'auditor-1', role: 'auditor' };
const ADMIN: Actor = { id: 'admin-1', role: 'admin' };

/** Thursday 3 December 2026, 09:00 in Guayaquil (14:00 UTC). */
const STARTS_AT = '2026-12-03T14:00:00.000Z';
const at = (iso: string): number => Date.parse(iso);

const inPerson = (over: Partial<CaseView>): CaseView => ({
  caseId: '00000000-0000-4000-8000-000000000001',
  procedure: 'FOREIGNER_CODE',
  status: 'awaiting_verification',
  province: 'PICHINCHA',
  filerRole: 'holder',
  applicantId: 'V1234567',
  holder: { fullName: 'TORRES, ANA', nationality: 'COL', documentType: 'visa', documentNumber: 'V1234567', birthDate: '1992-07-03' },
  waitingOn: 'applicant',
  verification: { attemptsLeft: 5, codesLeft: 2 },
  eventCount: 1,
  ...over,
});
const appointment = { slotId: 'slot-1', reference: 'C-1', agencyId: 'UIO-NORTE', agencyName: 'Quito Norte', startsAt: STARTS_AT };
const scheduled = inPerson({ status: 'scheduled', appointment });

const credential = (over: Partial<CredentialCaseView>): CredentialCaseView => ({
  caseId: '00000000-0000-4000-8000-000000000004',
  procedure: 'EMPLOYER_PORTAL_PASSWORD',
  channel: 'virtual',
  status: 'awaiting_submission',
  province: 'GUAYAS',
  applicantId: '0912345678',
  holder: { kind: 'employer', id: '0990012345001' },
  waitingOn: 'applicant',
  eventCount: 3,
  ...over,
});
const LINK = { ordinal: 1, linkId: 'link-1', sentTo: 'c***@andes.ec', expiresAt: STARTS_AT, linksLeft: 2 };
const FILER: Actor = { id: '0912345678', role: 'applicant' };

describe('the table of case actions (libs/contracts case-actions.ts)', () => {
  describe('its shape', () => {
    const kinds: Array<[string, CaseKindRules<never, string, string>, readonly string[]]> = [
      ['in person', IN_PERSON_RULES as unknown as CaseKindRules<never, string, string>, CASE_STATUSES],
      ['affiliate password', AFFILIATE_PASSWORD_RULES as unknown as CaseKindRules<never, string, string>, CREDENTIAL_STATUSES],
      ['employer password', EMPLOYER_PASSWORD_RULES as unknown as CaseKindRules<never, string, string>, CREDENTIAL_STATUSES],
    ];
    it.each(kinds)('%s: every action names statuses of its kind, never a final one, some role, and codes of the vocabulary', (_kind, rules, statuses) => {
      for (const [action, rule] of Object.entries(rules.actions) as Array<[string, ActionRule<never, string>]>) {
        expect({ action, unknown: rule.statuses.filter((s) => !statuses.includes(s)) }).toEqual({ action, unknown: [] });
        // A closed case takes no action but the resend of its issued document (the API's own route, ADR 0024).
        if (action !== 'resend_issued_document') expect({ action, final: rule.statuses.filter((s) => rules.final.includes(s)) }).toEqual({ action, final: [] });
        expect(rule.roles.length).toBeGreaterThan(0);
        for (const c of [...(rule.admits ? [rule.admits] : []), ...(rule.conditions ?? [])]) expect(Object.keys(ERROR_CODES)).toContain(c.code);
      }
    });

    it('CASE_ACTIONS lists every action of every kind once', () => {
      const all = [IN_PERSON_RULES, AFFILIATE_PASSWORD_RULES, EMPLOYER_PASSWORD_RULES].flatMap((r) => Object.keys(r.actions));
      expect([...CASE_ACTIONS].sort()).toEqual([...new Set(all)].sort());
    });
  });

  describe('the check-in: the turno must be today in Guayaquil', () => {
    it('on the day of the turno, early or late, the agency’s case manager may check in', () => {
      expect(actionRefusal(IN_PERSON_RULES, 'check_in', scheduled, MANAGER, { now: at('2026-12-03T13:00:00Z') })).toBeUndefined();
      // 23:30 in Guayaquil is still the same day (04:30 UTC of the next).
      expect(actionRefusal(IN_PERSON_RULES, 'check_in', scheduled, MANAGER, { now: at('2026-12-04T04:30:00Z') })).toBeUndefined();
    });

    it.each([
      ['the day before', '2026-12-02T15:00:00Z'],
      ['the day after, at 00:10 in Guayaquil', '2026-12-04T05:10:00Z'],
      ['a week later', '2026-12-10T14:00:00Z'],
    ])('%s: APPOINTMENT.NOT_TODAY, and the action is not listed', (_when, now) => {
      expect(actionRefusal(IN_PERSON_RULES, 'check_in', scheduled, MANAGER, { now: at(now) })).toEqual({
        code: 'APPOINTMENT.NOT_TODAY',
        message: 'El turno no es para hoy',
      });
      expect(availableActions(scheduled, MANAGER, at(now))).toEqual(['reschedule', 'cancel']);
    });

    it('the status is checked before the day: a case not scheduled is refused for its state', () => {
      const checkedIn = inPerson({ status: 'checked_in', appointment, checkedInBy: MANAGER });
      expect(actionRefusal(IN_PERSON_RULES, 'check_in', checkedIn, MANAGER, { now: at('2026-12-10T14:00:00Z') })?.code).toBe('CASE.INVALID_STATE');
    });
  });

  describe('the order of the refusals is the workflows’ (their codes never change)', () => {
    const today = at('2026-12-03T15:00:00Z');
    it.each([
      ['another action running', scheduled, 'check_in', MANAGER, true, 'CASE.BUSY'],
      ['busy before role', scheduled, 'check_in', APPLICANT, true, 'CASE.BUSY'],
      ['role before scope', scheduled, 'record_documents', LEGAL, false, 'AUTH.ROLE_NOT_ALLOWED'],
      ['scope before status', inPerson({ status: 'issued', appointment }), 'check_in', OTHER_MANAGER, false, 'AUTH.OUT_OF_SCOPE'],
      ['a case of no agency yet is nobody’s', inPerson({}), 'cancel', MANAGER, false, 'AUTH.OUT_OF_SCOPE'],
      ['own case before status', inPerson({ status: 'issued' }), 'verify_code', { id: 'OTHER', role: 'applicant' }, false, 'AUTH.NOT_YOUR_CASE'],
      ['a closed case', inPerson({ status: 'cancelled' }), 'cancel', APPLICANT, false, 'CASE.CLOSED'],
      ['another state', inPerson({ status: 'awaiting_booking' }), 'verify_code', APPLICANT, false, 'CASE.INVALID_STATE'],
      ['no code left to send', inPerson({ verification: { attemptsLeft: 5, codesLeft: 0 } }), 'resend_code', APPLICANT, false, 'VERIFICATION.NO_MORE_CODES'],
      ['an issued case without its document', inPerson({ status: 'issued', appointment }), 'resend_issued_document', MANAGER, false, 'CASE.NOT_ISSUED'],
    ] as const)('%s: %s', (_name, view, action, actor, busy, code) => {
      expect(actionRefusal(IN_PERSON_RULES, action, view, actor as Actor, { now: today, busy })?.code).toBe(code);
    });

    it('004: the channel is refused first, even while busy and for any role', () => {
      const window = credential({ channel: 'in_person', agencyId: 'GYE-SUR', status: 'awaiting_window_review' });
      expect(actionRefusal(EMPLOYER_PASSWORD_RULES, 'submit_uploads', window, AUDITOR, { now: 0, busy: true })).toEqual({
        code: 'CASE.WRONG_CHANNEL',
        message: 'Este trámite se atiende en ventanilla; los documentos se registran en la agencia',
      });
      expect(actionRefusal(EMPLOYER_PASSWORD_RULES, 'office_review', window, MANAGER, { now: 0 })?.code).toBe('CASE.WRONG_CHANNEL');
      expect(actionRefusal(EMPLOYER_PASSWORD_RULES, 'record_window_documents', credential({ status: 'office_review' }), MANAGER, { now: 0 })?.code).toBe(
        'CASE.WRONG_CHANNEL',
      );
      expect(actionRefusal(EMPLOYER_PASSWORD_RULES, 'record_window_documents', window, { ...MANAGER, agencyId: 'GYE-SUR' }, { now: 0 })).toBeUndefined();
    });

    it('a portal case without an agency is any case manager’s; with one, its agency’s', () => {
      const expired = credential({ status: 'link_expired', link: LINK });
      expect(actionRefusal(EMPLOYER_PASSWORD_RULES, 'resend_password_link', expired, OTHER_MANAGER, { now: 0 })).toBeUndefined();
      expect(actionRefusal(EMPLOYER_PASSWORD_RULES, 'resend_password_link', { ...expired, agencyId: 'UIO-NORTE' }, OTHER_MANAGER, { now: 0 })?.code).toBe(
        'AUTH.OUT_OF_SCOPE',
      );
      expect(actionRefusal(EMPLOYER_PASSWORD_RULES, 'resend_password_link', { ...expired, link: { ...LINK, linksLeft: 0 } }, FILER, { now: 0 })?.code).toBe(
        'LINK.NO_MORE_LINKS',
      );
    });
  });

  describe('availableActions: what each role may do now, per status', () => {
    const today = at('2026-12-03T15:00:00Z');
    const issued = inPerson({
      status: 'issued',
      appointment,
      result: { kind: 'FOREIGNER_CODE', code: '000000000001', verificationNumber: 'V-1', documentSha256: 'a'.repeat(64), issuedAt: STARTS_AT },
    });
    it.each([
      ['awaiting_verification', inPerson({}), APPLICANT, ['verify_code', 'resend_code', 'cancel']],
      ['awaiting_verification, no code left', inPerson({ verification: { attemptsLeft: 5, codesLeft: 0 } }), APPLICANT, ['verify_code', 'cancel']],
      ['awaiting_verification, a case manager', inPerson({}), MANAGER, []],
      ['awaiting_booking', inPerson({ status: 'awaiting_booking' }), APPLICANT, ['book', 'cancel']],
      ['awaiting_booking, an online case: no case manager books it', inPerson({ status: 'awaiting_booking' }), MANAGER, []],
      [
        'awaiting_booking, booked at the desk: its agency’s case manager',
        inPerson({ status: 'awaiting_booking', deskBooking: { agencyId: 'UIO-NORTE' } }),
        MANAGER,
        ['book', 'cancel'],
      ],
      [
        'awaiting_booking, booked at another agency’s desk',
        inPerson({ status: 'awaiting_booking', deskBooking: { agencyId: 'UIO-NORTE' } }),
        OTHER_MANAGER,
        [],
      ],
      ['scheduled, the applicant', scheduled, APPLICANT, ['reschedule', 'cancel']],
      ['scheduled, the agency’s case manager, on the day', scheduled, MANAGER, ['reschedule', 'cancel', 'check_in']],
      ['scheduled, another agency', scheduled, OTHER_MANAGER, []],
      ['scheduled, the legal unit', scheduled, LEGAL, []],
      ['scheduled, an auditor', scheduled, AUDITOR, []],
      ['scheduled, an administrator', scheduled, ADMIN, []],
      ['checked_in', inPerson({ status: 'checked_in', appointment }), MANAGER, ['record_documents', 'call_turno', 'mark_no_show']],
      ['awaiting_correction', inPerson({ status: 'awaiting_correction', appointment }), MANAGER, ['record_documents']],
      ['awaiting_correction, the applicant', inPerson({ status: 'awaiting_correction', appointment }), APPLICANT, []],
      ['stuck', inPerson({ status: 'stuck', appointment }), MANAGER, ['retry_stuck']],
      ['possible_duplicate', inPerson({ status: 'possible_duplicate', appointment }), MANAGER, ['resolve_duplicate']],
      ['legal_review', inPerson({ status: 'legal_review', appointment }), MANAGER, []],
      ['issued', issued, MANAGER, ['resend_issued_document']],
      ['issued, the applicant', issued, APPLICANT, []],
      ['lapsed', inPerson({ status: 'lapsed', appointment }), MANAGER, []],
    ] as const)('%s', (_name, view, actor, actions) => {
      expect(availableActions(view, actor, today)).toEqual(actions);
    });

    it.each([
      ['003 identity_check', { procedure: 'AFFILIATE_PORTAL_PASSWORD', status: 'identity_check', applicantId: FILER.id }, FILER, ['answer_identity']],
      ['003 awaiting_email', { procedure: 'AFFILIATE_PORTAL_PASSWORD', status: 'awaiting_email', applicantId: FILER.id }, FILER, ['confirm_email']],
      ['003 locked, a case manager', { procedure: 'AFFILIATE_PORTAL_PASSWORD', status: 'locked' }, MANAGER, ['unlock_credential']],
      ['003 locked, an administrator', { procedure: 'AFFILIATE_PORTAL_PASSWORD', status: 'locked' }, ADMIN, ['unlock_credential']],
      ['003 locked, the affiliate', { procedure: 'AFFILIATE_PORTAL_PASSWORD', status: 'locked' }, FILER, []],
      ['003 link_expired', { procedure: 'AFFILIATE_PORTAL_PASSWORD', status: 'link_expired', link: LINK }, FILER, ['resend_password_link']],
      ['003 link_expired, a case manager', { procedure: 'AFFILIATE_PORTAL_PASSWORD', status: 'link_expired', link: LINK }, MANAGER, []],
      ['004 virtual, awaiting_submission', {}, FILER, ['submit_uploads']],
      ['004 virtual, awaiting_correction', { status: 'awaiting_correction' }, FILER, ['submit_uploads']],
      ['004 virtual, office_review', { status: 'office_review', agencyId: 'GYE-SUR' }, { ...MANAGER, agencyId: 'GYE-SUR' }, ['office_review']],
      ['004 virtual, office_review, the filer', { status: 'office_review' }, FILER, []],
      ['004 window, awaiting_correction', { channel: 'in_person', status: 'awaiting_correction', agencyId: 'UIO-NORTE' }, MANAGER, ['record_window_documents']],
      ['004 window, awaiting_correction, the filer', { channel: 'in_person', status: 'awaiting_correction', agencyId: 'UIO-NORTE' }, FILER, []],
      ['004 link_expired, a case manager', { status: 'link_expired', link: LINK }, MANAGER, ['resend_password_link']],
      ['004 link_sent', { status: 'link_sent', link: LINK }, FILER, []],
      ['004 issued', { status: 'issued' }, FILER, []],
    ] as const)('%s', (_name, over, actor, actions) => {
      expect(availableActions(credential(over as Partial<CredentialCaseView>), actor, 0)).toEqual(actions);
    });
  });
});
