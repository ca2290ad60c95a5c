import { createHash, webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { formatName, nameAttribute, OID_COMMON_NAME, OID_SERIAL_NUMBER } from './certificate-names';
import { locateSignature } from './pdf-byte-range';
import { anchorCertificates, type TrustAnchors } from './trust-anchors';

export { loadTrustAnchors, type TrustAnchors } from './trust-anchors';

/**
 * Verification of the electronic signature of an uploaded PDF (sheet 004:
 * key-delivery request and responsibility agreement signed electronically).
 *
 * What is checked, in order:
 *  1. the LAST signature dictionary in the file (`/ByteRange` + `/Contents`),
 *     see pdf-byte-range.ts; bytes appended after its ranges (an unsigned
 *     incremental update) do not invalidate it but set `coversWholeFile`
 *     to false, and the caller decides;
 *  2. the `/Contents` as a detached CMS SignedData (`adbe.pkcs7.detached`
 *     or `ETSI.CAdES.detached`), first SignerInfo, signer certificate
 *     embedded in the CMS;
 *  3. digest algorithm SHA-256/384/512 (MD5 and SHA-1 refused), the digest
 *     of the signed ranges against the `messageDigest` signed attribute;
 *  4. the signature over the signed attributes with the signer's public key;
 *  5. a certificate path from the signer to one of the trust anchors, using
 *     the CA certificates embedded in the CMS as intermediates, every
 *     certificate valid at `now`.
 *
 * Not checked: revocation (no CRL/OCSP fetching), timestamps, and the time
 * of signing against the validity period (`signingTime` is claimed by the
 * signer and only reported).
 *
 * Pure apart from crypto: no I/O, no clock other than `opts.now ?? new Date()`.
 */

export type PdfSignatureStatus = 'valid' | 'missing' | 'digest_mismatch' | 'bad_signature' | 'untrusted' | 'malformed';

export interface PdfSignatureSigner {
  /** Subject common name; the full subject when it has no CN. */
  readonly commonName: string;
  /** Subject serialNumber attribute (OID 2.5.4.5), often the holder's identity number. */
  readonly serialNumber?: string;
  /** Issuer name, most specific attribute first ("CN=…, O=…, C=EC"). */
  readonly issuer: string;
}

export interface PdfSignatureVerdict {
  readonly status: PdfSignatureStatus;
  /** Present when a CMS signature was parsed. */
  readonly signer?: PdfSignatureSigner;
  /** signingTime signed attribute, ISO-8601, when present. */
  readonly signingTime?: string;
  /** True when the ByteRange covers the whole file except the /Contents hex string. */
  readonly coversWholeFile: boolean;
  /** English, for logs: why it is not valid. */
  readonly detail?: string;
}

export interface VerifyPdfSignatureOptions {
  /** Instant at which certificate validity periods are checked; defaults to the current time. */
  readonly now?: Date;
}

type Crypto = ConstructorParameters<typeof pkijs.CryptoEngine>[0]['crypto'];

/** pkijs needs a WebCrypto engine; Node's is registered once, when this module loads. */
const cryptoEngine = new pkijs.CryptoEngine({ name: 'node-webcrypto', crypto: webcrypto as unknown as Crypto });
pkijs.setEngine('node-webcrypto', cryptoEngine);

const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const OID_CONTENT_TYPE = '1.2.840.113549.1.9.3';
const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const OID_SIGNING_TIME = '1.2.840.113549.1.9.5';
const OID_SUBJECT_KEY_IDENTIFIER = '2.5.29.14';
const OID_KEY_USAGE = '2.5.29.15';

type HashName = 'SHA-256' | 'SHA-384' | 'SHA-512';

const ACCEPTED_DIGESTS: Readonly<Record<string, HashName>> = {
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};
const NODE_HASH: Readonly<Record<HashName, string>> = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

const REFUSED_DIGESTS: Readonly<Record<string, string>> = {
  '1.2.840.113549.2.2': 'MD2',
  '1.2.840.113549.2.5': 'MD5',
  '1.3.14.3.2.26': 'SHA-1',
};
const REFUSED_SIGNATURE_ALGORITHMS: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.1.2': 'md2WithRSAEncryption',
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10040.4.3': 'dsa-with-SHA1',
};

