import { sniffUpload } from '@tramites/domain';
// The generator alone, not the package barrel that would load Temporal and PostgreSQL helpers.
import { createTestPki, signedPdf, tamperPdf, unsignedPdf, type TestPki } from '@tramites/testing/pdf';
import { locateSignature } from '@tramites/signing/src/pdf-signatures/pdf-byte-range';
import { loadTrustAnchors, verifyPdfSignature, type TrustAnchors } from '@tramites/activities';

const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');
const bytesOf = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'latin1'));
const append = (pdf: Uint8Array, text: string): Uint8Array => new Uint8Array(Buffer.concat([pdf, Buffer.from(text, 'latin1')]));

/** Offset of the first hex digit of /Contents and the number of hex digits the DER CMS takes (30 82 LL LL …). */
function cmsHex(pdf: Uint8Array): { start: number; length: number } {
  const start = latin1(pdf).indexOf('/Contents <') + '/Contents <'.length;
  const header = latin1(pdf.subarray(start, start + 8));
  expect(header.slice(0, 4)).toBe('3082');
  return { start, length: 2 * (4 + parseInt(header.slice(4), 16)) };
}

function overwrite(pdf: Uint8Array, offset: number, text: string): Uint8Array {
  const copy = new Uint8Array(pdf);
  copy.set(bytesOf(text), offset);
  return copy;
}

