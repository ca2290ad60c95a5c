import { createHash, KeyObject, randomBytes, sign, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/**
 * Electronically signed PDFs for development and tests (sheet 004): a throw-away PKI
 * (root CA, optional intermediate CA, signer), hand-written minimal PDFs with
 * a correct xref, and a detached CMS signature (`adbe.pkcs7.detached`) over
 * the /ByteRange, as Adobe Reader, FirmaEC and similar signers produce. The tests
 * use it through libs/testing; `npm start` signs its demo documents with it
 * (dev-signatures.ts). Never a certification authority of production.
 *
 * Everything is generated with Node's WebCrypto and node:crypto; nothing is
 * read from disk. Signed PDFs are a few kilobytes.
 */

export type TestKeyAlgorithm = 'RSA' | 'ECDSA';
export type TestDigestAlgorithm = 'SHA-256' | 'SHA-384' | 'SHA-512' | 'SHA-1';

export interface CreateTestPkiOptions {
  /** The root CA's common name; default "Autoridad de Certificación de Pruebas" and a random suffix. */
  readonly caCommonName?: string;
  /** Signer's common name; default "Firmante de Pruebas". */
  readonly commonName?: string;
  /** Signer's subject serialNumber attribute (e.g. an identity number); default "1710034065". */
  readonly subjectSerialNumber?: string;
  /** Key type of every certificate; default RSA 2048. ECDSA uses P-256. */
  readonly keyAlgorithm?: TestKeyAlgorithm;
  /** Issue the signer from an intermediate CA (embedded in the CMS) instead of the root. */
  readonly withIntermediate?: boolean;
  /** Validity period of every certificate; default from one day ago to one year ahead. */
  readonly notBefore?: Date;
  readonly notAfter?: Date;
}

export interface TestPki {
  /** The root CA certificate, PEM; feed it to `loadTrustAnchors`. */
  readonly caPem: string;
  readonly caCommonName: string;
  readonly signerCommonName: string;
  readonly signerSerialNumber: string;
  readonly keyAlgorithm: TestKeyAlgorithm;
  /** The signer certificate, DER. */
  readonly signerCertificate: Uint8Array;
  readonly signerPrivateKey: KeyObject;
  /** Further certificates embedded in the CMS (the intermediate CA, when there is one), DER. */
  readonly chainCertificates: readonly Uint8Array[];
  readonly notBefore: Date;
  readonly notAfter: Date;
}

export interface SignedPdfOptions {
  /** Text line on the page. */
  readonly text?: string;
  /** signingTime signed attribute (and the /M entry); default now. */
  readonly signingTime?: Date;
  /** Digest of the byte ranges and of the signed attributes; default SHA-256. SHA-1 exists to test refusals. */
  readonly digestAlgorithm?: TestDigestAlgorithm;
}

type Crypto = Parameters<typeof x509.X509CertificateGenerator.create>[1];
type CryptoKeyPair = webcrypto.CryptoKeyPair;

const x509Crypto = webcrypto as unknown as Crypto;
const DAY_MS = 86_400_000;
/** The subject serialNumber attribute; @peculiar/x509 has no short name for it. */
const OID_SUBJECT_SERIAL_NUMBER = '2.5.4.5';

const KEY_PARAMS: Readonly<Record<TestKeyAlgorithm, webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams>> = {
  RSA: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 },
  ECDSA: { name: 'ECDSA', namedCurve: 'P-256' },
};
const CERT_SIGNING_ALGORITHM: Readonly<Record<TestKeyAlgorithm, { name: string; hash: string }>> = {
  RSA: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  ECDSA: { name: 'ECDSA', hash: 'SHA-256' },
};

async function generateKeys(algorithm: TestKeyAlgorithm): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(KEY_PARAMS[algorithm], true, ['sign', 'verify'])) as CryptoKeyPair;
}

interface Issued {
  readonly certificate: x509.X509Certificate;
  readonly keys: CryptoKeyPair;
}

