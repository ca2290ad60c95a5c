export { renderForeignerCodeReceipt, renderNonAffiliationCertificate, formatIssuedAtEs, formatDateEs } from './render-documents';
export { checkDocumentData, verificationUrl, DOCUMENT_TYPE_LABELS } from './document-data';
export type { CheckedDocumentData, DocumentHolder, ForeignerCodeReceiptData, HolderDocumentType, NonAffiliationCertificateData } from './document-data';
export { qrCodePng, QR_ERROR_CORRECTION, QR_MARGIN_MODULES, QR_PIXELS_PER_MODULE } from './qr-code';
