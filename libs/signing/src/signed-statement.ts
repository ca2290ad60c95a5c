import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { isValidForeignerCode, normalizeDocumentNumber, normalizeForeignerCode } from '@tramites/domain';
import { IssuanceError } from './issuance-error';
import { isCanonicalVerificationNumber } from './verification-number';

/**
 * The statement printed as a QR code on every issued document: a JWS in
 * compact serialization (RFC 7515), signed with Ed25519 (`alg: "EdDSA"`,
 * RFC 8037). Anyone holding the IESS public key can check it offline; no
 * call to our servers is needed. Only node:crypto is used.
 *
 * Ed25519 signatures are deterministic (RFC 8032), and the payload is
 * serialised in a fixed key order, so signing the same claims with the same
 * key always gives the same token: a retried issuance activity renders the
 * same QR code and the same PDF bytes.
 */

export const STATEMENT_ISSUER = 'IESS-Tramites';
export const STATEMENT_ALG = 'EdDSA';
export const STATEMENT_TYPES = ['FOREIGNER_CODE', 'NON_AFFILIATION_CERTIFICATE'] as const;
export type StatementType = (typeof STATEMENT_TYPES)[number];

export interface StatementClaims {
  readonly iss: typeof STATEMENT_ISSUER;
  readonly typ: StatementType;
  /** Verification number printed on the document (see verification-number.ts). */
  readonly vn: string;
  /** Case id. */
  readonly cid: string;
  /** Holder's identity document number, normalised (upper case, no spaces or hyphens). */
  readonly sub: string;
  /** Holder's full name as registered (Unicode NFC, single spaces). */
  readonly name: string;
  /** Foreigner identification code (FOREIGNER_CODE only), 12 digits without separators. */
  readonly code?: string;
  /** Issue instant, epoch seconds. */
  readonly iat: number;
}

/** What the caller provides; `iss` is always ours. */
export type StatementClaimsInput = Omit<StatementClaims, 'iss'> & { readonly iss?: typeof STATEMENT_ISSUER };

export interface SigningKey {
  /** Key id, written to the JWS header (`kid`) so verifiers pick the right public key after rotations. */
  readonly kid: string;
  readonly privateKey: KeyObject;
}

export interface SigningKeyPair extends SigningKey {
  readonly publicKey: KeyObject;
}

export type StatementVerificationFailure = 'MALFORMED' | 'UNKNOWN_KEY' | 'BAD_SIGNATURE' | 'WRONG_ALG';

export type StatementVerification =
  { readonly valid: true; readonly claims: StatementClaims; readonly kid: string } | { readonly valid: false; readonly reason: StatementVerificationFailure };

/** Key ids: short, printable, safe in JSON, URLs and env files. */
const KID = /^[A-Za-z0-9._-]{1,64}$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const MAX_TOKEN_LENGTH = 4096;

export function isValidKid(value: unknown): value is string {
  return typeof value === 'string' && KID.test(value);
}

export const b64url = (bytes: Uint8Array | string): string => Buffer.from(bytes).toString('base64url');

/** Strict base64url: alphabet, no padding, and canonical (re-encodes to itself), so a token has one spelling. */
export function decodeB64url(segment: string): Buffer | undefined {
  if (!BASE64URL.test(segment) || segment.length % 4 === 1) return undefined;
  const bytes = Buffer.from(segment, 'base64url');
  return bytes.toString('base64url') === segment ? bytes : undefined;
}

