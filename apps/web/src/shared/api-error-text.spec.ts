import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ERROR_CODES } from '@tramites/contracts';
import { REASON_CODES, reasonText } from '@tramites/domain';
import { TramitesApi } from '../api/api-client';
import { apiErrorTextIn, hasErrorText } from './api-error-text';
import { apiFailed, errorPage, pageErrorWords } from './page-error';

/**
 * Codes only an officer, an auditor or the system meets (back office, agency day, codec, session
 * store): never shown on an applicant's page, so not in the `errors` namespace. A new code of
 * libs/contracts is either here or translated in both languages: this spec says which is missing.
 */
const OFFICERS_ONLY = new Set([
  'AUTH.OUT_OF_SCOPE',
  'AUTH.ASSERTION_INVALID',
  'AUTH.REAUTHENTICATION_REQUIRED',
  'CASE.ASSIGNED_TO_OTHER',
  'CASE.ALREADY_YOURS',
  'CASE.NOT_ASSIGNED',
  'CASE.WALK_IN_NOT_ALLOWED',
  'PODER.NOT_FOUND',
  'PODER.ALREADY_DECIDED',
  'PODER.SAME_OFFICER',
  'PODER.CLAIMED_BY_OTHER',
  'APPOINTMENT.NOT_TODAY',
  'CREDENTIAL.NOT_LOCKED',
  'CREDENTIAL.NOT_FOUND',
  'DUPLICATE.UNKNOWN_CODE',
  'HISTORY.NOT_FOUND',
  'CHECKPOINT.NOT_FOUND',
  'CODEC.UNDECRYPTABLE',
  'AGENCY.HOLIDAY_HAS_APPOINTMENTS',
  'AGENCY.HOLIDAY_EXISTS',
  'AGENCY.HOLIDAY_NOT_FOUND',
  'OFFICER.NOT_FOUND',
  'OFFICER.NOT_IN_AGENCY',
  'OFFICER.PROVIDER_EXTERNAL',
  'SESSION_STORE.NOT_FOUND',
  'SESSION_STORE.FORBIDDEN',
  'ARRIVAL.PASS_INVALID',
  'ARRIVAL.OTHER_AGENCY',
  'ARRIVAL.OTHER_DAY',
  'CALLING.NOBODY_WAITING',
]);

describe('the API refusals an applicant can meet, in both languages (errors namespace)', () => {
  const applicantCodes = [...Object.keys(ERROR_CODES).filter((c) => !OFFICERS_ONLY.has(c)), ...REASON_CODES];

  it.each(['es', 'en'] as const)('every code of libs/contracts and every reason of libs/domain has its %s text', (locale) => {
    expect(applicantCodes.filter((code) => !hasErrorText(locale, code))).toEqual([]);
  });

  it('lists as officers-only only codes that exist', () => {
    expect([...OFFICERS_ONLY].filter((c) => !(c in ERROR_CODES))).toEqual([]);
    expect(hasErrorText('en', 'AUTH.OUT_OF_SCOPE')).toBe(false);
  });

  it('keeps the API’s own Spanish words in Spanish', () => {
    const error = { code: 'UPLOAD.TOO_LARGE', message: 'El archivo cedula.pdf pesa 1,2 MB y supera el máximo de 1 MB (1.048.576 bytes).' };
    expect(apiErrorTextIn('es', error)).toBe(error.message);
  });

  it('translates the code in English, and keeps the Spanish words that say more (the file’s name)', () => {
    const error = { code: 'UPLOAD.TOO_LARGE', message: 'El archivo cedula.pdf pesa 1,2 MB y supera el máximo de 1 MB (1.048.576 bytes).' };
    expect(apiErrorTextIn('en', error)).toBe(
      'The file is larger than the maximum of 1 MB (1,048,576 bytes). (Original message in Spanish: «El archivo cedula.pdf pesa 1,2 MB y supera el máximo de 1 MB (1.048.576 bytes).»)',
    );
    expect(apiErrorTextIn('en', { code: 'CASE.CLOSED', message: ERROR_CODES['CASE.CLOSED'].message })).toBe('Your case has ended and accepts no more actions.');
    expect(apiErrorTextIn('en', { code: 'PORTAL.NOT_AFFILIATED', message: reasonText('PORTAL.NOT_AFFILIATED') })).toBe(
      'The identification number does not belong to an affiliate registered at the IESS.',
    );
  });

  it('keeps the Spanish words of a code it does not know', () => {
    expect(apiErrorTextIn('en', { code: 'SOMETHING.UNKNOWN', message: 'Algo que nadie tradujo.' })).toBe('Algo que nadie tradujo.');
  });

  it('translates the web client’s own codes (the API unreachable, or an answer without an error body)', async () => {
    // A server that hangs up on /captcha and answers 500 without a body elsewhere: the client's own two codes.
    const server = http.createServer((req, res) => (req.url?.startsWith('/captcha') ? req.socket.destroy() : res.writeHead(500).end()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const api = new TramitesApi(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    try {
      const [unreachable, failed] = [await api.captcha(), await api.agencies()];
      if (unreachable.ok || failed.ok) throw new Error('the server answered');
      expect([unreachable.error.code, failed.error.code]).toEqual(['API.UNREACHABLE', 'API.ERROR']);
      expect(apiErrorTextIn('es', unreachable.error)).toBe(unreachable.error.message);
      expect(apiErrorTextIn('en', unreachable.error)).toBe('The service is not answering right now. Try again in a few minutes.');
      expect(apiErrorTextIn('en', failed.error)).toBe('The service could not handle the request.');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('the page of an API refusal (apiFailed), in the applicant’s language', () => {
  const closed = { status: 409, error: { code: 'CASE.CLOSED', message: 'El trámite ya terminó y no admite más acciones.' } };

  it('keeps its status and the API’s Spanish words in Spanish', () => {
    const page = apiFailed(closed);
    expect(page.status).toBe(409);
    expect(pageErrorWords(page, 'es')).toEqual({ title: 'Su trámite ya terminó', message: 'El trámite ya terminó y no admite más acciones.' });
  });

  it('says the title and the refusal in English', () => {
    expect(pageErrorWords(apiFailed(closed), 'en')).toEqual({ title: 'Your case has ended', message: 'Your case has ended and accepts no more actions.' });
    const down = apiFailed({ status: 502, error: { code: 'TEMPORAL.UNAVAILABLE', message: 'El servicio de trámites no está disponible; intente más tarde.' } });
    expect(down.status).toBe(503);
    expect(pageErrorWords(down, 'en')).toEqual({
      title: 'We could not complete your request',
      message: 'The service is not available right now. Try again later.',
    });
  });

  it('leaves a page’s own title to the page that gave it', () => {
    const page = apiFailed(
      { status: 422, error: { code: 'CASE.INVALID_STATE', message: 'La acción no está permitida en el estado actual del trámite.' } },
      'No pudimos abrir el trámite sin turno',
    );
    expect(pageErrorWords(page, 'en').title).toBe('No pudimos abrir el trámite sin turno');
    expect(pageErrorWords(errorPage(404, { title: 'No existe', message: 'Revise la dirección.' }), 'en')).toEqual({
      title: 'No existe',
      message: 'Revise la dirección.',
    });
  });
});
