/**
 * `@tramites/testing/unit`: pure fixtures for unit specs (no Temporal, no PostgreSQL, no app):
 * a test PKI and signed PDFs.
 */
export * from '../signed-pdf';