describe('verifyPdfSignature', () => {
  let pki: TestPki;
  let otherPki: TestPki;
  let ecPki: TestPki;
  let anchors: TrustAnchors;
  let signed: Uint8Array;
  const signingTime = new Date('2025-03-14T15:09:26Z');

  beforeAll(async () => {
    [pki, otherPki, ecPki] = await Promise.all([
      createTestPki({ commonName: 'María José Pérez Ñaupari', subjectSerialNumber: '1712345678' }),
      createTestPki({ commonName: 'Firmante Ajeno' }),
      createTestPki({ commonName: 'Firmante EC', keyAlgorithm: 'ECDSA', withIntermediate: true }),
    ]);
    anchors = loadTrustAnchors(pki.caPem + ecPki.caPem);
    signed = await signedPdf(pki, { text: 'Solicitud de entrega de clave', signingTime });
  });

  it('accepts a signature from a trusted CA and reports signer and signing time', async () => {
    const verdict = await verifyPdfSignature(signed, anchors);
    expect(verdict).toEqual({
      status: 'valid',
      signer: { commonName: 'María José Pérez Ñaupari', serialNumber: '1712345678', issuer: expect.stringContaining(`CN=${pki.caCommonName}`) },
      signingTime: '2025-03-14T15:09:26.000Z',
      coversWholeFile: true,
    });
  });

  it('accepts ECDSA signatures whose chain goes through an intermediate CA embedded in the CMS', async () => {
    const verdict = await verifyPdfSignature(await signedPdf(ecPki), anchors);
    expect(verdict).toMatchObject({ status: 'valid', signer: { commonName: 'Firmante EC' }, coversWholeFile: true });
  });

  it.each(['SHA-384', 'SHA-512'] as const)('accepts %s digests', async (digestAlgorithm) => {
    expect((await verifyPdfSignature(await signedPdf(pki, { digestAlgorithm }), anchors)).status).toBe('valid');
    expect((await verifyPdfSignature(await signedPdf(ecPki, { digestAlgorithm }), anchors)).status).toBe('valid');
  });

  it('reports an unsigned PDF as missing', async () => {
    expect(await verifyPdfSignature(unsignedPdf('Convenio de responsabilidad'), anchors)).toEqual({
      status: 'missing',
      coversWholeFile: false,
      detail: expect.stringContaining('/ByteRange'),
    });
  });

  it('reports a change inside the signed range as digest_mismatch', async () => {
    const tampered = tamperPdf(signed);
    expect(tampered).not.toEqual(signed);
    expect(tampered.length).toBe(signed.length);
    const verdict = await verifyPdfSignature(tampered, anchors);
    expect(verdict).toMatchObject({ status: 'digest_mismatch', signer: { commonName: 'María José Pérez Ñaupari' }, coversWholeFile: true });
  });

  it('reports a signer from an unrelated PKI as untrusted, and valid once its CA is an anchor', async () => {
    const foreign = await signedPdf(otherPki);
    const verdict = await verifyPdfSignature(foreign, anchors);
    expect(verdict).toMatchObject({ status: 'untrusted', signer: { commonName: 'Firmante Ajeno' }, detail: expect.any(String) });
    const widened = loadTrustAnchors(`${pki.caPem}\n${otherPki.caPem}`);
    expect(widened.subjects).toHaveLength(2);
    expect((await verifyPdfSignature(foreign, widened)).status).toBe('valid');
  });

  it('checks certificate validity at opts.now', async () => {
    const afterExpiry = new Date(pki.notAfter.getTime() + 1000);
    const beforeIssue = new Date(pki.notBefore.getTime() - 1000);
    expect(await verifyPdfSignature(signed, anchors, { now: afterExpiry })).toMatchObject({
      status: 'untrusted',
      detail: expect.stringMatching(/expired/),
    });
    expect((await verifyPdfSignature(signed, anchors, { now: beforeIssue })).status).toBe('untrusted');
    expect((await verifyPdfSignature(signed, anchors, { now: new Date(pki.notBefore.getTime() + 1000) })).status).toBe('valid');
  });

  it('reports a corrupted signature value as bad_signature', async () => {
    const { start, length } = cmsHex(signed);
    const offset = start + length - 20; // inside the signature value, the last field of the SignerInfo
    const digit = latin1(signed.subarray(offset, offset + 1));
    const verdict = await verifyPdfSignature(overwrite(signed, offset, digit === 'A' ? 'B' : 'A'), anchors);
    expect(verdict).toMatchObject({ status: 'bad_signature', signer: { commonName: 'María José Pérez Ñaupari' } });
  });

  it('reports /Contents that is not hex or not a CMS as malformed', async () => {
    const { start } = cmsHex(signed);
    expect(await verifyPdfSignature(overwrite(signed, start, 'ZZ'), anchors)).toMatchObject({
      status: 'malformed',
      detail: expect.stringMatching(/hex/),
    });
    expect((await verifyPdfSignature(overwrite(signed, start, 'DEADBEEF'), anchors)).status).toBe('malformed');
    expect((await verifyPdfSignature(overwrite(signed, start + 8, '0000'), anchors)).status).toBe('malformed');
  });

  it('reports bytes appended after signing through coversWholeFile=false', async () => {
    const extended = append(signed, '\n% added after signing\n');
    expect(sniffUpload(extended, 'x.pdf').ok).toBe(true);
    const verdict = await verifyPdfSignature(extended, anchors);
    expect(verdict).toMatchObject({ status: 'valid', coversWholeFile: false });
  });

  it('uses the last signature dictionary of the file', async () => {
    const withBogusUpdate = append(signed, '\n9 0 obj\n<< /Type /Sig /ByteRange [0 10 5 3] /Contents <00> >>\nendobj\n%%EOF\n');
    expect(await verifyPdfSignature(withBogusUpdate, anchors)).toMatchObject({ status: 'malformed', coversWholeFile: false });
  });

  it.each([
    ['random bytes', new Uint8Array([0x8f, 0x00, 0xff, 0x13, 0x37, 0x42, 0x99])],
    ['an empty file', new Uint8Array(0)],
    ['text that mentions /ByteRange', bytesOf('hola /ByteRange [0 1 2 3] /Contents <AB>')],
    ['a PDF header with a broken /ByteRange', bytesOf('%PDF-1.7\n<< /ByteRange [0 abc 20 5] /Contents <AB> >>\n%%EOF\n')],
  ])('reports %s as malformed without throwing', async (_label, bytes) => {
    expect(await verifyPdfSignature(bytes, anchors)).toMatchObject({ status: 'malformed', coversWholeFile: false });
  });

  it('refuses SHA-1 digests as bad_signature', async () => {
    const verdict = await verifyPdfSignature(await signedPdf(pki, { digestAlgorithm: 'SHA-1' }), anchors);
    expect(verdict).toMatchObject({ status: 'bad_signature', detail: expect.stringContaining('SHA-1') });
  });

  it('generates PDFs that sniffUpload accepts, far below the upload limit', async () => {
    for (const bytes of [unsignedPdf(), signed, tamperPdf(signed), await signedPdf(ecPki)]) {
      expect(sniffUpload(bytes, 'x.pdf')).toMatchObject({ ok: true, kind: 'pdf', declaredExtensionMatches: true });
      expect(bytes.length).toBeLessThan(64 * 1024);
    }
  });

  it('writes an xref table whose offsets point at the objects', () => {
    const text = latin1(signed);
    const startxref = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)?.[1]);
    expect(text.startsWith('xref', startxref)).toBe(true);
    const offsets = [...text.matchAll(/(\d{10}) 00000 n /g)].map((match) => Number(match[1]));
    expect(offsets).toHaveLength(7);
    offsets.forEach((offset, index) => expect(text.startsWith(`${index + 1} 0 obj`, offset)).toBe(true));
  });
});

