import { createTestPki } from '@tramites/testing/pdf';
import { DEVELOPMENT_AUTHORITY_NAME, holdsDevelopmentAuthority, trustAnchorsFromFile } from '@tramites/signing';

/** ADR 0033: npm start's development certification authority is never trusted in production. */
describe('trust anchors from SIGNATURE_TRUST_ANCHORS', () => {
  it('refuses the development authority in production, and takes it in development', async () => {
    const dev = await createTestPki({ caCommonName: `${DEVELOPMENT_AUTHORITY_NAME} (npm start, no válida fuera de este equipo)` });
    const other = await createTestPki();
    const files: Record<string, string> = { 'dev.pem': `${other.caPem}\n${dev.caPem}`, 'other.pem': other.caPem };
    const read = (file: string): string => files[file] ?? '';
    expect(() => trustAnchorsFromFile('dev.pem', read, true)).toThrow(/NODE_ENV=production refuses the development certification authority/);
    expect(holdsDevelopmentAuthority(trustAnchorsFromFile('dev.pem', read, false))).toBe(true);
    expect(holdsDevelopmentAuthority(trustAnchorsFromFile('other.pem', read, true))).toBe(false);
  });
});
