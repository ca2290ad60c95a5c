import { generateKeyPairSync, sign } from 'node:crypto';
import { StartupError } from '@tramites/infra';
import { readOwnStatement, toJwks, verificationKeysFromEnvironment, verifyStatementToken } from './statement-verifier';
import { canonicalVerificationNumber } from './verification-number';
import { initialsOf } from './verification.service';

const b64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');
const pem = (key: { export(o: { type: 'spki'; format: 'pem' }): string | Buffer }): string => key.export({ type: 'spki', format: 'pem' }).toString();

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const claims = {
  iss: 'IESS-Tramites',
  typ: 'NON_AFFILIATION_CERTIFICATE',
  vn: 'VN-2026-0000-0000-00',
  cid: 'c1',
  sub: 'AB123',
  name: 'Ana Ríos',
  iat: 1_790_000_000,
};

function token(header: object, payload: object = claims): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${b64url(sign(null, Buffer.from(input), privateKey))}`;
}

describe('verifyStatementToken (the API side of docs/decisions/0006)', () => {
  const keys = verificationKeysFromEnvironment({ SIGNING_PUBLIC_KEYS: JSON.stringify({ k1: pem(publicKey) }) });

  it('accepts a well-formed EdDSA statement and gives its claims', () => {
    expect(verifyStatementToken(token({ alg: 'EdDSA', kid: 'k1' }), keys)).toEqual({ valid: true, kid: 'k1', claims });
  });

  it.each([
    ['a number', 42, 'MALFORMED'],
    ['two segments', 'a.b', 'MALFORMED'],
    ['alg none', token({ alg: 'none', kid: 'k1' }), 'WRONG_ALG'],
    ['alg HS256', token({ alg: 'HS256', kid: 'k1' }), 'WRONG_ALG'],
    ['a crit header', token({ alg: 'EdDSA', kid: 'k1', crit: ['x'] }), 'MALFORMED'],
    ['an unknown kid', token({ alg: 'EdDSA', kid: 'k2' }), 'UNKNOWN_KEY'],
    ['a prototype kid', token({ alg: 'EdDSA', kid: 'constructor' }), 'UNKNOWN_KEY'],
    ['claims of another shape', token({ alg: 'EdDSA', kid: 'k1' }, { ...claims, code: '123' }), 'MALFORMED'],
    ['padding in base64url', `${token({ alg: 'EdDSA', kid: 'k1' })}=`, 'MALFORMED'],
  ])('refuses %s', (_, input, reason) => {
    expect(verifyStatementToken(input, keys)).toEqual({ valid: false, reason });
  });

  it('refuses a changed payload', () => {
    const [h, , s] = token({ alg: 'EdDSA', kid: 'k1' }).split('.');
    expect(verifyStatementToken(`${h}.${b64url(JSON.stringify({ ...claims, name: 'Otra' }))}.${s}`, keys)).toEqual({ valid: false, reason: 'BAD_SIGNATURE' });
  });

  it('reads our own stored statement, and publishes the key as an OKP JWK', () => {
    expect(readOwnStatement(token({ alg: 'EdDSA', kid: 'k1' }))?.name).toBe('Ana Ríos');
    expect(toJwks(keys).keys).toEqual([{ kty: 'OKP', crv: 'Ed25519', x: publicKey.export({ format: 'jwk' }).x, kid: 'k1', use: 'sig', alg: 'EdDSA' }]);
  });
});

describe('verificationKeysFromEnvironment', () => {
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  it('adds the public half of SIGNING_PRIVATE_KEY (base64 of PEM), never the private key', () => {
    const keys = verificationKeysFromEnvironment({ SIGNING_KEY_ID: 'k9', SIGNING_PRIVATE_KEY: Buffer.from(privatePem).toString('base64') });
    expect(Object.keys(keys)).toEqual(['k9']);
    expect(keys['k9']?.type).toBe('public');
  });

  it('stops start-up on bad values and on no key in production', () => {
    expect(() => verificationKeysFromEnvironment({ SIGNING_PUBLIC_KEYS: 'not json' })).toThrow(StartupError);
    expect(() => verificationKeysFromEnvironment({ SIGNING_PUBLIC_KEYS: '{"k1":"nope"}' })).toThrow(/SPKI/);
    expect(() => verificationKeysFromEnvironment({ NODE_ENV: 'production' })).toThrow(/SIGNING_PUBLIC_KEYS/);
    const other = generateKeyPairSync('ed25519').publicKey;
    expect(() =>
      verificationKeysFromEnvironment({ SIGNING_KEY_ID: 'k1', SIGNING_PRIVATE_KEY: privatePem, SIGNING_PUBLIC_KEYS: JSON.stringify({ k1: pem(other) }) }),
    ).toThrow(/never be reused/);
    expect(verificationKeysFromEnvironment({ NODE_ENV: 'test' })).toEqual({});
  });
});

describe('verification numbers and initials', () => {
  it('reads a number typed loosely and refuses a typo', () => {
    const printed = 'VN-2026-7K3M-Q9XD-20';
    expect(canonicalVerificationNumber(printed)).toBe(printed);
    expect(canonicalVerificationNumber('vn 2026 7k3m q9xd 2o')).toBe(printed);
    expect(canonicalVerificationNumber('VN-2026-7K3M-Q9XD-21')).toBeUndefined();
    expect(canonicalVerificationNumber('VN-2026-7K3M-9QXD-20')).toBeUndefined();
    expect(canonicalVerificationNumber('VN-2026')).toBeUndefined();
  });

  it('keeps only initials', () => {
    expect(initialsOf('María José  Pérez-Gómez')).toBe('M. J. P. G.');
    expect(initialsOf('Ömer Çelik')).toBe('Ö. Ç.');
  });
});
