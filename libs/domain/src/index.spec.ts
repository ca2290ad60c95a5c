import * as domain from './index';

describe('@tramites/domain public API', () => {
  it.each([
    'PROCEDURES',
    'getProcedure',
    'evaluateChecklist',
    'REASONS',
    'reasonText',
    'validateCedula',
    'validateRuc',
    'validatePassportNumber',
    'validateEmail',
    'validateMobile',
    'validateAffiliatePassword',
    'validateVerificationCode',
    'HolidayCalendar',
    'isBusinessDay',
    'isWithinOfficeHours',
    'addBusinessDays',
    'businessDaysBetween',
    'endOfBusinessDay',
    'DeadlineClock',
    'isValidForeignerCode',
    'verhoeffCheckDigit',
    'verhoeffValidate',
    'generateForeignerCode',
    'foreignerCodeFilters',
    'sniffUpload',
    'MAX_UPLOAD_BYTES',
  ])('exports %s', (name) => {
    expect(domain).toHaveProperty(name);
    expect((domain as Record<string, unknown>)[name]).toBeDefined();
  });

  it('states the upload limit in bytes', () => {
    expect(domain.MAX_UPLOAD_BYTES).toBe(1_048_576);
  });
});
