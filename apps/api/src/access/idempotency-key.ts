import { ApiError } from '../errors/api-error';

const IDEMPOTENCY_KEY = /^[\w.:-]{8,128}$/;

/** The Idempotency-Key header of a start, checked: 8 to 128 characters of [A-Za-z0-9._:-], or absent. */
export function checkIdempotencyKey(key: string | undefined): string | undefined {
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    throw new ApiError(
      'VALIDATION.FAILED',
      'Idempotency-Key debe tener de 8 a 128 letras, dígitos o . _ : -',
      { fields: [{ field: 'Idempotency-Key', message: 'de 8 a 128 caracteres [A-Za-z0-9._:-]' }] },
      400,
    );
  }
  return key;
}
