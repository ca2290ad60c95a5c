import { createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createTestPki, signedPdf, unsignedPdf, type TestPki } from './signed-pdf';

/** What `npm start` gives a newcomer to try the Ventanilla Virtual (sheet 004) with: a CA the worker trusts, and signed documents. */
export interface DevelopmentSignatures {
  /** PEM of the development certification authority: the worker's SIGNATURE_TRUST_ANCHORS. */
  trustAnchorsFile: string;
  /** The signer's name on every signed demo document. */
  signer: string;
  /** The demo documents, each with the upload kind of sheet 004 it serves as (or the refusal it shows). */
  documents: Array<{ file: string; kind: string }>;
}

/** The signer's certificate and key as kept in the data folder (base64 DER, PKCS#8 PEM). */
interface StoredSigner {
  caCommonName: string;
  commonName: string;
  serialNumber: string;
  certificate: string;
  privateKey: string;
  notBefore: string;
  notAfter: string;
}

const YEAR_MS = 365 * 86_400_000;
/** Begins with the name libs/signing's DEVELOPMENT_AUTHORITY_NAME refuses in production (pdf-signatures/trust-anchors.ts, ADR 0033). */
const CA_NAME = 'Autoridad de Certificación de Desarrollo (npm start, no válida fuera de este equipo)';
/** A minimal JPEG (start and end markers around filler) for the cédula upload. */
const DEMO_JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(2000, 7), Buffer.from([0xff, 0xd9])]);

/**
 * A development certification authority, created once in the data folder (`dev-ca/`) like the other
 * development secrets (dev-secrets.ts), and demo documents signed with it (`demo-documents/`, written
 * when missing): the key delivery request and the responsibility agreement signed electronically by
 * `signer` (the legal representative of a demo employer), with the RUC and the cédula, so that the
 * 004 Ventanilla Virtual can be tried at once. The worker trusts the CA only where `npm start` passes
 * it as SIGNATURE_TRUST_ANCHORS; production passes the accredited authorities instead.
 */
export async function developmentSignatures(dataDir: string, signer: { fullName: string; identityNumber: string }): Promise<DevelopmentSignatures> {
  const caDir = path.join(dataDir, 'dev-ca');
  const trustAnchorsFile = path.join(caDir, 'ca.pem');
  const signerFile = path.join(caDir, 'signer.json');
  let pki: TestPki;
  if (fs.existsSync(trustAnchorsFile) && fs.existsSync(signerFile)) {
    pki = restore(fs.readFileSync(trustAnchorsFile, 'utf8'), JSON.parse(fs.readFileSync(signerFile, 'utf8')) as StoredSigner);
  } else {
    pki = await createTestPki({
      caCommonName: CA_NAME,
      commonName: signer.fullName,
      subjectSerialNumber: signer.identityNumber,
      notAfter: new Date(Date.now() + 10 * YEAR_MS),
    });
    fs.mkdirSync(caDir, { recursive: true });
    fs.writeFileSync(signerFile, JSON.stringify(store(pki), null, 2), { mode: 0o600 });
    fs.writeFileSync(trustAnchorsFile, pki.caPem);
  }

  const docsDir = path.join(dataDir, 'demo-documents');
  fs.mkdirSync(docsDir, { recursive: true });
  const documents: DevelopmentSignatures['documents'] = [];
  const write = async (name: string, kind: string, bytes: () => Promise<Uint8Array> | Uint8Array): Promise<void> => {
    const file = path.join(docsDir, name);
    if (!fs.existsSync(file)) fs.writeFileSync(file, await bytes());
    documents.push({ file, kind });
  };
  await write('solicitud-entrega-clave-firmada.pdf', 'key_delivery_request', () =>
    signedPdf(pki, { text: `Solicitud de entrega de clave patronal, firmada por ${pki.signerCommonName}` }),
  );
  await write('acuerdo-responsabilidad-firmado.pdf', 'responsibility_agreement', () =>
    signedPdf(pki, { text: `Acuerdo de responsabilidad de uso de la clave, firmado por ${pki.signerCommonName}` }),
  );
  await write('ruc.pdf', 'ruc', () => unsignedPdf('Registro Unico de Contribuyentes (documento de demostracion)'));
  await write('cedula.jpg', 'cedula', () => DEMO_JPEG);
  // 004, Requisitos alternativos and Requisito adicional: the foreign employer's passport, the artisan's qualification.
  await write('pasaporte.jpg', 'passport', () => DEMO_JPEG);
  await write('calificacion-artesanal.pdf', 'artisan_qualification', () => unsignedPdf('Calificacion artesanal (documento de demostracion)'));
  // To see a refusal at upload: a photo named .pdf (not a PDF by its content), and a request without signature.
  await write('foto-con-nombre-pdf.pdf', 'refused: not a PDF', () => DEMO_JPEG);
  await write('solicitud-sin-firma.pdf', 'refused: no signature', () => unsignedPdf('Solicitud de entrega de clave, sin firma electronica'));
  return { trustAnchorsFile, signer: pki.signerCommonName, documents };
}

function store(pki: TestPki): StoredSigner {
  return {
    caCommonName: pki.caCommonName,
    commonName: pki.signerCommonName,
    serialNumber: pki.signerSerialNumber,
    certificate: Buffer.from(pki.signerCertificate).toString('base64'),
    privateKey: pki.signerPrivateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    notBefore: pki.notBefore.toISOString(),
    notAfter: pki.notAfter.toISOString(),
  };
}

function restore(caPem: string, s: StoredSigner): TestPki {
  return {
    caPem,
    caCommonName: s.caCommonName,
    signerCommonName: s.commonName,
    signerSerialNumber: s.serialNumber,
    keyAlgorithm: 'RSA',
    signerCertificate: new Uint8Array(Buffer.from(s.certificate, 'base64')),
    signerPrivateKey: createPrivateKey(s.privateKey),
    chainCertificates: [],
    notBefore: new Date(s.notBefore),
    notAfter: new Date(s.notAfter),
  };
}