export function parseJsonObject(bytes: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/** Why a claims object is not acceptable, or undefined when it is. */
function claimsProblem(c: Record<string, unknown>): string | undefined {
  if (c['iss'] !== STATEMENT_ISSUER) return `iss must be "${STATEMENT_ISSUER}"`;
  if (!STATEMENT_TYPES.includes(c['typ'] as StatementType)) return `typ must be one of ${STATEMENT_TYPES.join(', ')}`;
  for (const key of ['vn', 'cid', 'sub', 'name'] as const) {
    if (!isNonEmptyString(c[key])) return `${key} must be a non-empty string`;
  }
  const iat = c['iat'];
  if (typeof iat !== 'number' || !Number.isSafeInteger(iat) || iat < 0) return 'iat must be epoch seconds (a non-negative integer)';
  if (c['typ'] === 'FOREIGNER_CODE' && !isNonEmptyString(c['code'])) return 'code is required for FOREIGNER_CODE';
  if (c['typ'] !== 'FOREIGNER_CODE' && c['code'] !== undefined) return `code is only allowed for FOREIGNER_CODE`;
  return undefined;
}

/** Fixed key order, so equal claims always serialise (and sign) equally. */
function orderedClaims(c: StatementClaims): StatementClaims {
  return {
    iss: c.iss,
    typ: c.typ,
    vn: c.vn,
    cid: c.cid,
    sub: c.sub,
    name: c.name,
    ...(c.code !== undefined ? { code: c.code } : {}),
    iat: c.iat,
  };
}

function assertEd25519(key: KeyObject, type: 'private' | 'public', what: string): void {
  if (key.type !== type || key.asymmetricKeyType !== 'ed25519') {
    throw new IssuanceError('SIGNING.INVALID_KEY', `${what} must be an Ed25519 ${type} key`, {
      type: key.type,
      asymmetricKeyType: key.asymmetricKeyType,
    });
  }
}

/**
 * Signs the claims. The document number (`sub`) and the foreigner code are
 * normalised first, so the statement never depends on how they were typed.
 */
export function signStatement(claims: StatementClaimsInput, key: SigningKey): string {
  if (!isValidKid(key.kid)) {
    throw new IssuanceError('SIGNING.INVALID_KEY', 'kid must be 1-64 characters among A-Z a-z 0-9 . _ -', { kid: key.kid });
  }
  assertEd25519(key.privateKey, 'private', 'the signing key');
  const normalised: StatementClaims = {
    ...claims,
    iss: STATEMENT_ISSUER,
    sub: typeof claims.sub === 'string' ? normalizeDocumentNumber(claims.sub) : claims.sub,
    name: typeof claims.name === 'string' ? claims.name.normalize('NFC').trim().replace(/\s+/g, ' ') : claims.name,
    ...(typeof claims.code === 'string' ? { code: normalizeForeignerCode(claims.code) } : {}),
  };
  const problem =
    claimsProblem(normalised as unknown as Record<string, unknown>) ??
    (!isCanonicalVerificationNumber(normalised.vn) ? 'vn must be a verification number in its printed form (VN-YYYY-XXXX-XXXX-XX)' : undefined) ??
    (normalised.code !== undefined && !isValidForeignerCode(normalised.code).ok ? 'code must be a valid foreigner identification code' : undefined);
  if (problem) throw new IssuanceError('SIGNING.INVALID_CLAIMS', problem, { typ: claims.typ, cid: claims.cid });

  const header = b64url(JSON.stringify({ alg: STATEMENT_ALG, kid: key.kid }));
  const payload = b64url(JSON.stringify(orderedClaims(normalised)));
  const signingInput = `${header}.${payload}`;
  const signature = sign(null, Buffer.from(signingInput, 'ascii'), key.privateKey);
  return `${signingInput}.${b64url(signature)}`;
}

/**
 * Verifies a token against the trusted public keys (kid -> key; several
 * after a key rotation). Never throws for bad input: the reason says what
 * failed. `WRONG_ALG` covers any algorithm but EdDSA (including "none") and
 * a configured key that is not Ed25519.
 */
export function verifyStatement(token: string, publicKeys: Readonly<Record<string, KeyObject>>): StatementVerification {
  const fail = (reason: StatementVerificationFailure): StatementVerification => ({ valid: false, reason });
  if (typeof token !== 'string') return fail('MALFORMED');
  const compact = token.trim();
  if (compact.length > MAX_TOKEN_LENGTH) return fail('MALFORMED');
  const parts = compact.split('.');
  if (parts.length !== 3) return fail('MALFORMED');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];

  const headerBytes = decodeB64url(headerPart);
  const header = headerBytes && parseJsonObject(headerBytes);
  if (!header) return fail('MALFORMED');
  if (typeof header['alg'] !== 'string') return fail('MALFORMED');
  if (header['alg'] !== STATEMENT_ALG) return fail('WRONG_ALG');
  // RFC 7515 4.1.11: extensions we do not understand must be rejected; we understand none.
  if ('crit' in header) return fail('MALFORMED');
  const kid = header['kid'];
  if (!isValidKid(kid)) return fail('MALFORMED');
  // Own properties only: a kid such as "constructor" must not reach Object.prototype.
  if (!Object.hasOwn(publicKeys, kid)) return fail('UNKNOWN_KEY');
  const publicKey = publicKeys[kid];
  if (!publicKey || publicKey.type !== 'public' || publicKey.asymmetricKeyType !== 'ed25519') return fail('WRONG_ALG');

  const payloadBytes = decodeB64url(payloadPart);
  const signature = decodeB64url(signaturePart);
  if (!payloadBytes || !signature) return fail('MALFORMED');
  if (signature.length !== 64) return fail('BAD_SIGNATURE');
  const signedOk = verify(null, Buffer.from(`${headerPart}.${payloadPart}`, 'ascii'), publicKey, signature);
  if (!signedOk) return fail('BAD_SIGNATURE');

  const claims = parseJsonObject(payloadBytes);
  if (!claims || claimsProblem(claims)) return fail('MALFORMED');
  return { valid: true, claims: orderedClaims(claims as unknown as StatementClaims), kid };
}

