import { createHash, createPrivateKey, createPublicKey, hkdfSync, sign, verify, type KeyObject } from 'node:crypto';
import { b64url, decodeB64url, parseJsonObject, STATEMENT_ALG, STATEMENT_ISSUER, type SigningKeyPair } from './signed-statement';

/**
 * The QR of the "Confirmación del Turno en Línea" (sheets 000, 001, 002: the applicant presents it,
 * printed or on the phone): a compact JWS signed with Ed25519, like the issued documents' statement
 * (ADR 0006), that names the case by its reference and the turno by its agency and local day, and no
 * person. The desk verifies it before it records the arrival (ADR 0028).
 *
 * The key is the API's own, derived from a secret it already holds (HKDF-SHA256 with a label of its
 * own), so no new secret has to be distributed; it changes when that secret is rotated, and a
 * confirmation printed before a rotation is then refused as not signed by us (the typed reference
 * still checks the applicant in).
 */

export const ARRIVAL_PASS_TYPE = 'ARRIVAL_PASS';
const HKDF_INFO = 'tramites/arrival-pass/ed25519/v1';
/** The DER prefix of a PKCS#8 Ed25519 private key, followed by its 32-byte seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const MAX_TOKEN_LENGTH = 1024;

export interface ArrivalPassClaims {
  readonly iss: typeof STATEMENT_ISSUER;
  readonly typ: typeof ARRIVAL_PASS_TYPE;
  /** The case's reference (T-…). */
  readonly ref: string;
  /** The agency of the turno. */
  readonly ag: string;
  /** The turno's local day (America/Guayaquil), YYYY-MM-DD. */
  readonly day: string;
  /** Issue instant, epoch seconds. */
  readonly iat: number;
}

export type ArrivalPassVerification =
  { readonly valid: true; readonly claims: ArrivalPassClaims } | { readonly valid: false; readonly reason: 'MALFORMED' | 'BAD_SIGNATURE' };

/** The arrival passes' key pair, derived from `secret` (at least 32 characters). */
export function arrivalPassKeyFromSecret(secret: string): SigningKeyPair {
  if (secret.length < 32) throw new Error('the arrival pass key needs a secret of at least 32 characters');
  const seed = Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), Buffer.from(HKDF_INFO, 'utf8'), 32));
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey(privateKey);
  const kid = `arrival-${createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 12)}`;
  return { kid, privateKey, publicKey };
}

const REFERENCE = /^T-[0-9A-F]{10}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const AGENCY = /^[A-Za-z0-9._-]{1,64}$/;

function claimsOk(c: Record<string, unknown>): boolean {
  return (
    c['iss'] === STATEMENT_ISSUER &&
    c['typ'] === ARRIVAL_PASS_TYPE &&
    typeof c['ref'] === 'string' &&
    REFERENCE.test(c['ref']) &&
    typeof c['ag'] === 'string' &&
    AGENCY.test(c['ag']) &&
    typeof c['day'] === 'string' &&
    DAY.test(c['day']) &&
    typeof c['iat'] === 'number' &&
    Number.isSafeInteger(c['iat']) &&
    c['iat'] >= 0
  );
}

/** Signs the pass (fixed key order: the same turno always gives the same QR for the same instant). */
export function signArrivalPass(claims: Omit<ArrivalPassClaims, 'iss' | 'typ'>, key: SigningKeyPair): string {
  const ordered: ArrivalPassClaims = { iss: STATEMENT_ISSUER, typ: ARRIVAL_PASS_TYPE, ref: claims.ref, ag: claims.ag, day: claims.day, iat: claims.iat };
  if (!claimsOk(ordered as unknown as Record<string, unknown>)) throw new Error('arrival pass: the claims are not valid');
  const signingInput = `${b64url(JSON.stringify({ alg: STATEMENT_ALG, kid: key.kid }))}.${b64url(JSON.stringify(ordered))}`;
  return `${signingInput}.${b64url(sign(null, Buffer.from(signingInput, 'ascii'), key.privateKey))}`;
}

/** Verifies a pass against the key; never throws for bad input. */
export function verifyArrivalPass(token: string, publicKey: KeyObject): ArrivalPassVerification {
  const fail = (reason: 'MALFORMED' | 'BAD_SIGNATURE'): ArrivalPassVerification => ({ valid: false, reason });
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return fail('MALFORMED');
  const parts = token.trim().split('.');
  if (parts.length !== 3) return fail('MALFORMED');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const headerBytes = decodeB64url(headerPart);
  const header = headerBytes && parseJsonObject(headerBytes);
  const payloadBytes = decodeB64url(payloadPart);
  const claims = payloadBytes && parseJsonObject(payloadBytes);
  const signature = decodeB64url(signaturePart);
  if (!header || header['alg'] !== STATEMENT_ALG || !claims || !signature) return fail('MALFORMED');
  if (signature.length !== 64 || !verify(null, Buffer.from(`${headerPart}.${payloadPart}`, 'ascii'), publicKey, signature)) return fail('BAD_SIGNATURE');
  if (!claimsOk(claims)) return fail('MALFORMED');
  return { valid: true, claims: claims as unknown as ArrivalPassClaims };
}
