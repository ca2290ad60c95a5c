import { createHash } from 'node:crypto';
import QRCode from 'qrcode';
import { generateSigningKeyPair, signStatement, verifyStatement, type StatementType } from '@tramites/signing';
import { newVerificationNumber } from '@tramites/signing';
import type { DocumentHolder, ForeignerCodeReceiptData, NonAffiliationCertificateData } from './document-data';
import { extractGrayImages, extractText, parsePdfObjects } from '@tramites/testing/pdf';
import { QR_ERROR_CORRECTION, QR_MARGIN_MODULES, QR_PIXELS_PER_MODULE } from './qr-code';
import { formatIssuedAtEs, renderForeignerCodeReceipt, renderNonAffiliationCertificate } from './render-documents';

const pair = generateSigningKeyPair('iess-test-2026');
const trusted = { [pair.kid]: pair.publicKey };
const ISSUED_AT = '2026-01-15T15:32:00.000Z'; // 10:32 in Guayaquil
const BASE_URL = 'https://tramites.iess.gob.ec/verificar';
const fixedBytes = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 0xff);

const holder: DocumentHolder = {
  fullName: 'María José  Pérez Ñúñez',
  nationality: 'Venezolana',
  documentType: 'passport',
  documentNumber: 'ab-123 4567',
  birthDate: '1990-04-07',
};

function tokenFor(typ: StatementType, d: { caseId: string; verificationNumber: string; issuedAt: string; code?: string; holder: DocumentHolder }): string {
  return signStatement(
    {
      typ,
      vn: d.verificationNumber,
      cid: d.caseId,
      sub: d.holder.documentNumber,
      name: d.holder.fullName,
      ...(d.code !== undefined ? { code: d.code } : {}),
      iat: Math.floor(Date.parse(d.issuedAt) / 1000),
    },
    pair,
  );
}

function receiptData(changes: Partial<ForeignerCodeReceiptData> = {}): ForeignerCodeReceiptData {
  const base = {
    caseId: 'c0ffee00-0000-4000-8000-000000000001',
    verificationNumber: newVerificationNumber(fixedBytes, Date.parse(ISSUED_AT)),
    code: '938472619509',
    holder,
    issuedAt: ISSUED_AT,
    agencyName: 'Quito Centro',
    verifyBaseUrl: BASE_URL,
    ...changes,
  };
  return { ...base, token: changes.token ?? tokenFor('FOREIGNER_CODE', base) };
}

function certificateData(changes: Partial<NonAffiliationCertificateData> = {}): NonAffiliationCertificateData {
  const base: Omit<NonAffiliationCertificateData, 'token'> = {
    caseId: 'c0ffee00-0000-4000-8000-000000000002',
    verificationNumber: newVerificationNumber(fixedBytes, Date.parse(ISSUED_AT)),
    holder: { ...holder, documentType: 'visa' as const },
    issuedAt: ISSUED_AT,
    agencyName: 'Guayaquil Norte',
    verifyBaseUrl: BASE_URL,
    ...changes,
  };
  return { ...base, token: changes.token ?? tokenFor('NON_AFFILIATION_CERTIFICATE', base) };
}

const latin1 = (pdf: Uint8Array): string => Buffer.from(pdf).toString('latin1');
const sha256 = (pdf: Uint8Array): string => createHash('sha256').update(pdf).digest('hex');

/** Reads the QR image back module by module and compares it with the QR code of `expected`. */
function expectQrEncodes(pdf: Uint8Array, expected: string): void {
  const images = extractGrayImages(pdf);
  expect(images).toHaveLength(1);
  const image = images[0]!;
  // One byte-mode segment, as the renderer encodes it (qr-code.ts).
  const { modules } = QRCode.create([{ data: Buffer.from(expected, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: QR_ERROR_CORRECTION });
  expect(image.width).toBe((modules.size + 2 * QR_MARGIN_MODULES) * QR_PIXELS_PER_MODULE);
  let differing = 0;
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      const x = (col + QR_MARGIN_MODULES) * QR_PIXELS_PER_MODULE + 1;
      const y = (row + QR_MARGIN_MODULES) * QR_PIXELS_PER_MODULE + 1;
      const dark = image.pixel(x, y) < 128;
      if (dark !== Boolean(modules.get(row, col))) differing++;
    }
  }
  expect(differing).toBe(0);
  // Every pixel is black or white, and the dark ones are exactly the dark modules' squares (the quiet zone is white).
  let darkPixels = 0;
  let grey = 0;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const value = image.pixel(x, y);
      if (value === 0) darkPixels++;
      else if (value !== 255) grey++;
    }
  }
  let darkModules = 0;
  for (let row = 0; row < modules.size; row++) for (let col = 0; col < modules.size; col++) if (modules.get(row, col)) darkModules++;
  expect(grey).toBe(0);
  expect(darkPixels).toBe(darkModules * QR_PIXELS_PER_MODULE * QR_PIXELS_PER_MODULE);
}