/**
 * The claims of a token WITHOUT checking its signature: for code that must
 * cross-check a token it was handed (the PDF renderer compares them with
 * what it prints). Never use the result to trust anything.
 */
export function decodeStatementUnverified(token: string): { kid: string; claims: StatementClaims } | undefined {
  const parts = typeof token === 'string' ? token.trim().split('.') : [];
  if (parts.length !== 3) return undefined;
  const [headerPart = '', payloadPart = ''] = parts;
  const headerBytes = decodeB64url(headerPart);
  const payloadBytes = decodeB64url(payloadPart);
  const header = headerBytes && parseJsonObject(headerBytes);
  const claims = payloadBytes && parseJsonObject(payloadBytes);
  if (!header || !claims || !isValidKid(header['kid']) || claimsProblem(claims)) return undefined;
  return { kid: header['kid'], claims: orderedClaims(claims as unknown as StatementClaims) };
}

// ---------------------------------------------------------------- keys

/** A key id that sorts by creation date: `iess-YYYYMMDD-<6 hex>`. */
export function newKid(now: Date = new Date()): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '');
  return `iess-${day}-${randomBytes(3).toString('hex')}`;
}

export function generateSigningKeyPair(kid: string = newKid()): SigningKeyPair {
  if (!isValidKid(kid)) {
    throw new IssuanceError('SIGNING.INVALID_KEY', 'kid must be 1-64 characters among A-Z a-z 0-9 . _ -', { kid });
  }
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { kid, privateKey, publicKey };
}

