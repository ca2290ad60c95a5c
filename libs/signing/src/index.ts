/**
 * Signing and verifying what the IESS issues (ADR 0006), shared by the worker (which signs)
 * and the API (which verifies): the Ed25519-signed statement of each document's QR code,
 * its keys from the environment, and verification numbers; and the verifier of electronically
 * signed PDFs (004, Ventanilla Virtual), which the worker runs at submission and the API at upload.
 */
export { IssuanceError, isIssuanceError } from './issuance-error';
export type { IssuanceErrorCode } from './issuance-error';
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
} from './signed-statement';
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
} from './signed-statement';
export {
  CROCKFORD_ALPHABET,
  isCanonicalVerificationNumber,
  isValidVerificationNumber,
  newVerificationNumber,
  normalizeVerificationNumber,
} from './verification-number';
export { ARRIVAL_PASS_TYPE, arrivalPassKeyFromSecret, signArrivalPass, verifyArrivalPass } from './arrival-pass';
export type { ArrivalPassClaims, ArrivalPassVerification } from './arrival-pass';
export {
  DEVELOPMENT_AUTHORITY_NAME,
  holdsDevelopmentAuthority,
  loadTrustAnchors,
  trustAnchorsFromFile,
  verifyPdfSignature,
  type PdfSignatureSigner,
  type PdfSignatureStatus,
  type PdfSignatureVerdict,
  type TrustAnchors,
  type VerifyPdfSignatureOptions,
} from './pdf-signatures';
