import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

export interface ConfirmationFacts {
  caseReference: string;
  appointmentReference: string;
  serviceName: string;
  sheet: string;
  filer: string;
  holderName: string;
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

/** What the agency's reader gets from the QR code: the signed pass, or the references when the API could not sign one. */
export const confirmationQrText = (f: ConfirmationFacts): string => f.arrivalPass ?? `IESS-TURNO|${f.appointmentReference}|${f.caseReference}`;

/** The QR code as an image for the confirmation page (a data: URL, as the pages' CSP allows). */
export const confirmationQrDataUrl = (f: ConfirmationFacts): Promise<string> =>
  QRCode.toDataURL(confirmationQrText(f), { errorCorrectionLevel: 'M', margin: 2, width: 320 });

/** "Confirmación del Turno en Línea" (sheets 000-002), as a one-page PDF with its QR code. */
export async function confirmationPdf(f: ConfirmationFacts): Promise<Buffer> {
  const qr = await QRCode.toBuffer(confirmationQrText(f), { errorCorrectionLevel: 'M', margin: 1, width: 300 });
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: 'Confirmación del Turno en Línea', Author: 'Trámites IESS' }, lang: 'es-EC' });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.rect(0, 0, doc.page.width, 70).fill('#00558c');
  doc.fillColor('#ffffff').font('Helvetica-Bold').fontSize(20).text('Trámites IESS', 56, 24);
  doc.fillColor('#0b0c0c').moveDown(2).font('Helvetica-Bold').fontSize(18).text('Confirmación del Turno en Línea', 56, 100);
  doc.moveDown(0.5).font('Helvetica').fontSize(12).text('Muestre esta confirmación en la agencia, impresa o en su celular.');
  doc.image(qr, doc.page.width - 56 - 150, 150, { width: 150 });
  const rows: Array<[string, string]> = [
    ['Número de turno', f.appointmentReference],
    ['Número de trámite', f.caseReference],
    ['Trámite', `${f.serviceName} (ficha ${f.sheet})`],
    ['Titular', f.holderName],
    ['Presenta', f.filer],
    ['Agencia', f.agencyName],
    ['Día', f.day],
    ['Hora', f.time],
    ['Estado', f.status],
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
    .text('El trámite es gratuito. Llegue 10 minutos antes con los documentos de la lista de requisitos.', 56, Math.max(y, 330) + 20, {
      width: doc.page.width - 112,
    });
  doc.end();
  return done;
}
