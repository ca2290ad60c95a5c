/**
 * Electronically signed PDFs and a throw-away PKI for the tests (sheet 004). The code lives in
 * libs/devenv/src/signed-pdf.ts, where it also signs the demo documents of `npm start`
 * (libs/devenv/src/dev-signatures.ts). Not exported by @tramites/devenv's index: only `npm start` and the tests
 * load the PKI libraries it needs.
 */
export {
  createTestPki,
  signedPdf,
  tamperPdf,
  unsignedPdf,
  type CreateTestPkiOptions,
  type SignedPdfOptions,
  type TestDigestAlgorithm,
  type TestKeyAlgorithm,
  type TestPki,
} from '@tramites/devenv/src/signed-pdf';
