import { generateSigningKeyPair } from './signed-statement';
import { ARRIVAL_PASS_TYPE, arrivalPassKeyFromSecret, signArrivalPass, verifyArrivalPass } from './arrival-pass';

const SECRET = 'an-api-secret-of-at-least-32-characters-0123';
const CLAIMS = { ref: 'T-1A2B3C4D5E', ag: 'UIO-NORTE', day: '2026-12-14', iat: 1_797_000_000 };

describe('the confirmation’s arrival pass (ADR 0028)', () => {
  it('derives the same key from the same secret, and another from another secret', () => {
    const a = arrivalPassKeyFromSecret(SECRET);
    const b = arrivalPassKeyFromSecret(SECRET);
    expect(a.kid).toBe(b.kid);
    expect(a.kid).toMatch(/^arrival-[0-9a-f]{12}$/);
    expect(arrivalPassKeyFromSecret(`${SECRET}x`).kid).not.toBe(a.kid);
    expect(() => arrivalPassKeyFromSecret('short')).toThrow();
  });

  it('signs the reference, agency and day only, deterministically, and verifies them', () => {
    const key = arrivalPassKeyFromSecret(SECRET);
    const pass = signArrivalPass(CLAIMS, key);
    expect(signArrivalPass(CLAIMS, key)).toBe(pass);
    const payload = JSON.parse(Buffer.from(pass.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(payload).toEqual({ iss: 'IESS-Tramites', typ: ARRIVAL_PASS_TYPE, ...CLAIMS });
    expect(verifyArrivalPass(pass, key.publicKey)).toEqual({ valid: true, claims: payload });
  });

  it('refuses a pass signed by another key, altered, malformed or with claims out of shape', () => {
    const key = arrivalPassKeyFromSecret(SECRET);
    const pass = signArrivalPass(CLAIMS, key);
    expect(verifyArrivalPass(signArrivalPass(CLAIMS, generateSigningKeyPair('other')), key.publicKey)).toEqual({ valid: false, reason: 'BAD_SIGNATURE' });
    const [h, , s] = pass.split('.');
    const altered = Buffer.from(JSON.stringify({ iss: 'IESS-Tramites', typ: ARRIVAL_PASS_TYPE, ...CLAIMS, ag: 'GYE-CENTRO' })).toString('base64url');
    expect(verifyArrivalPass(`${h}.${altered}.${s}`, key.publicKey)).toEqual({ valid: false, reason: 'BAD_SIGNATURE' });
    for (const bad of ['', 'a.b', 'IESS-TURNO|T-1A2B3C4D5E', `${pass}.x`, 'x'.repeat(2000)]) expect(verifyArrivalPass(bad, key.publicKey).valid).toBe(false);
    expect(() => signArrivalPass({ ...CLAIMS, ref: 'Juan Pérez' }, key)).toThrow();
  });
});
