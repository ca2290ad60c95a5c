import { createHash, createPublicKey, randomBytes, verify, type JsonWebKey } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Principal } from '@tramites/api';
import { createFileBlobStore } from '@tramites/activities';
import { generateSigningKeyPair, newVerificationNumber, signStatement, signingKeyEnvLines, signingKeysFromEnv } from '@tramites/activities/src/issuance';
import { startApiHarness, type ApiHarness, attendAtWindow, bookCaseThroughApi } from '@tramites/testing/api';
import { TestRows } from '@tramites/testing/rows';

const OFFICER: Principal = { sub: 'officer-uio-41', role: 'case_manager', agencyId: 'UIO-NORTE' };
const applicant = (sub: string): Principal => ({ sub, role: 'applicant' });

/** `NAME='value'` lines (signingKeyEnvLines) as an environment object. */
function envFromLines(lines: string[]): Record<string, string> {
  return Object.fromEntries(
    lines.map((line) => {
      const eq = line.indexOf('=');
      return [line.slice(0, eq), line.slice(eq + 1).replace(/^'|'$/g, '')];
    }),
  );
}

const b64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

/**
 * The API and a worker that share one signing key pair and one blob folder, as
 * `npm start` runs them: the worker signs and stores the PDF, the API verifies
 * with the public key (it never gets the private one) and serves the PDF.
 */