/** PKCS#8 PEM of a private key, SPKI PEM of a public key. */
export function exportPrivateKeyPem(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

export function exportPublicKeyPem(key: KeyObject): string {
  return key.export({ type: 'spki', format: 'pem' }).toString();
}

/** The env lines (dotenv / shell syntax) that configure a key pair; see scripts/generate-signing-key.ts. */
export function signingKeyEnvLines(pair: SigningKeyPair, previousPublicKeys: Readonly<Record<string, KeyObject>> = {}): string[] {
  const publicKeys: Record<string, string> = {};
  for (const [kid, key] of Object.entries(previousPublicKeys)) {
    if (kid !== pair.kid) publicKeys[kid] = Buffer.from(exportPublicKeyPem(key)).toString('base64');
  }
  publicKeys[pair.kid] = Buffer.from(exportPublicKeyPem(pair.publicKey)).toString('base64');
  const privateB64 = Buffer.from(exportPrivateKeyPem(pair.privateKey)).toString('base64');
  return [`SIGNING_KEY_ID='${pair.kid}'`, `SIGNING_PRIVATE_KEY='${privateB64}'`, `SIGNING_PUBLIC_KEYS='${JSON.stringify(publicKeys)}'`];
}

export type SigningEnv = Readonly<Record<string, string | undefined>>;

export interface SigningKeys {
  /** The key new documents are signed with. */
  readonly signingKey: SigningKey;
  /** Every key a statement may be verified with: the current one and the retired ones. */
  readonly publicKeys: Readonly<Record<string, KeyObject>>;
  /** True when no key was configured and a throw-away pair was generated (development and tests only). */
  readonly ephemeral: boolean;
  /** A line for the log when `ephemeral` is true. */
  readonly warning?: string;
}

const missing = (value: string | undefined): boolean => value === undefined || value.trim() === '';

/**
 * PEM as-is, PEM with literal "\n" (as some env files write it), or base64
 * of a PEM (one line, easiest to put in an environment variable).
 */
function pemFrom(value: string): string | undefined {
  const text = value.trim().replace(/\\n/g, '\n');
  if (text.startsWith('-----BEGIN ')) return text;
  if (!/^[A-Za-z0-9+/=_\s-]+$/.test(text)) return undefined;
  const decoded = Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8').trim();
  return decoded.startsWith('-----BEGIN ') ? decoded : undefined;
}

function privateKeyFromEnv(variable: string, value: string): KeyObject {
  const pem = pemFrom(value);
  const bad = (why: string): IssuanceError =>
    new IssuanceError(
      'SIGNING.INVALID_KEY',
      `${variable} must be an unencrypted Ed25519 private key in PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"), or the base64 of one: ${why}. Generate one with: node -r @swc-node/register scripts/generate-signing-key.ts`,
      { variable },
    );
  if (!pem) throw bad('it is neither PEM nor base64 of PEM');
  if (!pem.startsWith('-----BEGIN PRIVATE KEY-----')) throw bad(`found "${pem.split('\n')[0]}"`);
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw bad('it could not be parsed');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw bad(`it is a ${String(key.asymmetricKeyType)} key`);
  return key;
}

function publicKeyFromEnv(variable: string, kid: string, value: unknown): KeyObject {
  const bad = (why: string): IssuanceError =>
    new IssuanceError(
      'SIGNING.INVALID_KEY',
      `${variable}["${kid}"] must be an Ed25519 public key in SPKI PEM ("-----BEGIN PUBLIC KEY-----"), or the base64 of one: ${why}`,
      { variable, kid },
    );
  if (typeof value !== 'string') throw bad('it is not a string');
  const pem = pemFrom(value);
  if (!pem?.startsWith('-----BEGIN PUBLIC KEY-----')) throw bad('it is not an SPKI PEM');
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch {
    throw bad('it could not be parsed');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw bad(`it is a ${String(key.asymmetricKeyType)} key`);
  return key;
}

/** SIGNING_PUBLIC_KEYS: a JSON object kid -> SPKI PEM (or base64 of it). */
function publicKeysFromEnv(env: SigningEnv): Record<string, KeyObject> {
  const variable = 'SIGNING_PUBLIC_KEYS';
  const raw = env[variable];
  const keys: Record<string, KeyObject> = {};
  if (missing(raw)) return keys;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw as string);
  } catch {
    throw new IssuanceError('SIGNING.INVALID_KEY', `${variable} must be a JSON object {"<kid>": "<SPKI PEM or base64 of it>"}: it is not valid JSON`, {
      variable,
    });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new IssuanceError('SIGNING.INVALID_KEY', `${variable} must be a JSON object {"<kid>": "<SPKI PEM or base64 of it>"}`, { variable });
  }
  for (const [kid, value] of Object.entries(parsed)) {
    if (!isValidKid(kid)) {
      throw new IssuanceError('SIGNING.INVALID_KEY', `${variable}: key id "${kid}" must be 1-64 characters among A-Z a-z 0-9 . _ -`, { variable, kid });
    }
    Object.defineProperty(keys, kid, { value: publicKeyFromEnv(variable, kid, value), enumerable: true, writable: false });
  }
  return keys;
}

const sameKey = (a: KeyObject, b: KeyObject): boolean => a.equals(b);

/**
 * The signing configuration of a process, from:
 * - `SIGNING_KEY_ID`: the kid of the current key;
 * - `SIGNING_PRIVATE_KEY`: its Ed25519 private key, PKCS#8 PEM or base64 of it;
 * - `SIGNING_PUBLIC_KEYS` (optional): JSON kid -> SPKI PEM (or base64) of
 *   retired keys, so documents signed before a rotation still verify.
 * With neither key variable set outside production, a throw-away key pair is
 * generated (`ephemeral: true`); with `NODE_ENV=production` that is an error
 * naming the variable. Bad values are errors whatever the environment.
 */
