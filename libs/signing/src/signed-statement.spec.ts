import { createPublicKey, generateKeyPairSync, sign, verify as cryptoVerify } from 'node:crypto';
import {
  decodeStatementUnverified,
  exportPrivateKeyPem,
  exportPublicKeyPem,
  generateSigningKeyPair,
  signStatement,
  signingKeyEnvLines,
  signingKeysFromEnv,
  verificationKeysFromEnv,
  verifyStatement,
  type StatementClaimsInput,
} from './signed-statement';
import { newVerificationNumber } from './verification-number';

const pair = generateSigningKeyPair('iess-test-1');
const trusted = { [pair.kid]: pair.publicKey };

const vn = newVerificationNumber(() => Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), Date.UTC(2026, 0, 15));
const good: StatementClaimsInput = {
  typ: 'FOREIGNER_CODE',
  vn,
  cid: 'c0ffee00-0000-4000-8000-000000000001',
  sub: ' ab-123 456 ',
  name: 'María  José Pérez Ñúñez',
  code: '9384 7261 9509',
  iat: 1_767_225_600,
};

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const segments = (token: string): [string, string, string] => token.split('.') as [string, string, string];

describe('signStatement / verifyStatement', () => {
  it('round-trips, with normalised document number, name and code, and the kid in the header', () => {
    const token = signStatement(good, pair);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const [header] = segments(token);
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'EdDSA', kid: 'iess-test-1' });
    const result = verifyStatement(token, trusted);
    expect(result).toEqual({
      valid: true,
      kid: 'iess-test-1',
      claims: {
        iss: 'IESS-Tramites',
        typ: 'FOREIGNER_CODE',
        vn,
        cid: good.cid,
        sub: 'AB123456',
        name: 'María José Pérez Ñúñez',
        code: '938472619509',
        iat: 1_767_225_600,
      },
    });
    expect(decodeStatementUnverified(token)?.claims).toEqual(result.valid ? result.claims : undefined);
  });

  it('is deterministic: same claims and key, same token, whatever the key order of the input', () => {
    const reordered = Object.fromEntries(Object.entries(good).reverse()) as unknown as StatementClaimsInput;
    expect(signStatement(reordered, pair)).toBe(signStatement(good, pair));
  });

  it('signs a certificate of non-affiliation without a code, and refuses a code on it', () => {
    const { code: _code, ...rest } = good;
    const certificate = { ...rest, typ: 'NON_AFFILIATION_CERTIFICATE' } as const;
    const result = verifyStatement(signStatement(certificate, pair), trusted);
    expect(result.valid).toBe(true);
    expect(result.valid && 'code' in result.claims).toBe(false);
    expect(() => signStatement({ ...certificate, code: '938472619509' }, pair)).toThrow(expect.objectContaining({ code: 'SIGNING.INVALID_CLAIMS' }));
  });

  it.each([
    ['a missing code on FOREIGNER_CODE', { code: undefined }],
    ['a bad foreigner code', { code: '938472619508' }],
    ['a non-canonical verification number', { vn: vn.toLowerCase() }],
    ['an empty name', { name: '  ' }],
    ['fractional iat', { iat: 1.5 }],
    ['an unknown type', { typ: 'PASSWORD' }],
  ])('refuses to sign %s', (_label, change) => {
    expect(() => signStatement({ ...good, ...change } as StatementClaimsInput, pair)).toThrow(expect.objectContaining({ code: 'SIGNING.INVALID_CLAIMS' }));
  });

  it('refuses a non-Ed25519 signing key', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => signStatement(good, { kid: 'k', privateKey })).toThrow(expect.objectContaining({ code: 'SIGNING.INVALID_KEY' }));
  });

  it('detects a tampered payload', () => {
    const [h, , s] = segments(signStatement(good, pair));
    const forged = b64({ ...verifyStatementClaims(), code: '912340817265' });
    expect(verifyStatement(`${h}.${forged}.${s}`, trusted)).toEqual({ valid: false, reason: 'BAD_SIGNATURE' });
  });

  it('detects a tampered signature', () => {
    const [h, p, s] = segments(signStatement(good, pair));
    const bytes = Buffer.from(s, 'base64url');
    bytes[10] = bytes[10]! ^ 0x01;
    expect(verifyStatement(`${h}.${p}.${bytes.toString('base64url')}`, trusted)).toEqual({ valid: false, reason: 'BAD_SIGNATURE' });
    expect(verifyStatement(`${h}.${p}.${Buffer.alloc(63).toString('base64url')}`, trusted)).toEqual({ valid: false, reason: 'BAD_SIGNATURE' });
  });

  it('rejects a signature made by another key under our kid', () => {
    const impostor = generateSigningKeyPair('iess-test-1');
    expect(verifyStatement(signStatement(good, impostor), trusted)).toEqual({ valid: false, reason: 'BAD_SIGNATURE' });
  });

  it('reports an unknown kid, including names that exist on Object.prototype', () => {
    const other = generateSigningKeyPair('iess-retired');
    expect(verifyStatement(signStatement(good, other), trusted)).toEqual({ valid: false, reason: 'UNKNOWN_KEY' });
    for (const kid of ['constructor', '__proto__', 'toString']) {
      expect(verifyStatement(signStatement(good, { ...pair, kid }), trusted)).toEqual({ valid: false, reason: 'UNKNOWN_KEY' });
    }
  });

  it('verifies with any of several keys (rotation)', () => {
    const old = generateSigningKeyPair('iess-old');
    const both = { ...trusted, [old.kid]: old.publicKey };
    expect(verifyStatement(signStatement(good, old), both).valid).toBe(true);
    expect(verifyStatement(signStatement(good, pair), both).valid).toBe(true);
  });

  it('refuses alg "none" and any other algorithm', () => {
    const [, p] = segments(signStatement(good, pair));
    expect(verifyStatement(`${b64({ alg: 'none', kid: pair.kid })}.${p}.`, trusted)).toEqual({ valid: false, reason: 'WRONG_ALG' });
    expect(verifyStatement(`${b64({ alg: 'none' })}.${p}.`, trusted)).toEqual({ valid: false, reason: 'WRONG_ALG' });
    expect(verifyStatement(`${b64({ alg: 'HS256', kid: pair.kid })}.${p}.AAAA`, trusted)).toEqual({ valid: false, reason: 'WRONG_ALG' });
    // A configured key that is not Ed25519 is never used.
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    expect(verifyStatement(signStatement(good, pair), { [pair.kid]: rsa })).toEqual({ valid: false, reason: 'WRONG_ALG' });
  });

  it.each([
    ['empty', ''],
    ['two segments', 'a.b'],
    ['four segments', 'a.b.c.d'],
    ['header not JSON', 'bm90IGpzb24.e30.AAAA'],
    ['header not base64url', 'ab+/.e30.AAAA'],
    ['no kid', `${b64({ alg: 'EdDSA' })}.e30.AAAA`],
    ['critical extension', `${b64({ alg: 'EdDSA', kid: 'iess-test-1', crit: ['exp'], exp: 1 })}.e30.AAAA`],
    ['padding', `${b64({ alg: 'EdDSA', kid: 'iess-test-1' })}=.e30.AAAA`],
  ])('reports a malformed token (%s)', (_label, token) => {
    expect(verifyStatement(token, trusted)).toEqual({ valid: false, reason: 'MALFORMED' });
  });

  it('reports well-signed but meaningless claims as MALFORMED', () => {
    const h = b64({ alg: 'EdDSA', kid: pair.kid });
    const p = b64({ hello: 'world' });
    const s = sign(null, Buffer.from(`${h}.${p}`), pair.privateKey).toString('base64url');
    expect(verifyStatement(`${h}.${p}.${s}`, trusted)).toEqual({ valid: false, reason: 'MALFORMED' });
  });

  it('verifies offline with ONLY the public key (plain node:crypto, independent of verifyStatement)', () => {
    const token = signStatement(good, pair);
    // What a third party holds: the published SPKI PEM, nothing else from this module.
    const published = createPublicKey(exportPublicKeyPem(pair.publicKey));
    const [h, p, s] = segments(token);
    expect(cryptoVerify(null, Buffer.from(`${h}.${p}`), published, Buffer.from(s, 'base64url'))).toBe(true);
    expect(JSON.parse(Buffer.from(p, 'base64url').toString('utf8'))).toMatchObject({ iss: 'IESS-Tramites', vn, code: '938472619509' });
    const tampered = Buffer.from(p, 'base64url').toString('utf8').replace('938472619509', '912340817265');
    expect(cryptoVerify(null, Buffer.from(`${h}.${Buffer.from(tampered).toString('base64url')}`), published, Buffer.from(s, 'base64url'))).toBe(false);
  });
});