describe('locateSignature', () => {
  /** A fake signed file: `head` then `<hex>` then `tail`, with ByteRange written by `layout`. */
  function fake(layout: (b: number, c: number, d: number) => string, hex = 'ABCD', tail = ' >>\n%%EOF\n'): Uint8Array {
    const placeholder = '#'.repeat(40);
    const head = `%PDF-1.7\n1 0 obj\n<< /Type /Sig ${placeholder} /Contents`;
    const b = head.length;
    const c = b + hex.length + 2;
    const d = tail.length;
    const range = layout(b, c, d).padEnd(placeholder.length, ' ');
    return bytesOf(`${head.replace(placeholder, range)}<${hex}>${tail}`);
  }

  it.each([
    ['plain', (b: number, c: number, d: number) => `/ByteRange [0 ${b} ${c} ${d}]`],
    ['no space before the bracket', (b: number, c: number, d: number) => `/ByteRange[0 ${b} ${c} ${d}]`],
    ['line breaks and tabs', (b: number, c: number, d: number) => `/ByteRange\r\n[ 0\t${b}\n${c}  ${d} ]`],
  ])('finds the ranges with %s', (_label, layout) => {
    const located = locateSignature(fake(layout));
    expect(located).toMatchObject({ kind: 'found', coversWholeFile: true, cms: new Uint8Array([0xab, 0xcd]) });
  });

  it('accepts white space inside the hex string and an odd digit count', () => {
    const located = locateSignature(fake((b, c, d) => `/ByteRange [0 ${b} ${c} ${d}]`, 'AB C\nD1'));
    expect(located).toMatchObject({ kind: 'found', cms: new Uint8Array([0xab, 0xcd, 0x10]) });
  });

  it.each([
    ['a range not starting at 0', (b: number, c: number, d: number) => `/ByteRange [1 ${b} ${c} ${d}]`],
    ['a gap that is not the hex string', (b: number, c: number, d: number) => `/ByteRange [0 ${b - 1} ${c} ${d}]`],
    ['ranges past the end of the file', (b: number, c: number, d: number) => `/ByteRange [0 ${b} ${c} ${d + 1}]`],
    ['overlapping ranges', (b: number, _c: number, d: number) => `/ByteRange [0 ${b} ${b} ${d}]`],
    ['three numbers', (b: number, c: number) => `/ByteRange [0 ${b} ${c}]`],
  ])('refuses %s', (_label, layout) => {
    expect(locateSignature(fake(layout)).kind).toBe('malformed');
  });

  it('ignores names that merely start with /ByteRange', () => {
    expect(locateSignature(bytesOf('%PDF-1.7\n<< /ByteRanges [0 1 2 3] >>\n%%EOF\n')).kind).toBe('missing');
  });
});

describe('loadTrustAnchors', () => {
  it('throws on input without certificates', () => {
    expect(() => loadTrustAnchors('nonsense')).toThrow(/no PEM certificate/);
    expect(() => loadTrustAnchors('')).toThrow(Error);
  });

  it('throws on a broken PEM block', () => {
    expect(() => loadTrustAnchors('-----BEGIN CERTIFICATE-----\n@@@\n-----END CERTIFICATE-----\n')).toThrow(/base64/);
    expect(() => loadTrustAnchors('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')).toThrow(/not an X.509 certificate/);
    expect(() => loadTrustAnchors('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n')).toThrow(/PRIVATE KEY/);
  });

  it('throws when a block is cut off', async () => {
    const pki = await createTestPki({ keyAlgorithm: 'ECDSA' });
    expect(() => loadTrustAnchors(pki.caPem + pki.caPem.slice(0, 80))).toThrow(/complete/);
    const anchors = loadTrustAnchors(`# comment\n${pki.caPem}`);
    expect(anchors.subjects).toEqual([expect.stringContaining(`CN=${pki.caCommonName}`)]);
  });
});