/** What is known so far; every verdict carries it, whatever its status. */
interface Findings {
  coversWholeFile: boolean;
  signer?: PdfSignatureSigner;
  signingTime?: string;
}

class Refusal {
  constructor(
    readonly status: Exclude<PdfSignatureStatus, 'valid'>,
    readonly detail: string,
  ) {}
}

function refuse(status: Refusal['status'], detail: string): never {
  throw new Refusal(status, detail);
}

function verdictOf(findings: Findings, status: PdfSignatureStatus, detail?: string): PdfSignatureVerdict {
  return {
    status,
    ...(findings.signer === undefined ? {} : { signer: findings.signer }),
    ...(findings.signingTime === undefined ? {} : { signingTime: findings.signingTime }),
    coversWholeFile: findings.coversWholeFile,
    ...(detail === undefined ? {} : { detail }),
  };
}

function sameBytes(a: ArrayBuffer | Uint8Array, b: ArrayBuffer | Uint8Array): boolean {
  const left = a instanceof Uint8Array ? a : new Uint8Array(a);
  return Buffer.from(left.buffer, left.byteOffset, left.byteLength).equals(b instanceof Uint8Array ? b : new Uint8Array(b));
}

function sameCertificate(a: pkijs.Certificate, b: pkijs.Certificate): boolean {
  return sameBytes(a.tbsView, b.tbsView);
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'resultMessage' in error) return String(error.resultMessage);
  return String(error);
}

function parseSignedData(cms: Uint8Array): pkijs.SignedData {
  const asn1 = asn1js.fromBER(cms);
  if (asn1.offset === -1) refuse('malformed', `/Contents is not BER-encoded ASN.1: ${asn1.result.error}`);
  if (cms.subarray(asn1.offset).some((byte) => byte !== 0)) {
    refuse('malformed', '/Contents has non-zero bytes after the CMS structure');
  }
  let contentInfo: pkijs.ContentInfo;
  try {
    contentInfo = new pkijs.ContentInfo({ schema: asn1.result });
  } catch (error) {
    return refuse('malformed', `/Contents is not a CMS ContentInfo: ${errorMessage(error)}`);
  }
  if (contentInfo.contentType !== OID_SIGNED_DATA) {
    refuse('malformed', `CMS content type is ${contentInfo.contentType}, expected SignedData`);
  }
  try {
    return new pkijs.SignedData({ schema: contentInfo.content });
  } catch (error) {
    return refuse('malformed', `CMS SignedData does not parse: ${errorMessage(error)}`);
  }
}

function embeddedCertificates(signedData: pkijs.SignedData): pkijs.Certificate[] {
  return (signedData.certificates ?? []).filter((item): item is pkijs.Certificate => item instanceof pkijs.Certificate);
}

function subjectKeyIdentifier(certificate: pkijs.Certificate): Uint8Array | undefined {
  const extension = certificate.extensions?.find((item) => item.extnID === OID_SUBJECT_KEY_IDENTIFIER);
  const parsed: unknown = extension?.parsedValue;
  return parsed instanceof asn1js.OctetString ? parsed.valueBlock.valueHexView : undefined;
}

/** The certificate named by the SignerInfo's sid (issuer and serial number, or subject key identifier). */
function findSignerCertificate(signedData: pkijs.SignedData, signerInfo: pkijs.SignerInfo): pkijs.Certificate {
  const certificates = embeddedCertificates(signedData);
  const sid: unknown = signerInfo.sid;
  let found: pkijs.Certificate | undefined;
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    found = certificates.find((item) => item.issuer.isEqual(sid.issuer) && item.serialNumber.isEqual(sid.serialNumber));
  } else if (sid instanceof asn1js.BaseBlock) {
    const keyId = (sid as asn1js.Primitive).valueBlock.valueHexView;
    found = certificates.find((item) => {
      const candidate = subjectKeyIdentifier(item);
      return candidate !== undefined && sameBytes(candidate, keyId);
    });
  }
  return found ?? refuse('malformed', 'The signer certificate is not embedded in the CMS');
}