/** The claims of the good token, for forging. */
function verifyStatementClaims(): Record<string, unknown> {
  const result = verifyStatement(signStatement(good, pair), trusted);
  if (!result.valid) throw new Error('fixture token does not verify');
  return { ...result.claims };
}

describe('signingKeysFromEnv', () => {
  const privatePem = exportPrivateKeyPem(pair.privateKey);
  const publicPem = exportPublicKeyPem(pair.publicKey);

  it('reads SIGNING_KEY_ID and SIGNING_PRIVATE_KEY as PEM, PEM with literal \\n, or base64 of PEM', () => {
    for (const value of [privatePem, privatePem.replace(/\n/g, '\\n'), Buffer.from(privatePem).toString('base64')]) {
      const keys = signingKeysFromEnv({ SIGNING_KEY_ID: 'iess-test-1', SIGNING_PRIVATE_KEY: value, NODE_ENV: 'production' });
      expect(keys.ephemeral).toBe(false);
      expect(keys.signingKey.kid).toBe('iess-test-1');
      expect(Object.keys(keys.publicKeys)).toEqual(['iess-test-1']);
      expect(verifyStatement(signStatement(good, keys.signingKey), keys.publicKeys).valid).toBe(true);
      expect(verifyStatement(signStatement(good, keys.signingKey), trusted).valid).toBe(true);
    }
  });

  it('adds retired keys from SIGNING_PUBLIC_KEYS so old documents still verify', () => {
    const old = generateSigningKeyPair('iess-2025');
    const keys = signingKeysFromEnv({
      SIGNING_KEY_ID: 'iess-test-1',
      SIGNING_PRIVATE_KEY: privatePem,
      SIGNING_PUBLIC_KEYS: JSON.stringify({ 'iess-2025': exportPublicKeyPem(old.publicKey), 'iess-test-1': Buffer.from(publicPem).toString('base64') }),
    });
    expect(Object.keys(keys.publicKeys).sort()).toEqual(['iess-2025', 'iess-test-1']);
    expect(verifyStatement(signStatement(good, old), keys.publicKeys).valid).toBe(true);
  });

  it('generates an ephemeral pair outside production and says so', () => {
    for (const NODE_ENV of [undefined, 'development', 'test']) {
      const keys = signingKeysFromEnv({ NODE_ENV });
      expect(keys.ephemeral).toBe(true);
      expect(keys.warning).toContain('SIGNING_PRIVATE_KEY');
      expect(keys.signingKey.kid).toMatch(/^ephemeral-/);
      expect(verifyStatement(signStatement(good, keys.signingKey), keys.publicKeys).valid).toBe(true);
    }
  });

  it.each([
    ['no keys in production', { NODE_ENV: 'production' }, 'SIGNING.MISSING_KEY', 'SIGNING_PRIVATE_KEY'],
    ['a kid without key', { SIGNING_KEY_ID: 'k1' }, 'SIGNING.MISSING_KEY', 'SIGNING_PRIVATE_KEY'],
    ['a key without kid', { SIGNING_PRIVATE_KEY: 'x' }, 'SIGNING.MISSING_KEY', 'SIGNING_KEY_ID'],
    ['a bad kid', { SIGNING_KEY_ID: 'k 1', SIGNING_PRIVATE_KEY: 'x' }, 'SIGNING.INVALID_KEY', 'SIGNING_KEY_ID'],
    ['garbage key', { SIGNING_KEY_ID: 'k1', SIGNING_PRIVATE_KEY: 'not a key!' }, 'SIGNING.INVALID_KEY', 'SIGNING_PRIVATE_KEY'],
    ['a public key as private', { SIGNING_KEY_ID: 'k1', SIGNING_PRIVATE_KEY: 'PUBLIC' }, 'SIGNING.INVALID_KEY', 'SIGNING_PRIVATE_KEY'],
    ['an RSA key', { SIGNING_KEY_ID: 'k1', SIGNING_PRIVATE_KEY: 'RSA' }, 'SIGNING.INVALID_KEY', 'SIGNING_PRIVATE_KEY'],
    ['public keys not JSON', { SIGNING_PUBLIC_KEYS: '{oops' }, 'SIGNING.INVALID_KEY', 'SIGNING_PUBLIC_KEYS'],
    ['public keys an array', { SIGNING_PUBLIC_KEYS: '[]' }, 'SIGNING.INVALID_KEY', 'SIGNING_PUBLIC_KEYS'],
    ['public key garbage', { SIGNING_PUBLIC_KEYS: '{"k0":"nope"}' }, 'SIGNING.INVALID_KEY', 'SIGNING_PUBLIC_KEYS'],
    [
      'current kid listed with another key',
      { SIGNING_KEY_ID: 'iess-test-1', SIGNING_PRIVATE_KEY: 'GOOD', SIGNING_PUBLIC_KEYS: 'OTHER' },
      'SIGNING.INVALID_KEY',
      'SIGNING_PUBLIC_KEYS',
    ],
  ])('fails with %s, naming the variable', (_label, env, code, variable) => {
    const substitute = (value: string | undefined): string | undefined => {
      if (value === 'PUBLIC') return publicPem;
      if (value === 'RSA') return generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      if (value === 'GOOD') return privatePem;
      if (value === 'OTHER') return JSON.stringify({ 'iess-test-1': exportPublicKeyPem(generateSigningKeyPair('x').publicKey) });
      return value;
    };
    const resolved = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, substitute(v)]));
    let error: unknown;
    try {
      signingKeysFromEnv(resolved);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code, message: expect.stringContaining(variable) });
  });

  it('prints env lines that signingKeysFromEnv reads back (scripts/generate-signing-key.ts)', () => {
    const fresh = generateSigningKeyPair('iess-20260115-abcdef');
    const old = generateSigningKeyPair('iess-2025');
    const lines = signingKeyEnvLines(fresh, { [old.kid]: old.publicKey });
    const env = Object.fromEntries(lines.map((line) => /^([A-Z_]+)='(.*)'$/.exec(line)!.slice(1, 3) as [string, string]));
    expect(Object.keys(env)).toEqual(['SIGNING_KEY_ID', 'SIGNING_PRIVATE_KEY', 'SIGNING_PUBLIC_KEYS']);
    const keys = signingKeysFromEnv({ ...env, NODE_ENV: 'production' });
    expect(keys.signingKey.kid).toBe('iess-20260115-abcdef');
    expect(Object.keys(keys.publicKeys).sort()).toEqual(['iess-2025', 'iess-20260115-abcdef']);
    expect(
      verifyStatement(signStatement(good, fresh), verificationKeysFromEnv({ SIGNING_PUBLIC_KEYS: env['SIGNING_PUBLIC_KEYS'], NODE_ENV: 'production' })).valid,
    ).toBe(true);
  });

  it('verificationKeysFromEnv requires SIGNING_PUBLIC_KEYS in production', () => {
    expect(() => verificationKeysFromEnv({ NODE_ENV: 'production' })).toThrow(expect.objectContaining({ code: 'SIGNING.MISSING_KEY' }));
    expect(verificationKeysFromEnv({})).toEqual({});
  });
});
