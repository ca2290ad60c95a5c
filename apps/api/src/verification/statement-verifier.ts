import type { KeyObject } from 'node:crypto';
import { StartupError } from '@tramites/infra';
import {
  decodeStatementUnverified,
  isIssuanceError,
  verificationKeysFromEnv,
  verifyStatement,
  type StatementClaims,
  type StatementType,
  type StatementVerification,
  type StatementVerificationFailure,
} from '@tramites/signing';

/**
 * The API's side of the signed statement printed as a QR code on every issued document
 * (docs/decisions/0006): it verifies with the same code the worker signs with
 * (libs/signing), and publishes the keys it trusts.
 */
export type { StatementClaims, StatementType };
export type VerificationFailure = StatementVerificationFailure;
export type VerificationResult = StatementVerification;
export type PublicKeySet = Readonly<Record<string, KeyObject>>;

/** Verifies a token with the trusted keys; never throws: an unusable token yields the reason. */
export function verifyStatementToken(token: unknown, keys: PublicKeySet): VerificationResult {
  return typeof token === 'string' ? verifyStatement(token, keys) : { valid: false, reason: 'MALFORMED' };
}

/**
 * The claims of a statement we stored ourselves (issued_documents.statement), read without
 * checking the signature: only for describing our own records, never to trust a token from outside.
 */
export function readOwnStatement(token: string): StatementClaims | undefined {
  return decodeStatementUnverified(token)?.claims;
}

/**
 * The keys the API verifies with, from the same variables as the worker (SIGNING_PUBLIC_KEYS,
 * and the public half of SIGNING_PRIVATE_KEY when the process has it); a bad value stops
 * start-up with one line saying what to fix.
 */
export function verificationKeysFromEnvironment(env: Readonly<Record<string, string | undefined>>): PublicKeySet {
  try {
    return verificationKeysFromEnv(env);
  } catch (err) {
    if (isIssuanceError(err)) throw new StartupError(err.message.replace(/^[A-Z_.]+: /, ''));
    throw err;
  }
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