function describeSigner(certificate: pkijs.Certificate): PdfSignatureSigner {
  const serialNumber = nameAttribute(certificate.subject, OID_SERIAL_NUMBER);
  return {
    commonName: nameAttribute(certificate.subject, OID_COMMON_NAME) ?? formatName(certificate.subject),
    ...(serialNumber === undefined ? {} : { serialNumber }),
    issuer: formatName(certificate.issuer),
  };
}

function signedAttribute(signerInfo: pkijs.SignerInfo, oid: string): asn1js.BaseBlock | undefined {
  const attribute = signerInfo.signedAttrs?.attributes.find((item) => item.type === oid);
  const value: unknown = attribute?.values[0];
  return value instanceof asn1js.BaseBlock ? value : undefined;
}

function signingTimeOf(signerInfo: pkijs.SignerInfo): string | undefined {
  const value = signedAttribute(signerInfo, OID_SIGNING_TIME);
  if (!(value instanceof asn1js.UTCTime) && !(value instanceof asn1js.GeneralizedTime)) return undefined;
  const date = value.toDate();
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function digestAlgorithmOf(signerInfo: pkijs.SignerInfo): HashName {
  const oid = signerInfo.digestAlgorithm.algorithmId;
  const refused = REFUSED_DIGESTS[oid];
  if (refused !== undefined) refuse('bad_signature', `Digest algorithm ${refused} is not accepted (SHA-256, SHA-384 or SHA-512 required)`);
  return ACCEPTED_DIGESTS[oid] ?? refuse('bad_signature', `Unsupported digest algorithm ${oid}`);
}

/** The hash the signature algorithm itself names (e.g. ecdsa-with-SHA256), else the SignerInfo digest. */
function signatureHashOf(signerInfo: pkijs.SignerInfo, digest: HashName): HashName {
  const oid = signerInfo.signatureAlgorithm.algorithmId;
  const refused = REFUSED_SIGNATURE_ALGORITHMS[oid];
  if (refused !== undefined) refuse('bad_signature', `Signature algorithm ${refused} is not accepted`);
  const named = cryptoEngine.getHashAlgorithm(signerInfo.signatureAlgorithm);
  if (named === '') return digest;
  if (named === 'SHA-256' || named === 'SHA-384' || named === 'SHA-512') return named;
  return refuse('bad_signature', `Signature algorithm ${oid} uses ${named}, which is not accepted`);
}

/** Steps 3 and 4: the digest of the signed ranges, then the signature; returns nothing or refuses. */
async function checkSignature(signedBytes: Uint8Array, signerInfo: pkijs.SignerInfo, signerCertificate: pkijs.Certificate): Promise<void> {
  const digest = digestAlgorithmOf(signerInfo);
  const signatureHash = signatureHashOf(signerInfo, digest);
  let signedMessage: ArrayBuffer | Uint8Array = signedBytes;
  if (signerInfo.signedAttrs !== undefined) {
    if (signedAttribute(signerInfo, OID_CONTENT_TYPE) === undefined) {
      refuse('malformed', 'The signed attributes lack the mandatory contentType attribute');
    }
    const messageDigest = signedAttribute(signerInfo, OID_MESSAGE_DIGEST);
    if (!(messageDigest instanceof asn1js.OctetString)) {
      refuse('malformed', 'The signed attributes lack the mandatory messageDigest attribute');
    }
    const actual = createHash(NODE_HASH[digest]).update(signedBytes).digest();
    if (!sameBytes(actual, messageDigest.valueBlock.valueHexView)) {
      refuse(
        'digest_mismatch',
        `The ${digest} digest of the signed byte ranges differs from the signed messageDigest: the document was modified after signing`,
      );
    }
    signedMessage = signerInfo.signedAttrs.encodedValue;
  }
  let verified: boolean;
  try {
    verified = await cryptoEngine.verifyWithPublicKey(
      signedMessage,
      signerInfo.signature,
      signerCertificate.subjectPublicKeyInfo,
      signerInfo.signatureAlgorithm,
      signatureHash,
    );
  } catch (error) {
    return refuse('bad_signature', `The signature could not be verified: ${errorMessage(error)}`);
  }
  if (!verified) {
    refuse(
      'bad_signature',
      signerInfo.signedAttrs === undefined
        ? 'The signature does not match the signed byte ranges and the signer certificate (no signed attributes)'
        : 'The signature over the signed attributes does not match the signer certificate',
    );
  }
}

function allowsSigning(certificate: pkijs.Certificate): boolean {
  const keyUsage: unknown = certificate.extensions?.find((item) => item.extnID === OID_KEY_USAGE)?.parsedValue;
  if (!(keyUsage instanceof asn1js.BitString)) return true;
  const firstByte = keyUsage.valueBlock.valueHexView[0] ?? 0;
  return (firstByte & 0xc0) !== 0; // digitalSignature (bit 0) or nonRepudiation (bit 1)
}

/** Step 5: a path from the signer certificate to a trust anchor, valid at `now`. */
async function checkChain(signedData: pkijs.SignedData, signerCertificate: pkijs.Certificate, anchors: TrustAnchors, now: Date): Promise<void> {
  const trusted = anchorCertificates(anchors);
  if (trusted.some((anchor) => sameCertificate(anchor, signerCertificate))) {
    refuse('untrusted', 'The signer certificate is itself a trust anchor; only certificates issued by an anchor are accepted');
  }
  if (!allowsSigning(signerCertificate)) {
    refuse('untrusted', 'The signer certificate key usage allows neither digitalSignature nor nonRepudiation');
  }
  // pkijs validates the LAST certificate of `certs` and drops later duplicates, so the signer goes last and only once.
  const intermediates = embeddedCertificates(signedData).filter(
    (item) => pkijs.checkCA(item, signerCertificate) !== null && !sameCertificate(item, signerCertificate),
  );
  const engine = new pkijs.CertificateChainValidationEngine({
    trustedCerts: [...trusted],
    certs: [...intermediates, signerCertificate],
    checkDate: now,
  });
  let result: pkijs.CertificateChainValidationEngineVerifyResult;
  try {
    result = await engine.verify({}, cryptoEngine);
  } catch (error) {
    return refuse('untrusted', `No certificate path to a trust anchor: ${errorMessage(error)}`);
  }
  if (!result.result) refuse('untrusted', `No certificate path to a trust anchor at ${now.toISOString()}: ${result.resultMessage}`);
}

async function verifyOrRefuse(pdf: Uint8Array, anchors: TrustAnchors, now: Date, findings: Findings): Promise<void> {
  const located = locateSignature(pdf);
  if (located.kind === 'missing') refuse('missing', 'No /ByteRange found: the PDF has no signature dictionary');
  if (located.kind === 'malformed') refuse('malformed', located.detail);
  findings.coversWholeFile = located.coversWholeFile;

  const signedData = parseSignedData(located.cms);
  const signerInfo = signedData.signerInfos[0] ?? refuse('malformed', 'CMS SignedData has no SignerInfo');
  if (signedData.encapContentInfo.eContent !== undefined) {
    refuse('bad_signature', 'CMS SignedData encapsulates its content (adbe.pkcs7.sha1 style); only detached signatures are accepted');
  }
  const signerCertificate = findSignerCertificate(signedData, signerInfo);
  findings.signer = describeSigner(signerCertificate);
  const signingTime = signingTimeOf(signerInfo);
  if (signingTime !== undefined) findings.signingTime = signingTime;

  await checkSignature(located.signedBytes, signerInfo, signerCertificate);
  await checkChain(signedData, signerCertificate, anchors, now);
}

/**
 * Verify the last electronic signature of a PDF against the trust anchors.
 * Never throws for bad input: every problem is a verdict.
 */
export async function verifyPdfSignature(pdf: Uint8Array, anchors: TrustAnchors, opts: VerifyPdfSignatureOptions = {}): Promise<PdfSignatureVerdict> {
  const findings: Findings = { coversWholeFile: false };
  try {
    if (!(pdf instanceof Uint8Array)) refuse('malformed', 'The document is not a byte array');
    await verifyOrRefuse(pdf, anchors, opts.now ?? new Date(), findings);
    return verdictOf(findings, 'valid');
  } catch (error) {
    if (error instanceof Refusal) return verdictOf(findings, error.status, error.detail);
    return verdictOf(findings, 'malformed', `Unexpected error while verifying the signature: ${errorMessage(error)}`);
  }
}
