import fc from 'fast-check';
import { mobileToE164, validateLandline, validateMobile, validatePhoneNumber } from './phone';

describe('phone numbers', () => {
  it.each([
    ['0991234567', '0991234567'],
    ['099 123 4567', '0991234567'],
    ['+593991234567', '0991234567'],
    ['+593 99 123 4567', '0991234567'],
    ['593991234567', '0991234567'],
    ['00593991234567', '0991234567'],
    ['(099) 123-4567', '0991234567'],
  ])('mobile %p normalises to %p', (input, value) => {
    expect(validateMobile(input)).toMatchObject({ ok: true, value });
  });

  it.each([['0891234567'], ['991234567'], ['09912345678'], ['+593 2 234 5678'], ['+1 991234567'], ['09a1234567']])('mobile %p is refused', (input) => {
    expect(validateMobile(input)).toMatchObject({ ok: false, code: 'VALIDATION.MOBILE_FORMAT' });
  });

  it('converts to E.164', () => {
    expect(mobileToE164('0991234567')).toBe('+593991234567');
    expect(() => mobileToE164('022345678')).toThrow(RangeError);
  });

  it.each([
    ['022345678', true],
    ['(04) 234-5678', true],
    ['+593 7 234 5678', true],
    ['012345678', false],
    ['082345678', false],
    ['0223456789', false],
  ])('landline %p -> ok=%p', (input, ok) => {
    expect(validateLandline(input).ok).toBe(ok);
  });

  it('classifies any phone number', () => {
    expect(validatePhoneNumber('0991234567')).toMatchObject({ ok: true, details: 'mobile' });
    expect(validatePhoneNumber('022345678')).toMatchObject({ ok: true, details: 'landline' });
    expect(validatePhoneNumber('12')).toMatchObject({ ok: false, code: 'VALIDATION.PHONE_FORMAT' });
    expect(validatePhoneNumber(' ')).toMatchObject({ ok: false, code: 'VALIDATION.REQUIRED' });
  });

  it('every 09 + 8 digits mobile is valid in both notations and normalises to the same value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999 }), (n) => {
        const rest = String(n).padStart(8, '0');
        const national = validateMobile(`09${rest}`);
        const international = validateMobile(`+5939${rest}`);
        expect(national).toMatchObject({ ok: true, value: `09${rest}` });
        expect(international).toMatchObject({ ok: true, value: `09${rest}` });
      }),
    );
  });
});
