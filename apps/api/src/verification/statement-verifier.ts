import { createPrivateKey, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { StartupError } from '@tramites/infra';

/**
 * Verification of the signed statement printed as a QR code on every issued
 * document (docs/decisions/0006): a compact JWS, `alg: "EdDSA"` (Ed25519),
 * with only `alg` and `kid` in its header.
 *
 * The worker signs with activities/src/issuance/signed-statement.ts; the API
 * may not import worker code (Nx boundaries: scope:api depends on scope:shared
 * only), so this is an independent implementation of the verifying half with
 * node:crypto. It follows the same rules and reports the same reasons, and the
 * end-to-end suite checks it against tokens of the real signer.
 */

export const STATEMENT_ISSUER = 'IESS-Tramites';
export const STATEMENT_TYPES = ['FOREIGNER_CODE', 'NON_AFFILIATION_CERTIFICATE'] as const;
export type StatementType = (typeof STATEMENT_TYPES)[number];

export interface StatementClaims {
  iss: typeof STATEMENT_ISSUER;
  typ: StatementType;
  /** Verification number, printed form. */
  vn: string;
  /** Case id. */
  cid: string;
  /** Holder's normalised identity document number. */
  sub: string;
  /** Holder's full name (NFC). */
  name: string;
  /** Foreigner identification code (FOREIGNER_CODE only). */
  code?: string;
  /** Issue instant, epoch seconds. */
  iat: number;
}

export type VerificationFailure = 'MALFORMED' | 'UNKNOWN_KEY' | 'BAD_SIGNATURE' | 'WRONG_ALG';

export type VerificationResult =
  | { valid: true; kid: string; claims: StatementClaims }
  | { valid: false; reason: VerificationFailure };

export type PublicKeySet = Readonly<Record<string, KeyObject>>;

const TOKEN_MAX_LENGTH = 4096;
const KID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
const B64URL_PATTERN = /^[A-Za-z0-9_-]*$/;
const ED25519_SIGNATURE_BYTES = 64;

export const isKid = (value: unknown): value is string => typeof value === 'string' && KID_PATTERN.test(value);

/** base64url without padding, and only in its canonical spelling (so a token has exactly one form). */
function strictBase64url(segment: string): Buffer | undefined {
  if (!B64URL_PATTERN.test(segment) || segment.length % 4 === 1) return undefined;
  const decoded = Buffer.from(segment, 'base64url');
  return decoded.toString('base64url') === segment ? decoded : undefined;
}

function jsonObject(bytes: Buffer): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

const filled = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;

/** The claims, when they have the shape the signer guarantees; otherwise undefined. */
function asClaims(raw: Record<string, unknown>): StatementClaims | undefined {
  const { iss, typ, vn, cid, sub, name, code, iat } = raw;
  if (iss !== STATEMENT_ISSUER) return undefined;
  if (typ !== 'FOREIGNER_CODE' && typ !== 'NON_AFFILIATION_CERTIFICATE') return undefined;
  if (!filled(vn) || !filled(cid) || !filled(sub) || !filled(name)) return undefined;
  if (typeof iat !== 'number' || !Number.isSafeInteger(iat) || iat < 0) return undefined;
  if (typ === 'FOREIGNER_CODE' ? !filled(code) : code !== undefined) return undefined;
  return { iss, typ, vn, cid, sub, name, ...(typeof code === 'string' ? { code } : {}), iat };
}

/**
 * Verifies a token with the trusted keys (kid -> Ed25519 public key). Never
 * throws: an unusable token yields the reason. Any `alg` but EdDSA (so also
 * "none") is WRONG_ALG, a `crit` header is MALFORMED (we understand no
 * extension), a kid that is not an own property of the key set is UNKNOWN_KEY.
 */
export function verifyStatementToken(token: unknown, keys: PublicKeySet): VerificationResult {
  const fail = (reason: VerificationFailure): VerificationResult => ({ valid: false, reason });
  if (typeof token !== 'string') return fail('MALFORMED');
  const compact = token.trim();
  if (compact.length === 0 || compact.length > TOKEN_MAX_LENGTH) return fail('MALFORMED');
  const segments = compact.split('.');
  if (segments.length !== 3) return fail('MALFORMED');
  const [encodedHeader = '', encodedPayload = '', encodedSignature = ''] = segments;

  const headerBytes = strictBase64url(encodedHeader);
  const header = headerBytes ? jsonObject(headerBytes) : undefined;
  if (!header || typeof header['alg'] !== 'string') return fail('MALFORMED');
  if (header['alg'] !== 'EdDSA') return fail('WRONG_ALG');
  if (Object.hasOwn(header, 'crit')) return fail('MALFORMED');
  const kid = header['kid'];
  if (!isKid(kid)) return fail('MALFORMED');
  if (!Object.hasOwn(keys, kid)) return fail('UNKNOWN_KEY');
  const key = keys[kid];
  if (!key || key.type !== 'public' || key.asymmetricKeyType !== 'ed25519') return fail('WRONG_ALG');

  const payloadBytes = strictBase64url(encodedPayload);
  const signature = strictBase64url(encodedSignature);
  if (!payloadBytes || !signature) return fail('MALFORMED');
  if (signature.length !== ED25519_SIGNATURE_BYTES) return fail('BAD_SIGNATURE');
  const signedBytes = Buffer.from(`${encodedHeader}.${encodedPayload}`, 'ascii');
  if (!verify(null, signedBytes, key, signature)) return fail('BAD_SIGNATURE');

  const raw = jsonObject(payloadBytes);
  const claims = raw ? asClaims(raw) : undefined;
  return claims ? { valid: true, kid, claims } : fail('MALFORMED');
}

/**
 * The claims of a statement we stored ourselves (issued_documents.statement),
 * read without checking the signature: only for describing our own records,
 * never to trust a token that came from outside.
 */
export function readOwnStatement(token: string): StatementClaims | undefined {
  const payload = token.split('.')[1];
  const bytes = payload === undefined ? undefined : strictBase64url(payload);
  const raw = bytes ? jsonObject(bytes) : undefined;
  return raw ? asClaims(raw) : undefined;
}

// ------------------------------------------------------------------ keys

type Env = Readonly<Record<string, string | undefined>>;

const blank = (value: string | undefined): boolean => value === undefined || value.trim() === '';

/** A PEM given as is, with literal "\n", or as the base64 of the PEM. */
function pemOf(value: string): string | undefined {
  const text = value.trim().replace(/\\n/g, '\n');
  if (text.startsWith('-----BEGIN ')) return text;
  if (!/^[A-Za-z0-9+/=_\s-]+$/.test(text)) return undefined;
  const decoded = Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8').trim();
  return decoded.startsWith('-----BEGIN ') ? decoded : undefined;
}

function ed25519Public(variable: string, value: unknown): KeyObject {
  const problem = (why: string): StartupError =>
    new StartupError(`${variable} must hold Ed25519 public keys in SPKI PEM ("-----BEGIN PUBLIC KEY-----") or base64 of one: ${why}`);
  const pem = typeof value === 'string' ? pemOf(value) : undefined;
  if (!pem?.startsWith('-----BEGIN PUBLIC KEY-----')) throw problem('a value is not an SPKI PEM');
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch {
    throw problem('a value could not be parsed');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw problem(`a value is a ${String(key.asymmetricKeyType)} key`);
  return key;
}

/**
 * The keys the API verifies with, from the same variables as the worker:
 * `SIGNING_PUBLIC_KEYS` (JSON kid -> SPKI PEM or base64 of it, current and
 * retired keys) and, when the process was also given `SIGNING_KEY_ID` +
 * `SIGNING_PRIVATE_KEY` (as `npm start` does), the public half of that key.
 * The private key is never kept. No key at all is a start-up error with
 * NODE_ENV=production; elsewhere the set is empty and every token is
 * UNKNOWN_KEY (the worker's throw-away development key is unknown here anyway).
 */
export function verificationKeysFromEnvironment(env: Env): PublicKeySet {
  const keys: Record<string, KeyObject> = Object.create(null) as Record<string, KeyObject>;
  const add = (kid: string, key: KeyObject): void => {
    Object.defineProperty(keys, kid, { value: key, enumerable: true, writable: false });
  };
  const listed = env['SIGNING_PUBLIC_KEYS'];
  if (!blank(listed)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(listed as string);
    } catch {
      throw new StartupError('SIGNING_PUBLIC_KEYS must be a JSON object {"<kid>": "<SPKI PEM or base64 of it>"}: it is not valid JSON');
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new StartupError('SIGNING_PUBLIC_KEYS must be a JSON object {"<kid>": "<SPKI PEM or base64 of it>"}');
    }
    for (const [kid, value] of Object.entries(parsed)) {
      if (!isKid(kid)) throw new StartupError(`SIGNING_PUBLIC_KEYS: key id "${String(kid).slice(0, 80)}" must be 1-64 characters among A-Z a-z 0-9 . _ -`);
      add(kid, ed25519Public('SIGNING_PUBLIC_KEYS', value));
    }
  }
  const kid = env['SIGNING_KEY_ID']?.trim();
  const privateValue = env['SIGNING_PRIVATE_KEY'];
  if (!blank(kid) && !blank(privateValue)) {
    if (!isKid(kid)) throw new StartupError('SIGNING_KEY_ID must be 1-64 characters among A-Z a-z 0-9 . _ -');
    const pem = pemOf(privateValue as string);
    let derived: KeyObject;
    try {
      if (!pem?.startsWith('-----BEGIN PRIVATE KEY-----')) throw new Error('not PKCS#8');
      derived = createPublicKey(createPrivateKey({ key: pem, format: 'pem' }));
    } catch {
      throw new StartupError('SIGNING_PRIVATE_KEY must be an Ed25519 private key in PKCS#8 PEM or base64 of one');
    }
    if (derived.asymmetricKeyType !== 'ed25519') throw new StartupError('SIGNING_PRIVATE_KEY must be an Ed25519 key');
    const known = Object.hasOwn(keys, kid) ? keys[kid] : undefined;
    if (known && !known.equals(derived)) {
      throw new StartupError(`SIGNING_PUBLIC_KEYS["${kid}"] is not the public key of SIGNING_PRIVATE_KEY: a key id is never reused for another key`);
    }
    if (!known) add(kid, derived);
  }
  if (Object.keys(keys).length === 0 && env['NODE_ENV'] === 'production') {
    throw new StartupError('SIGNING_PUBLIC_KEYS must be set when NODE_ENV=production: every key that signed documents, current and retired');
  }
  return keys;
}

/** One entry of the published key set (RFC 7517 / RFC 8037). */
export interface OkpJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  /** The raw 32-byte public key, base64url. */
  x: string;
  kid: string;
  use: 'sig';
  alg: 'EdDSA';
}

export function toJwks(keys: PublicKeySet): { keys: OkpJwk[] } {
  return {
    keys: Object.entries(keys)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([kid, key]) => {
        const { x } = key.export({ format: 'jwk' });
        return { kty: 'OKP', crv: 'Ed25519', x: String(x), kid, use: 'sig', alg: 'EdDSA' };
      }),
  };
}