interface IssueParams {
  readonly name: x509.JsonName;
  readonly issuer: Issued | null;
  readonly isCa: boolean;
  readonly algorithm: TestKeyAlgorithm;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/** A certificate signed by `issuer`, or self-signed when `issuer` is null. */
async function issue(params: IssueParams): Promise<Issued> {
  const keys = await generateKeys(params.algorithm);
  const usages = params.isCa
    ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign
    : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation;
  const issuerKeys = params.issuer?.keys ?? keys;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(params.isCa, undefined, true),
    new x509.KeyUsagesExtension(usages, true),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, x509Crypto),
    await x509.AuthorityKeyIdentifierExtension.create(issuerKeys.publicKey, false, x509Crypto),
  ];
  const certificate = await x509.X509CertificateGenerator.create(
    {
      serialNumber: `01${randomBytes(8).toString('hex')}`,
      subject: params.name,
      issuer: params.issuer === null ? params.name : params.issuer.certificate.subject,
      notBefore: params.notBefore,
      notAfter: params.notAfter,
      signingAlgorithm: CERT_SIGNING_ALGORITHM[params.algorithm],
      publicKey: keys.publicKey,
      signingKey: issuerKeys.privateKey,
      extensions,
    },
    x509Crypto,
  );
  return { certificate, keys };
}

function derOf(issued: Issued): Uint8Array {
  return new Uint8Array(issued.certificate.rawData);
}

/** A root CA and a signer certificate issued by it (or by an intermediate CA under it). */
export async function createTestPki(opts: CreateTestPkiOptions = {}): Promise<TestPki> {
  const algorithm = opts.keyAlgorithm ?? 'RSA';
  const notBefore = opts.notBefore ?? new Date(Date.now() - DAY_MS);
  const notAfter = opts.notAfter ?? new Date(Date.now() + 365 * DAY_MS);
  const validity = { algorithm, notBefore, notAfter };
  const suffix = randomBytes(3).toString('hex').toUpperCase();
  const caCommonName = opts.caCommonName ?? `Autoridad de Certificación de Pruebas ${suffix}`;
  const caName = (commonName: string): x509.JsonName => [{ C: ['EC'] }, { O: ['IESS Trámites Pruebas'] }, { CN: [commonName] }];

  const root = await issue({ name: caName(caCommonName), issuer: null, isCa: true, ...validity });
  const intermediate = opts.withIntermediate ? await issue({ name: caName(`Subordinada de Pruebas ${suffix}`), issuer: root, isCa: true, ...validity }) : null;
  const signerCommonName = opts.commonName ?? 'Firmante de Pruebas';
  const signerSerialNumber = opts.subjectSerialNumber ?? '1710034065';
  const signer = await issue({
    name: [{ C: ['EC'] }, { [OID_SUBJECT_SERIAL_NUMBER]: [signerSerialNumber] }, { CN: [signerCommonName] }],
    issuer: intermediate ?? root,
    isCa: false,
    ...validity,
  });

  return {
    caPem: root.certificate.toString('pem'),
    caCommonName,
    signerCommonName,
    signerSerialNumber,
    keyAlgorithm: algorithm,
    signerCertificate: derOf(signer),
    signerPrivateKey: KeyObject.from(signer.keys.privateKey),
    chainCertificates: intermediate === null ? [] : [derOf(intermediate)],
    notBefore,
    notAfter,
  };
}

// ---------------------------------------------------------------------------
// PDF bytes
// ---------------------------------------------------------------------------

const DEFAULT_TEXT = 'Documento de prueba firmado electronicamente';
/** Hex digits reserved for the CMS: 8 KiB of DER, several times what a signature with two certificates needs. */
const CONTENTS_HEX_DIGITS = 16_384;
const BYTE_RANGE_FIELD = 10;
const BYTE_RANGE_PLACEHOLDER = `[0 ${'*'.repeat(BYTE_RANGE_FIELD)} ${'*'.repeat(BYTE_RANGE_FIELD)} ${'*'.repeat(BYTE_RANGE_FIELD)}]`;

