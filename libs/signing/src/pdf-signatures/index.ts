export {
  verifyPdfSignature,
  type PdfSignatureSigner,
  type PdfSignatureStatus,
  type PdfSignatureVerdict,
  type VerifyPdfSignatureOptions,
} from './pdf-signature';
export { DEVELOPMENT_AUTHORITY_NAME, holdsDevelopmentAuthority, loadTrustAnchors, trustAnchorsFromFile, type TrustAnchors } from './trust-anchors';
