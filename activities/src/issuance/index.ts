/**
 * Issued documents that anyone can verify offline (ADR 0006): a
 * content-addressed blob store, the Ed25519-signed statement carried by each
 * document's QR code, verification numbers, and the PDF renderers.
 */
export { createFileBlobStore, isSha256Hex, sha256Hex } from '@tramites/persistence';
export type { BlobRef, BlobStore } from '@tramites/persistence';
export * from '@tramites/signing';
export * from './pdf';