describe('renderForeignerCodeReceipt', () => {
  let pdf: Uint8Array;
  const data = receiptData();

  // Rendering loads and subsets the fonts: seconds on a loaded two-core machine.
  beforeAll(async () => {
    pdf = await renderForeignerCodeReceipt(data);
  }, 30_000);

  it('is a one-page PDF file', () => {
    expect(latin1(pdf.subarray(0, 5))).toBe('%PDF-');
    expect(latin1(pdf).trimEnd().endsWith('%%EOF')).toBe(true);
    expect(parsePdfObjects(pdf).some((o) => /\/Type \/Pages\b[\s\S]*\/Count 1\b/.test(o.dict))).toBe(true);
  });

  it('prints the header, holder, code, case, issue instant in Guayaquil, verification number and how to verify', () => {
    const text = extractText(pdf);
    for (const expected of [
      'INSTITUTO ECUATORIANO DE SEGURIDAD SOCIAL',
      'Agencia de emisión: Quito Centro',
      'CÓDIGO DE IDENTIFICACIÓN PARA EXTRANJERO',
      'María José Pérez Ñúñez',
      'Venezolana',
      'Pasaporte',
      'AB1234567',
      '07/04/1990',
      '9384 7261 9509',
      data.caseId,
      '15 de enero de 2026, 10:32 (hora de Ecuador, UTC-5)',
      data.verificationNumber,
      'Verifique la autenticidad en',
      BASE_URL,
      'o sin conexión con la clave pública del IESS',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('carries a QR code for `${verifyBaseUrl}?t=${token}`, and that token verifies offline', () => {
    expectQrEncodes(pdf, `${BASE_URL}?t=${data.token}`);
    const result = verifyStatement(data.token, trusted);
    expect(result).toMatchObject({ valid: true, claims: { typ: 'FOREIGNER_CODE', code: '938472619509', vn: data.verificationNumber } });
  });

  it('renders the same bytes for the same input (activity retries), and sets CreationDate from issuedAt', async () => {
    const again = await renderForeignerCodeReceipt(receiptData());
    expect(sha256(again)).toBe(sha256(pdf));
    expect(Buffer.from(again).equals(Buffer.from(pdf))).toBe(true);
    expect(latin1(pdf)).toMatch(/\/CreationDate \d+ 0 R/);
    expect(latin1(pdf)).toContain('(D:20260115153200Z)');
    const later = await renderForeignerCodeReceipt(receiptData({ issuedAt: '2026-01-15T15:33:00.000Z' }));
    expect(sha256(later)).not.toBe(sha256(pdf));
  });
});

describe('renderNonAffiliationCertificate', () => {
  it('prints the English translation beside the Spanish, which is authoritative (ADR 0031)', async () => {
    const text = extractText(await renderForeignerCodeReceipt(receiptData()));
    for (const expected of [
      'English translation in italics; the Spanish text is authoritative.',
      'Foreigner identification code',
      'The Ecuadorian Social Security Institute has assigned',
      'Full name',
      'Nationality',
      'Verification number',
      'Issued free of charge.',
    ])
      expect(text).toContain(expected);
    const certificate = extractText(await renderNonAffiliationCertificate(certificateData()));
    expect(certificate).toContain('Certificate of non-affiliation to the IESS for foreigners');
    expect(certificate).toContain('is not affiliated to the Ecuadorian Social Security Institute');
  });

  it('prints the nationality by its name, never its code (the data keeps ISO 3166 alpha-3)', async () => {
    const data = certificateData();
    const text = extractText(await renderNonAffiliationCertificate({ ...data, holder: { ...data.holder, nationality: 'PRY' } }));
    expect(text).toContain('Nacionalidad: Paraguay');
    expect(text).not.toMatch(/\bPRY\b/);
  });

  it('states the absence of code, cédula and affiliation as of the issue date, with a QR for its token', async () => {
    const data = certificateData();
    const pdf = await renderNonAffiliationCertificate(data);
    expect(latin1(pdf.subarray(0, 5))).toBe('%PDF-');
    expect(latin1(pdf).trimEnd().endsWith('%%EOF')).toBe(true);
    const text = extractText(pdf);
    for (const expected of [
      'CERTIFICADO DE NO AFILIACIÓN AL IESS PARA EXTRANJEROS',
      'según sus registros a la fecha y hora de emisión',
      'no tiene código de identificación para extranjero ni cédula de identidad',
      'no se encuentra afiliada al Instituto Ecuatoriano de Seguridad Social',
      'María José Pérez Ñúñez',
      'Visa',
      'AB1234567',
      data.caseId,
      '15 de enero de 2026, 10:32',
      data.verificationNumber,
      'Verifique la autenticidad en',
      'clave pública del IESS',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('9384 7261 9509');
    expectQrEncodes(pdf, `${BASE_URL}?t=${data.token}`);
    expect(verifyStatement(data.token, trusted)).toMatchObject({ valid: true, claims: { typ: 'NON_AFFILIATION_CERTIFICATE' } });
    expect(Buffer.from(await renderNonAffiliationCertificate(certificateData())).equals(Buffer.from(pdf))).toBe(true);
  });

  it('prints names beyond Latin-1 without their extra accents, and refuses scripts the fonts cannot print', async () => {
    const vietnamese = { ...holder, fullName: 'Nguyễn Văn An' };
    const pdf = await renderNonAffiliationCertificate(certificateData({ holder: vietnamese }));
    expect(extractText(pdf)).toContain('Nguyên Van An');
    await expect(renderNonAffiliationCertificate(certificateData({ holder: { ...holder, fullName: 'Иван Петров' } }))).rejects.toMatchObject({
      code: 'DOCUMENT.INVALID_DATA',
      details: { field: 'holder.fullName' },
    });
  });
});

describe('document data checks', () => {
  it('refuses a token that vouches for other data', async () => {
    const other = receiptData({ code: '909227537755' });
    await expect(renderForeignerCodeReceipt({ ...receiptData(), token: other.token })).rejects.toMatchObject({
      code: 'DOCUMENT.TOKEN_MISMATCH',
      details: { mismatches: ['code'] },
    });
    await expect(renderNonAffiliationCertificate({ ...certificateData(), token: receiptData().token })).rejects.toMatchObject({
      code: 'DOCUMENT.TOKEN_MISMATCH',
    });
    const { token } = receiptData();
    await expect(renderForeignerCodeReceipt({ ...receiptData(), issuedAt: '2026-01-15T15:40:00.000Z', token })).rejects.toMatchObject({
      code: 'DOCUMENT.TOKEN_MISMATCH',
      details: { mismatches: ['iat'] },
    });
  });

  it.each([
    ['verificationNumber', { verificationNumber: 'VN-2026-XXXX' }],
    ['issuedAt', { issuedAt: 'yesterday' }],
    ['verifyBaseUrl', { verifyBaseUrl: 'https://tramites.iess.gob.ec/verificar?x=1' }],
    ['verifyBaseUrl', { verifyBaseUrl: 'javascript:alert(1)' }],
    ['code', { code: '938472619508' }],
    ['holder.birthDate', { holder: { ...holder, birthDate: '1990-02-30' } }],
    ['holder.documentNumber', { holder: { ...holder, documentNumber: '12' } }],
    ['token', { token: 'not-a-token' }],
  ])('refuses invalid %s', async (field, changes) => {
    await expect(renderForeignerCodeReceipt({ ...receiptData(), ...changes } as ForeignerCodeReceiptData)).rejects.toMatchObject({
      code: 'DOCUMENT.INVALID_DATA',
      details: { field },
    });
  });
});

describe('formatIssuedAtEs', () => {
  it('shows the Guayaquil wall clock (UTC-5, no daylight saving)', () => {
    expect(formatIssuedAtEs(new Date('2027-01-01T04:30:00Z'))).toBe('31 de diciembre de 2026, 23:30 (hora de Ecuador, UTC-5)');
    expect(formatIssuedAtEs(new Date('2026-07-01T12:05:00Z'))).toBe('1 de julio de 2026, 07:05 (hora de Ecuador, UTC-5)');
  });
});