export function signingKeysFromEnv(env: SigningEnv = process.env): SigningKeys {
  const kidValue = env['SIGNING_KEY_ID'];
  const privateValue = env['SIGNING_PRIVATE_KEY'];
  const production = env['NODE_ENV'] === 'production';
  const publicKeys = publicKeysFromEnv(env);

  if (missing(kidValue) && missing(privateValue)) {
    if (production) {
      throw new IssuanceError(
        'SIGNING.MISSING_KEY',
        'SIGNING_PRIVATE_KEY and SIGNING_KEY_ID must be set when NODE_ENV=production (documents must be verifiable after a restart); generate them with: node -r @swc-node/register scripts/generate-signing-key.ts',
        { variable: 'SIGNING_PRIVATE_KEY' },
      );
    }
    const pair = generateSigningKeyPair(`ephemeral-${randomBytes(4).toString('hex')}`);
    Object.defineProperty(publicKeys, pair.kid, { value: pair.publicKey, enumerable: true, writable: false });
    return {
      signingKey: { kid: pair.kid, privateKey: pair.privateKey },
      publicKeys,
      ephemeral: true,
      warning: `SIGNING_PRIVATE_KEY is not set: documents are signed with an ephemeral key (${pair.kid}) that no other process knows and that is lost on restart. Set SIGNING_KEY_ID and SIGNING_PRIVATE_KEY to issue verifiable documents.`,
    };
  }
  if (missing(kidValue)) {
    throw new IssuanceError('SIGNING.MISSING_KEY', 'SIGNING_KEY_ID must be set together with SIGNING_PRIVATE_KEY', { variable: 'SIGNING_KEY_ID' });
  }
  if (missing(privateValue)) {
    throw new IssuanceError('SIGNING.MISSING_KEY', 'SIGNING_PRIVATE_KEY must be set together with SIGNING_KEY_ID', { variable: 'SIGNING_PRIVATE_KEY' });
  }
  const kid = (kidValue as string).trim();
  if (!isValidKid(kid)) {
    throw new IssuanceError('SIGNING.INVALID_KEY', 'SIGNING_KEY_ID must be 1-64 characters among A-Z a-z 0-9 . _ -', { variable: 'SIGNING_KEY_ID' });
  }
  const privateKey = privateKeyFromEnv('SIGNING_PRIVATE_KEY', privateValue as string);
  const publicKey = createPublicKey(privateKey);
  const listed = Object.hasOwn(publicKeys, kid) ? publicKeys[kid] : undefined;
  if (listed && !sameKey(listed, publicKey)) {
    throw new IssuanceError(
      'SIGNING.INVALID_KEY',
      `SIGNING_PUBLIC_KEYS["${kid}"] is not the public key of SIGNING_PRIVATE_KEY: a key id must never be reused for another key`,
      { variable: 'SIGNING_PUBLIC_KEYS', kid },
    );
  }
  if (!listed) Object.defineProperty(publicKeys, kid, { value: publicKey, enumerable: true, writable: false });
  return { signingKey: { kid, privateKey }, publicKeys, ephemeral: false };
}

/**
 * Only the verification keys, for a process that verifies but never signs
 * (the API): SIGNING_PUBLIC_KEYS, plus the public half of SIGNING_PRIVATE_KEY
 * when that is set. In production an empty set is an error naming
 * SIGNING_PUBLIC_KEYS.
 */
export function verificationKeysFromEnv(env: SigningEnv = process.env): Readonly<Record<string, KeyObject>> {
  if (!missing(env['SIGNING_PRIVATE_KEY']) || !missing(env['SIGNING_KEY_ID'])) {
    return signingKeysFromEnv(env).publicKeys;
  }
  const keys = publicKeysFromEnv(env);
  if (Object.keys(keys).length === 0 && env['NODE_ENV'] === 'production') {
    throw new IssuanceError(
      'SIGNING.MISSING_KEY',
      'SIGNING_PUBLIC_KEYS must be set when NODE_ENV=production: a JSON object {"<kid>": "<SPKI PEM or base64 of it>"} with every signing key in use or retired',
      { variable: 'SIGNING_PUBLIC_KEYS' },
    );
  }
  return keys;
}
