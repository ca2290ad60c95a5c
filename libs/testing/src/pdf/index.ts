/**
 * `@tramites/testing/pdf`: a test PKI with signed and tampered PDFs, and just enough PDF reading to
 * check what the renderers wrote (Node, no Temporal, no PostgreSQL).
 */
export * from '../signed-pdf';
export * from './inspect-pdf';
