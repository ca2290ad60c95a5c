import type { TFunction } from 'i18next';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { htmlLangOf, translatorOf, type Locale } from '../i18n';

export interface ConfirmationFacts {
  /** The one reference of the case ("Número de trámite"): the turno's reference is the same value. */
  caseReference: string;
  /** The procedure by its sheet's name, in the confirmation's language. */
  procedureName: string;
  sheet: string;
  filer: string;
  holderName: string;
  /** The holder's nationality by name ("Paraguay"), never its code. */
  nationality: string;
  agencyName: string;
  day: string;
  time: string;
  status: string;
  /**
   * The signed arrival pass (the API's, ADR 0028): the case's reference, the turno's agency and day,
   * no personal data. The desk verifies its signature before it records the arrival.
   */
  arrivalPass?: string;
}

/** What the agency's reader gets from the QR code: the signed pass, or the reference when the API could not sign one. */
export const confirmationQrText = (f: ConfirmationFacts): string => f.arrivalPass ?? `IESS-TURNO|${f.caseReference}|${f.caseReference}`;

/** The QR code as an image for the confirmation page (a data: URL, as the pages' CSP allows). */
export const confirmationQrDataUrl = (f: ConfirmationFacts): Promise<string> =>
  QRCode.toDataURL(confirmationQrText(f), { errorCorrectionLevel: 'M', margin: 2, width: 320 });

/** "Confirmación del Turno en Línea" (sheets 000-002), as a one-page PDF with its QR code, in the applicant's language. */
export async function confirmationPdf(f: ConfirmationFacts, t: TFunction = translatorOf('es'), locale: Locale = 'es'): Promise<Buffer> {
  const qr = await QRCode.toBuffer(confirmationQrText(f), { errorCorrectionLevel: 'M', margin: 1, width: 300 });
  const title = t('booking:pdf.title');
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: title, Author: 'Trámites IESS' }, lang: htmlLangOf(locale) });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.rect(0, 0, doc.page.width, 70).fill('#00558c');
  doc.fillColor('#ffffff').font('Helvetica-Bold').fontSize(20).text('Trámites IESS', 56, 24);
  doc.fillColor('#0b0c0c').moveDown(2).font('Helvetica-Bold').fontSize(18).text(title, 56, 100);
  doc.moveDown(0.5).font('Helvetica').fontSize(12).text(t('booking:pdf.show'));
  doc.image(qr, doc.page.width - 56 - 150, 150, { width: 150 });
  const rows: Array<[string, string]> = [
    [t('booking:confirmacion.reference'), f.caseReference],
    [t('booking:confirmacion.rows.procedure'), t('booking:pdf.procedure', { name: f.procedureName, sheet: f.sheet })],
    [t('booking:confirmacion.rows.holder'), f.holderName],
    [t('booking:pdf.nationality'), f.nationality],
    [t('booking:confirmacion.rows.filer'), f.filer],
    [t('booking:confirmacion.rows.agency'), f.agencyName],
    [t('booking:confirmacion.rows.day'), f.day],
    [t('booking:confirmacion.rows.time'), f.time],
    [t('booking:confirmacion.rows.status'), f.status],
  ];
  let y = 160;
  for (const [k, v] of rows) {
    doc.font('Helvetica-Bold').fontSize(11).text(k, 56, y, { width: 130 });
    doc.font('Helvetica').fontSize(11).text(v, 190, y, { width: 180 });
    y = Math.max(doc.y, y + 16) + 8;
  }
  doc
    .font('Helvetica')
    .fontSize(10)
    .text(t('booking:pdf.footer'), 56, Math.max(y, 330) + 20, { width: doc.page.width - 112 });
  doc.end();
  return done;
}
