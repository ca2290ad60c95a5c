export {
  loadTrustAnchors,
  verifyPdfSignature,
  type PdfSignatureSigner,
  type PdfSignatureStatus,
  type PdfSignatureVerdict,
  type TrustAnchors,
  type VerifyPdfSignatureOptions,
} from './pdf-signature';