describe('public verification of issued documents', () => {
  const pair = generateSigningKeyPair('suite-verif-1');
  const keyEnv = envFromLines(signingKeyEnvLines(pair));
  const blobDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tramites-verif-blobs-'));

  let h: ApiHarness;
  const http = () => h.http();
  const auth = async (p: Principal): Promise<string> => `Bearer ${await h.token(p)}`;

  let caseId: string;
  let statement: string;
  let issued: { verification_number: string; sha256: string };

  beforeAll(async () => {
    h = await startApiHarness(
      'api_verification',
      { SIGNING_PUBLIC_KEYS: keyEnv['SIGNING_PUBLIC_KEYS'] ?? '', BLOB_DIR: blobDir },
      { signing: signingKeysFromEnv({ ...keyEnv, NODE_ENV: 'test' }), blobStore: createFileBlobStore(blobDir) },
    );
    caseId = await issuedCase('PVERIF0001');
    issued = (await new TestRows(h.db.dataSource).issuedDocument(caseId))!;
    statement = (issued as unknown as { statement: string }).statement;
  });

  afterAll(async () => {
    await h?.close();
    fs.rmSync(blobDir, { recursive: true, force: true });
  });

  /** A 000 case through the API, from the emailed code to the issued foreigner code. */
  async function issuedCase(sub: string): Promise<string> {
    const token = await auth(applicant(sub));
    const deps = { http, smtp: h.smtp, dataSource: h.db.dataSource };
    const id = await bookCaseThroughApi(deps, token, sub);
    await attendAtWindow(deps, id, await auth(OFFICER), OFFICER.sub);
    for (let i = 0; i < 100; i += 1) {
      const view = await http().get(`/cases/${id}`).set('Authorization', token);
      if (view.body.status === 'issued') return id;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`case ${id} was not issued`);
  }

  it('reports the QR code of an issued document as valid and registered', async () => {
    const res = await http().get('/verificacion').query({ t: statement });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({
      valid: true,
      registered: true,
      keyId: pair.kid,
      document: {
        type: 'FOREIGNER_CODE',
        verificationNumber: issued.verification_number,
        caseId,
        holderName: 'María José Pérez Gómez',
        holderDocument: 'PVERIF0001',
        code: expect.stringMatching(/^9\d{11}$/),
      },
    });
    expect(res.body.reason).toBeUndefined();
    expect(new Date(res.body.document.issuedAt).getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('answers a browser with a Spanish HTML page that escapes what it shows', async () => {
    const res = await http().get('/verificacion').query({ t: statement }).set('Accept', 'text/html,application/xhtml+xml,*/*;q=0.8');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.text).toContain('<html lang="es-EC">');
    expect(res.text).toContain('Documento auténtico');
    expect(res.text).toContain(issued.verification_number);
    const forged = await http().get('/verificacion').query({ t: '<script>alert(1)</script>' }).set('Accept', 'text/html');
    expect(forged.text).toContain('Documento no válido');
    expect(forged.text).not.toContain('<script>');
  });

  it("refuses a tampered token (BAD_SIGNATURE) and other forgeries, with the same reasons as the signer's verifier", async () => {
    const [header, payload, signature] = statement.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const tampered = `${header}.${b64url(JSON.stringify({ ...claims, name: 'Otra Persona' }))}.${signature}`;
    const bad = await http().get('/verificacion').query({ t: tampered });
    expect(bad.status).toBe(200);
    expect(bad.body).toMatchObject({ valid: false, reason: 'BAD_SIGNATURE', registered: false });
    expect(bad.body.document).toBeUndefined();

    const other = generateSigningKeyPair('not-ours-1');
    const vn = newVerificationNumber(randomBytes);
    const claimsInput = { typ: 'NON_AFFILIATION_CERTIFICATE' as const, vn, cid: caseId, sub: 'X1234567', name: 'Nadie', iat: 1_800_000_000 };
    const unknownKey = await http()
      .get('/verificacion')
      .query({ t: signStatement(claimsInput, other) });
    expect(unknownKey.body).toMatchObject({ valid: false, reason: 'UNKNOWN_KEY' });
    const none = `${b64url(JSON.stringify({ alg: 'none', kid: pair.kid }))}.${payload}.`;
    expect((await http().get('/verificacion').query({ t: none })).body).toMatchObject({ valid: false, reason: 'WRONG_ALG' });
    const crit = `${b64url(JSON.stringify({ alg: 'EdDSA', kid: pair.kid, crit: ['exp'] }))}.${payload}.${signature}`;
    expect((await http().get('/verificacion').query({ t: crit })).body).toMatchObject({ valid: false, reason: 'MALFORMED' });
    expect((await http().get('/verificacion').query({ t: 'not.a.jws!' })).body).toMatchObject({ valid: false, reason: 'MALFORMED' });

    // Signed with our key, but for a number we never issued: genuine signature, not in the registry.
    const unregistered = await http()
      .get('/verificacion')
      .query({ t: signStatement(claimsInput, pair) });
    expect(unregistered.body).toMatchObject({ valid: true, registered: false, document: { verificationNumber: vn, type: 'NON_AFFILIATION_CERTIFICATE' } });
    expect(unregistered.body.document.code).toBeUndefined();

    const missing = await http().get('/verificacion');
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('VALIDATION.FAILED');
  });

  it('publishes the public keys as a JWKS that verifies the token offline with node:crypto', async () => {
    const res = await http().get('/verificacion/clave-publica');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/jwk-set\+json/);
    const jwks = JSON.parse(res.text) as { keys: Array<JsonWebKey & { kid: string }> };
    expect(jwks.keys).toEqual([{ kty: 'OKP', crv: 'Ed25519', x: expect.any(String), kid: pair.kid, use: 'sig', alg: 'EdDSA' }]);
    expect(JSON.stringify(jwks)).not.toMatch(/"d"/);

    const [header, payload, signature] = statement.split('.') as [string, string, string];
    const { kid } = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { kid: string };
    const jwk = jwks.keys.find((k) => k.kid === kid)!;
    const key = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' });
    expect(verify(null, Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'))).toBe(true);
    expect(verify(null, Buffer.from(`${header}.${payload}x`), key, Buffer.from(signature, 'base64url'))).toBe(false);
  });

  it("looks up a printed verification number and shows only the holder's initials", async () => {
    const vn = issued.verification_number;
    const res = await http().get(`/verificacion/${vn}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ verificationNumber: vn, exists: true, document: { type: 'FOREIGNER_CODE', holderInitials: 'M. J. P. G.' } });
    expect(JSON.stringify(res.body)).not.toMatch(/María|Pérez|PVERIF0001/);

    const typed = await http().get(`/verificacion/${vn.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o')}`);
    expect(typed.body).toMatchObject({ verificationNumber: vn, exists: true });

    const unknown = newVerificationNumber(randomBytes);
    expect((await http().get(`/verificacion/${unknown}`)).body).toMatchObject({ verificationNumber: unknown, exists: false });

    // One character changed: the check character catches it.
    const last = vn.at(-1) === '0' ? '1' : '0';
    const typo = await http().get(`/verificacion/${vn.slice(0, -1)}${last}`);
    expect(typo.status).toBe(400);
    expect(typo.body.error.code).toBe('VERIFICATION.NUMBER_INVALID');

    const page = await http().get(`/verificacion/${vn}`).set('Accept', 'text/html');
    expect(page.text).toContain('Número de verificación registrado');
    expect(page.text).toContain('M. J. P. G.');
    expect(page.text).not.toContain('María');
  });

  it('serves the issued PDF to the applicant and the officer (logged), never to another applicant', async () => {
    const mine = await http()
      .get(`/cases/${caseId}/issued-document`)
      .set('Authorization', await auth(applicant('PVERIF0001')))
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(mine.status).toBe(200);
    expect(mine.headers['content-type']).toBe('application/pdf');
    expect(mine.headers['x-verification-number']).toBe(issued.verification_number);
    expect(mine.headers['content-disposition']).toContain(`${issued.verification_number}.pdf`);
    const bytes = mine.body as Buffer;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(issued.sha256);

    const officer = await http()
      .get(`/cases/${caseId}/issued-document`)
      .set('Authorization', await auth(OFFICER));
    expect(officer.status).toBe(200);
    const log = await new TestRows(h.db.dataSource).accessLog(caseId, OFFICER.sub);
    expect(log).toContainEqual({ actor_id: OFFICER.sub, action: `download_issued_document:${issued.verification_number}` });

    const stranger = await http()
      .get(`/cases/${caseId}/issued-document`)
      .set('Authorization', await auth(applicant('PSTRANGER7')));
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.code).toBe('AUTH.NOT_YOUR_CASE');
  });
});
