import { expectErrorCode } from '@tramites/testing/unit';
import { REASON_CODES, REASONS, isReasonCode, makeReason, reasonCategory, reasonText } from './reasons';
import type { ReasonCode } from './reasons';

describe('REASONS table', () => {
  it('contains every code the procedures rely on', () => {
    const required: ReasonCode[] = [
      'DOC.SIGNATURE_ELECTRONIC_NOT_ACCEPTED',
      'DOC.SIGNATURE_HANDWRITTEN_REQUIRED',
      'DOC.MISSING',
      'DOC.COPY_MISSING',
      'DOC.ORIGINAL_REQUIRED',
      'DOC.FIELD_MISSING',
      'DOC.DATA_MISMATCH_SUT',
      'DOC.DATA_MISMATCH_REQUEST',
      'ELIGIBILITY.HAS_CEDULA',
      'ELIGIBILITY.HAS_FOREIGNER_CODE',
      'ELIGIBILITY.FILER_NOT_ALLOWED',
      'PODER.NOT_ENDORSED',
      'UPLOAD.TOO_LARGE',
      'UPLOAD.TYPE_NOT_ALLOWED',
      'VALIDATION.CEDULA_CHECK_DIGIT',
    ];
    for (const code of required) expect(REASON_CODES).toContain(code);
  });

  it('uses dotted upper-case codes with a known prefix', () => {
    for (const code of REASON_CODES) {
      expect(code).toMatch(/^(DOC|ELIGIBILITY|PODER|APPOINTMENT|UPLOAD|PORTAL|VALIDATION)\.[A-Z0-9_]+$/);
    }
  });

  it('leaves no placeholder unfilled when only defaults are used', () => {
    for (const code of REASON_CODES) {
      const text = reasonText(code);
      expect(text).not.toMatch(/\{[a-zA-Z]+\}/);
      expect(text.length).toBeGreaterThan(10);
    }
  });

  it('rejections are exactly the final outcomes', () => {
    const rejections = REASON_CODES.filter((c) => reasonCategory(c) === 'rejection').sort();
    expect(rejections).toEqual([
      'ELIGIBILITY.ALREADY_HAS_CODE',
      'ELIGIBILITY.CHANNEL_NOT_AVAILABLE',
      'ELIGIBILITY.FILER_NOT_ALLOWED',
      'ELIGIBILITY.HAS_CEDULA',
      'ELIGIBILITY.HAS_FOREIGNER_CODE',
      'ELIGIBILITY.IS_AFFILIATED',
      'PODER.EXPIRED',
      'PODER.NOTARY_DATA_INVALID',
      'PODER.PARTIES_MISMATCH',
      'PODER.REVOKED',
      'PODER.SCOPE_INSUFFICIENT',
      'PORTAL.CREDENTIAL_LOCKED',
      'PORTAL.KEY_REQUEST_MISSING',
      'PORTAL.LOCK_NOT_LIFTED',
      'PORTAL.NOT_AFFILIATED',
      'PORTAL.NO_MORE_LINKS',
      'PORTAL.NO_WORK_HISTORY',
      'PORTAL.REVIEW_REJECTED',
      'PORTAL.SESSION_EXPIRED',
    ]);
  });

  it('fills params over defaults', () => {
    expect(reasonText('DOC.COPY_MISSING', { document: 'Pasaporte' })).toBe('Pasaporte: falta la copia simple.');
    expect(reasonText('UPLOAD.TOO_LARGE', { file: '«a.pdf»', size: '1.048.577 bytes' })).toBe(
      'El archivo «a.pdf» pesa 1.048.577 bytes y supera el máximo de 1 MB (1.048.576 bytes).',
    );
  });

  it('builds reasons with category and message', () => {
    expect(makeReason('ELIGIBILITY.HAS_FOREIGNER_CODE')).toEqual({
      code: 'ELIGIBILITY.HAS_FOREIGNER_CODE',
      category: 'rejection',
      message: REASONS['ELIGIBILITY.HAS_FOREIGNER_CODE'].text,
    });
  });

  it('refuses unknown codes with a coded error', () => {
    expect(isReasonCode('NOPE.X')).toBe(false);
    expectErrorCode(() => reasonText('NOPE.X' as ReasonCode), 'REASON.UNKNOWN');
  });
});