/** A PDF literal string; Latin-1 characters as octal escapes (WinAnsiEncoding agrees there), others as "?". */
function pdfLiteral(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    const code = char.codePointAt(0) ?? 0x3f;
    if (char === '\\' || char === '(' || char === ')') out += `\\${char}`;
    else if (code >= 0x20 && code < 0x7f) out += char;
    else if (code >= 0xa0 && code <= 0xff) out += `\\${code.toString(8).padStart(3, '0')}`;
    else out += '?';
  }
  return `(${out})`;
}

/**
 * One page, one line of text, Helvetica. Objects 1-5; `extra` adds
 * entries to the catalog and page dictionaries and further objects (6, 7…).
 */
function pageObjects(text: string, extra: { catalog?: string; page?: string; objects?: readonly string[] } = {}): string[] {
  const content = `BT /F1 12 Tf 72 770 Td ${pdfLiteral(text)} Tj ET`;
  return [
    `<< /Type /Catalog /Pages 2 0 R${extra.catalog ?? ''} >>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R${extra.page ?? ''} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    ...(extra.objects ?? []),
  ];
}

/** Header, numbered objects, a cross-reference table with exact offsets, trailer. One char = one byte (latin1). */
function assemblePdf(objects: readonly string[]): string {
  let file = '%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(file.length);
    file += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xrefOffset = file.length;
  file += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  file += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  file += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return file;
}

function latin1Bytes(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'latin1'));
}

/** A minimal valid one-page PDF with one line of text. */
export function unsignedPdf(text: string = DEFAULT_TEXT): Uint8Array {
  return latin1Bytes(assemblePdf(pageObjects(text)));
}

/** PDF date, UTC: D:YYYYMMDDHHmmSSZ. */
function pdfDate(date: Date): string {
  return `D:${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

// ---------------------------------------------------------------------------
// CMS
// ---------------------------------------------------------------------------

const DIGESTS: Readonly<Record<TestDigestAlgorithm, { oid: string; node: string }>> = {
  'SHA-1': { oid: '1.3.14.3.2.26', node: 'sha1' },
  'SHA-256': { oid: '2.16.840.1.101.3.4.2.1', node: 'sha256' },
  'SHA-384': { oid: '2.16.840.1.101.3.4.2.2', node: 'sha384' },
  'SHA-512': { oid: '2.16.840.1.101.3.4.2.3', node: 'sha512' },
};
const ECDSA_SIGNATURE_OIDS: Readonly<Record<TestDigestAlgorithm, string>> = {
  'SHA-1': '1.2.840.10045.4.1',
  'SHA-256': '1.2.840.10045.4.3.2',
  'SHA-384': '1.2.840.10045.4.3.3',
  'SHA-512': '1.2.840.10045.4.3.4',
};
const OID_RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const OID_DATA = '1.2.840.113549.1.7.1';
const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';

function attribute(type: string, value: asn1js.BaseBlock): pkijs.Attribute {
  return new pkijs.Attribute({ type, values: [value] });
}

/** A detached CMS SignedData (DER) over `content`, with contentType, signingTime and messageDigest signed attributes. */
function detachedCms(pki: TestPki, content: Uint8Array, signingTime: Date, digestAlgorithm: TestDigestAlgorithm): Uint8Array {
  const digest = DIGESTS[digestAlgorithm];
  const signerCertificate = pkijs.Certificate.fromBER(pki.signerCertificate);
  // DER orders a SET OF by encoding, so sort the attributes the same way before encoding and signing.
  const attributes = [
    attribute('1.2.840.113549.1.9.3', new asn1js.ObjectIdentifier({ value: OID_DATA })),
    attribute('1.2.840.113549.1.9.5', new asn1js.UTCTime({ valueDate: signingTime })),
    attribute('1.2.840.113549.1.9.4', new asn1js.OctetString({ valueHex: createHash(digest.node).update(content).digest() })),
  ]
    .map((item) => ({ item, der: new Uint8Array(item.toSchema().toBER()) }))
    .sort((a, b) => Buffer.compare(a.der, b.der))
    .map(({ item }) => item);
  const signedAttributesDer = new asn1js.Set({ value: attributes.map((item) => item.toSchema()) }).toBER();
  const signature = sign(digest.node, new Uint8Array(signedAttributesDer), pki.signerPrivateKey);

  const digestAlgorithmId = () => new pkijs.AlgorithmIdentifier({ algorithmId: digest.oid });
  const signatureAlgorithm =
    pki.keyAlgorithm === 'RSA'
      ? new pkijs.AlgorithmIdentifier({ algorithmId: OID_RSA_ENCRYPTION, algorithmParams: new asn1js.Null() })
      : new pkijs.AlgorithmIdentifier({ algorithmId: ECDSA_SIGNATURE_OIDS[digestAlgorithm] });
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [digestAlgorithmId()],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID_DATA }),
    certificates: [signerCertificate, ...pki.chainCertificates.map((der) => pkijs.Certificate.fromBER(der))],
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: signerCertificate.issuer, serialNumber: signerCertificate.serialNumber }),
        digestAlgorithm: digestAlgorithmId(),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes }),
        signatureAlgorithm,
        signature: new asn1js.OctetString({ valueHex: signature }),
      }),
    ],
  });
  const contentInfo = new pkijs.ContentInfo({ contentType: OID_SIGNED_DATA, content: signedData.toSchema(true) });
  return new Uint8Array(contentInfo.toSchema().toBER());
}

