import * as pkijs from 'pkijs';
import { formatName } from './certificate-names';

const trustAnchorsBrand: unique symbol = Symbol('TrustAnchors');

/**
 * The root certificates a PDF signature must chain to (for example the
 * accredited Ecuadorian certification authorities). Opaque: build it with
 * {@link loadTrustAnchors}; `subjects` is there for display and logs.
 */
export interface TrustAnchors {
  readonly [trustAnchorsBrand]: readonly pkijs.Certificate[];
  /** Subject of each anchor, in bundle order ("CN=…, O=…, C=EC"). */
  readonly subjects: readonly string[];
}

/** The anchors' certificates, for the verifier. */
export function anchorCertificates(anchors: TrustAnchors): readonly pkijs.Certificate[] {
  return anchors[trustAnchorsBrand];
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END ([A-Z0-9 ]+)-----/g;

/**
 * Parse a PEM bundle of one or more X.509 certificates. Text outside the
 * `-----BEGIN CERTIFICATE-----` blocks (comments, `subject=` lines) is
 * ignored. Throws an Error naming the problem when the bundle holds no
 * certificate, a block of another type, bad base64 or a certificate that
 * does not parse.
 */
export function loadTrustAnchors(pemBundle: string): TrustAnchors {
  const certificates: pkijs.Certificate[] = [];
  const begins = (pemBundle.match(/-----BEGIN /g) ?? []).length;
  let position = 0;
  for (const match of pemBundle.matchAll(PEM_BLOCK)) {
    const [, label, body = '', endLabel] = match;
    position += 1;
    if (label !== 'CERTIFICATE' || endLabel !== 'CERTIFICATE') {
      throw new Error(`Trust anchor bundle: PEM block ${position} is "${label}", expected "CERTIFICATE"`);
    }
    const base64 = body.replace(/\s+/g, '');
    if (base64 === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64) || base64.length % 4 !== 0) {
      throw new Error(`Trust anchor bundle: PEM block ${position} is not valid base64`);
    }
    try {
      certificates.push(pkijs.Certificate.fromBER(Buffer.from(base64, 'base64')));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Trust anchor bundle: PEM block ${position} is not an X.509 certificate (${reason})`);
    }
  }
  if (certificates.length === 0) throw new Error('Trust anchor bundle holds no PEM certificate');
  if (certificates.length !== begins) {
    throw new Error(`Trust anchor bundle has ${begins} "-----BEGIN" markers but only ${certificates.length} complete certificate blocks`);
  }
  return Object.freeze({
    [trustAnchorsBrand]: Object.freeze(certificates),
    subjects: Object.freeze(certificates.map((certificate) => formatName(certificate.subject))),
  });
}

/**
 * The common name of the development certification authority that `npm start` creates in its data folder
 * (libs/devenv/src/dev-signatures.ts names its CA so; ADR 0033). Its key is readable by whoever reads that folder.
 */
export const DEVELOPMENT_AUTHORITY_NAME = 'Autoridad de Certificación de Desarrollo';

/** Whether the bundle holds `npm start`'s development authority (never to be trusted in production). */
export function holdsDevelopmentAuthority(anchors: TrustAnchors): boolean {
  return anchors.subjects.some((subject) => subject.includes(`CN=${DEVELOPMENT_AUTHORITY_NAME}`));
}

/**
 * The trust anchors of a process, from the PEM file SIGNATURE_TRUST_ANCHORS names. In production a bundle
 * holding the development authority is refused (ADR 0033): its key is not secret. Throws an Error naming the problem.
 */
export function trustAnchorsFromFile(pemFile: string, readFile: (file: string) => string, production: boolean): TrustAnchors {
  const anchors = loadTrustAnchors(readFile(pemFile));
  if (production && holdsDevelopmentAuthority(anchors)) {
    throw new Error(
      `NODE_ENV=production refuses the development certification authority of npm start (${DEVELOPMENT_AUTHORITY_NAME}): give the accredited authorities`,
    );
  }
  return anchors;
}
