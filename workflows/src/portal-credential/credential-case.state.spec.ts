import {
  EMPLOYER_PASSWORD_RULES,
  actionRefusal,
  type Actor,
  type CredentialCaseView,
  type EmployerPasswordAction,
  type InspectedUpload,
} from '@tramites/contracts';
import { makeReason } from '@tramites/domain';
import {
  attemptsLeftAfter,
  businessDeadline,
  closed,
  isFinalCredentialStatus,
  presentedUploads,
  projection,
  uploadProblems,
  withStatus,
} from './credential-case.state';

const VIEW: CredentialCaseView = {
  caseId: '00000000-0000-4000-8000-000000000004',
  procedure: 'EMPLOYER_PORTAL_PASSWORD',
  channel: 'virtual',
  status: 'awaiting_submission',
  province: 'GUAYAS',
  agencyId: 'GYE-SUR',
  applicantId: '0912345678',
  holder: { kind: 'employer', id: '0990012345001', name: 'Comercial Andes S.A.' },
  waitingOn: 'applicant',
  deadlineAt: '2026-12-08T22:00:00.000Z',
  eventCount: 3,
};
const APPLICANT: Actor = { id: '0912345678', role: 'applicant' };
const OFFICER: Actor = { id: 'officer-2', role: 'case_manager', agencyId: 'GYE-SUR' };
const upload = (over: Partial<InspectedUpload>): InspectedUpload =>
  ({
    documentId: 'doc-1',
    kind: 'request_letter',
    found: true,
    detected: 'pdf',
    sizeBytes: 1200,
    fileName: 'solicitud.pdf',
    ...over,
  }) as InspectedUpload;