/**
 * A one-page PDF with a signature field whose value is a `/Type /Sig`
 * dictionary (`/Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached`):
 * the /ByteRange covers the whole file except the /Contents hex string,
 * which holds a detached CMS made with the PKI's signer key.
 */
export async function signedPdf(pki: TestPki, opts: SignedPdfOptions = {}): Promise<Uint8Array> {
  const signingTime = opts.signingTime ?? new Date();
  const sigDictionary =
    `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange ${BYTE_RANGE_PLACEHOLDER}` +
    ` /Contents <${'0'.repeat(CONTENTS_HEX_DIGITS)}> /M (${pdfDate(signingTime)}) /Name ${pdfLiteral(pki.signerCommonName)} >>`;
  const template = assemblePdf(
    pageObjects(opts.text ?? DEFAULT_TEXT, {
      catalog: ' /AcroForm << /Fields [6 0 R] /SigFlags 3 >>',
      page: ' /Annots [6 0 R]',
      objects: ['<< /Type /Annot /Subtype /Widget /FT /Sig /T (Firma1) /Rect [0 0 0 0] /F 132 /P 3 0 R /V 7 0 R >>', sigDictionary],
    }),
  );

  const gapStart = template.indexOf('<', template.indexOf('/Contents <0000'));
  const gapEnd = gapStart + CONTENTS_HEX_DIGITS + 2;
  const byteRange = [gapStart, gapEnd, template.length - gapEnd].map((n) => String(n).padEnd(BYTE_RANGE_FIELD, ' '));
  const file = latin1Bytes(template.replace(BYTE_RANGE_PLACEHOLDER, `[0 ${byteRange.join(' ')}]`));

  const signed = new Uint8Array(file.length - (gapEnd - gapStart));
  signed.set(file.subarray(0, gapStart), 0);
  signed.set(file.subarray(gapEnd), gapStart);
  const cms = detachedCms(pki, signed, signingTime, opts.digestAlgorithm ?? 'SHA-256');
  const hex = Buffer.from(cms).toString('hex').toUpperCase();
  if (hex.length > CONTENTS_HEX_DIGITS) throw new Error(`CMS of ${cms.length} bytes does not fit the /Contents placeholder`);
  file.set(latin1Bytes(hex), gapStart + 1);
  return file;
}

/**
 * Change one character of the page text (inside the signed byte range)
 * without touching the signature. Throws when the text cannot be found.
 */
export function tamperPdf(pdf: Uint8Array): Uint8Array {
  const text = Buffer.from(pdf).toString('latin1');
  const marker = 'Td (';
  const index = text.indexOf(marker);
  const position = index + marker.length;
  const original = text.charAt(position);
  if (index < 0 || original === '' || original === ')' || original === '\\') {
    throw new Error('tamperPdf: no page text to change');
  }
  const copy = new Uint8Array(pdf);
  copy[position] = (original === 'X' ? 'Y' : 'X').charCodeAt(0);
  return copy;
}
