/**
 * Issued documents that anyone can verify offline (ADR 0006): a
 * content-addressed blob store, the Ed25519-signed statement carried by each
 * document's QR code, verification numbers, and the PDF renderers.
 */
export { createFileBlobStore, isSha256Hex, sha256Hex } from '@tramites/persistence';
export type { BlobRef, BlobStore } from '@tramites/persistence';
export { IssuanceError, isIssuanceError } from '@tramites/signing';
export type { IssuanceErrorCode } from '@tramites/signing';
export {
  STATEMENT_ALG,
  STATEMENT_ISSUER,
  STATEMENT_TYPES,
  decodeStatementUnverified,
  exportPrivateKeyPem,
  exportPublicKeyPem,
  generateSigningKeyPair,
  isValidKid,
  newKid,
  signStatement,
  signingKeyEnvLines,
  signingKeysFromEnv,
  verificationKeysFromEnv,
  verifyStatement,
} from '@tramites/signing';
export type {
  SigningEnv,
  SigningKey,
  SigningKeyPair,
  SigningKeys,
  StatementClaims,
  StatementClaimsInput,
  StatementType,
  StatementVerification,
  StatementVerificationFailure,
} from '@tramites/signing';
export {
  CROCKFORD_ALPHABET,
  isCanonicalVerificationNumber,
  isValidVerificationNumber,
  newVerificationNumber,
  normalizeVerificationNumber,
} from '@tramites/signing';
export * from './pdf';