describe('the portal-password case (pure rules, 003 and 004)', () => {
  describe('withStatus', () => {
    it('sets who the case waits on from the status', () => {
      expect(withStatus(VIEW, 'office_review')).toMatchObject({ status: 'office_review', waitingOn: 'institution' });
      expect(withStatus(VIEW, 'link_sent', Date.parse('2026-12-01T15:15:00Z'))).toMatchObject({
        waitingOn: 'applicant',
        deadlineAt: '2026-12-01T15:15:00.000Z',
      });
    });

    it('drops the old deadline unless a new one is given, and never keeps one on a final status', () => {
      expect(withStatus(VIEW, 'office_review')).not.toHaveProperty('deadlineAt');
      expect(withStatus(VIEW, 'issued', Date.now())).not.toHaveProperty('deadlineAt');
    });
  });

  it('closed: final, waiting on nobody, the identity questions gone, the reasons kept', () => {
    const withQuestions = { ...VIEW, status: 'identity_check', identityCheck: { ordinal: 1 } } as unknown as CredentialCaseView;
    const rejected = closed(withQuestions, 'rejected', [makeReason('PORTAL.NOT_AFFILIATED')]);
    expect(rejected).toMatchObject({ status: 'rejected', waitingOn: 'nobody' });
    expect(rejected).not.toHaveProperty('identityCheck');
    expect(rejected.closedReason?.map((r) => r.code)).toEqual(['PORTAL.NOT_AFFILIATED']);
    expect(closed(VIEW, 'issued')).not.toHaveProperty('closedReason');
    expect(isFinalCredentialStatus(rejected.status)).toBe(true);
    expect(isFinalCredentialStatus('link_expired')).toBe(false);
  });

  // The rules live in the table of actions (libs/contracts case-actions.ts); these are the views this machine makes.
  describe('refusals of an action', () => {
    const LINK = { ordinal: 1, linkId: 'link-1', sentTo: 'c***@andes.ec', expiresAt: '2026-12-08T22:00:00.000Z', linksLeft: 2 };
    it.each([
      ['a role not allowed', VIEW, 'submit_uploads', OFFICER, 'AUTH.ROLE_NOT_ALLOWED'],
      ['a case manager of another agency', VIEW, 'resend_password_link', { ...OFFICER, agencyId: 'UIO-NORTE' }, 'AUTH.OUT_OF_SCOPE'],
      [
        'a case manager on a case of no agency',
        { ...withStatus(VIEW, 'link_expired'), agencyId: undefined, link: LINK },
        'resend_password_link',
        { ...OFFICER, agencyId: 'UIO-NORTE' },
        undefined,
      ],
      ['another applicant', VIEW, 'submit_uploads', { id: '1700000000', role: 'applicant' }, 'AUTH.NOT_YOUR_CASE'],
      ['a closed case', closed(VIEW, 'expired'), 'submit_uploads', APPLICANT, 'CASE.CLOSED'],
      ['another state', VIEW, 'resend_password_link', APPLICANT, 'CASE.INVALID_STATE'],
      ['the applicant, in the right state', VIEW, 'submit_uploads', APPLICANT, undefined],
      ['the applicant, correcting', withStatus(VIEW, 'awaiting_correction'), 'submit_uploads', APPLICANT, undefined],
    ] as const)('%s', (_name, view, action, actor, code) => {
      expect(actionRefusal(EMPLOYER_PASSWORD_RULES, action as EmployerPasswordAction, view as CredentialCaseView, actor as Actor, { now: 0 })?.code).toBe(code);
    });
  });

  it("the read-model row carries codes and the holder's name, no appointment", () => {
    expect(projection(VIEW)).toEqual({
      workflowId: `case:${VIEW.caseId}`,
      procedureType: 'EMPLOYER_PORTAL_PASSWORD',
      status: 'awaiting_submission',
      province: 'GUAYAS',
      agencyId: 'GYE-SUR',
      applicantId: '0912345678',
      deadlineAt: '2026-12-08T22:00:00.000Z',
      waitingOn: 'applicant',
      holderName: 'Comercial Andes S.A.',
      appointmentAt: null,
    });
    expect(projection({ ...VIEW, agencyId: undefined, deadlineAt: undefined, holder: { kind: 'affiliate', id: 'x' } })).toMatchObject({
      agencyId: null,
      deadlineAt: null,
      holderName: null,
    });
  });

  it('five identity-check failures leave no attempt', () => {
    expect([0, 1, 4, 5, 7].map(attemptsLeftAfter)).toEqual([5, 4, 1, 0, 0]);
  });

  it("business deadlines end at the office's closing time in Guayaquil", () => {
    // Tuesday 1 December 2026, 10:00 local + 5 business days = Tuesday 8 December, 17:00 local.
    expect(businessDeadline(Date.parse('2026-12-01T15:00:00Z'), 5)).toBe(Date.parse('2026-12-08T22:00:00Z'));
  });

  describe('Ventanilla Virtual uploads', () => {
    it('only found files reach the checklist, electronically signed only when the signature verified', () => {
      const presented = presentedUploads(
        [
          upload({ signature: { status: 'valid', signer: 'ANDES' } }),
          upload({ documentId: 'doc-2', kind: 'ruc', signature: { status: 'untrusted' } }),
          upload({ documentId: 'doc-3', found: false }),
        ],
        { request_letter: { ruc: '0990012345001' } },
      );
      expect(presented).toHaveLength(2);
      expect(presented[0]).toMatchObject({
        kind: 'request_letter',
        signature: 'electronic',
        copy: true,
        original: false,
        fields: { ruc: '0990012345001' },
        upload: { detected: 'pdf', fileName: 'solicitud.pdf' },
      });
      expect(presented[1]).not.toHaveProperty('signature');
      expect(presented[1]?.fields).toEqual({});
    });

    it('names each missing file and each signature that did not verify', () => {
      const codes = uploadProblems([
        upload({ found: false }),
        upload({ signature: { status: 'missing' } }),
        upload({ signature: { status: 'digest_mismatch' } }),
        upload({ signature: { status: 'bad_signature' } }),
        upload({ signature: { status: 'untrusted' } }),
        upload({ signature: { status: 'valid' } }),
        upload({}),
      ]).map((r) => r.code);
      expect(codes).toEqual(['DOC.MISSING', 'DOC.SIGNATURE_ELECTRONIC_REQUIRED', 'DOC.SIGNATURE_TAMPERED', 'DOC.SIGNATURE_INVALID', 'DOC.SIGNATURE_UNTRUSTED']);
    });
  });
});
