import { SPANISH_MONTHS, formatForeignerCode, nationalityName, toGuayaquilWallClock } from '@tramites/domain';
import PDFDocument from 'pdfkit';
import {
  checkDocumentData,
  DOCUMENT_TYPE_LABELS,
  printable,
  type CheckedDocumentData,
  type ForeignerCodeReceiptData,
  type NonAffiliationCertificateData,
} from './document-data';
import { qrCodePng } from './qr-code';
import { useStandardFonts } from './standard-fonts';

/*
 * The two documents the procedures end with, as one-page A4 PDFs in
 * Spanish with the English translation beside each text, in italics (ADR 0031: one document for
 * every holder and every reader it is shown to; the Spanish is authoritative). Output is a pure function of the data: the PDF's CreationDate
 * and file ID come from `issuedAt`, the fonts are the standard ones (not
 * embedded, no random subset tags), and the QR PNG is deterministic. So an
 * activity that is retried re-renders the very same bytes, and the
 * content-addressed store (blob-store.ts) sees the same sha256.
 */

const INSTITUTION = 'INSTITUTO ECUATORIANO DE SEGURIDAD SOCIAL';

const MARGIN_X = 62;
const MARGIN_Y = 50;
const QR_SIZE = 150;
const LABEL_WIDTH = 150;
const INK = '#111111';
const MUTED = '#555555';

const pad = (n: number): string => String(n).padStart(2, '0');

/** "15 de enero de 2026, 10:32 (hora de Ecuador, UTC-5)": mainland Ecuador (America/Guayaquil) has no DST. */
export function formatIssuedAtEs(instant: Date): string {
  const c = toGuayaquilWallClock(instant.getTime());
  const [year, month, day] = c.date.split('-').map(Number) as [number, number, number];
  return `${day} de ${SPANISH_MONTHS[month - 1]} de ${year}, ${pad(c.hour)}:${pad(c.minute)} (hora de Ecuador, UTC-5)`;
}

/** "1990-04-07" -> "07/04/1990". */
export function formatDateEs(date: string): string {
  const [year, month, day] = date.split('-');
  return `${day}/${month}/${year}`;
}

/** A document's English words, printed under the Spanish ones. */
interface EnglishWords {
  readonly title: string;
  readonly intro: readonly string[];
  readonly highlightLabel?: string;
  readonly closing: readonly string[];
}

interface DocumentSpec {
  readonly title: string;
  readonly english: EnglishWords;
  /** Paragraphs before the holder's data. */
  readonly intro: readonly string[];
  /** Drawn between the holder's data and the issuance data (the code on the receipt). */
  readonly highlight?: { readonly label: string; readonly value: string };
  /** Paragraphs after the holder's data. */
  readonly closing: readonly string[];
}

type Doc = PDFKit.PDFDocument;

function collect(doc: Doc): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('error', reject);
    doc.on('end', () => {
      const all = Buffer.concat(chunks);
      resolve(new Uint8Array(all.buffer, all.byteOffset, all.byteLength));
    });
  });
}

function contentWidth(doc: Doc): number {
  return doc.page.width - MARGIN_X * 2;
}

function rule(doc: Doc, gap = 10): void {
  doc.moveDown(0.3);
  const y = doc.y;
  doc
    .save()
    .moveTo(MARGIN_X, y)
    .lineTo(doc.page.width - MARGIN_X, y)
    .lineWidth(0.8)
    .strokeColor('#888888')
    .stroke()
    .restore();
  doc.y = y + gap;
}

function paragraph(doc: Doc, text: string, english?: string): void {
  doc
    .font('Helvetica')
    .fontSize(10)
    .fillColor(INK)
    .text(text, MARGIN_X, doc.y, { width: contentWidth(doc), align: 'left', lineGap: 1.5 });
  doc.moveDown(english ? 0.2 : 0.6);
  if (english) translation(doc, english, MARGIN_X, contentWidth(doc));
}

/** The English translation of the text above it: smaller, in italics, muted (the Spanish is authoritative). */
function translation(doc: Doc, english: string, x: number, width: number, size = 9): void {
  doc.font('Helvetica-Oblique').fontSize(size).fillColor(MUTED).text(english, x, doc.y, { width, align: 'left', lineGap: 1 });
  doc.moveDown(0.6);
}

/** Label / value rows, the English label under the Spanish one; long values wrap inside their column. */
function fields(doc: Doc, heading: string, rows: ReadonlyArray<readonly [label: string, english: string, value: string]>): void {
  doc
    .font('Helvetica-Bold')
    .fontSize(10)
    .fillColor(MUTED)
    .text(heading.toUpperCase(), MARGIN_X, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.3);
  const valueX = MARGIN_X + LABEL_WIDTH;
  const valueWidth = contentWidth(doc) - LABEL_WIDTH;
  for (const [label, english, value] of rows) {
    const top = doc.y;
    doc
      .font('Helvetica')
      .fontSize(10)
      .fillColor(MUTED)
      .text(`${label}:`, MARGIN_X, top, { width: LABEL_WIDTH - 10 });
    const labelY = doc.y;
    doc.font('Helvetica-Bold').fontSize(10.5).fillColor(INK).text(value, valueX, top, { width: valueWidth });
    const valueBottom = doc.y;
    doc
      .font('Helvetica-Oblique')
      .fontSize(8)
      .fillColor(MUTED)
      .text(english, MARGIN_X, labelY, { width: LABEL_WIDTH - 10 });
    doc.y = Math.max(doc.y, valueBottom) + 2;
  }
  doc.x = MARGIN_X;
  doc.moveDown(0.5);
}

function highlight(doc: Doc, label: string, value: string): void {
  const top = doc.y + 2;
  const height = 58;
  doc.save().roundedRect(MARGIN_X, top, contentWidth(doc), height, 6).lineWidth(1.2).strokeColor(INK).stroke().restore();
  doc
    .font('Helvetica')
    .fontSize(10)
    .fillColor(MUTED)
    .text(label, MARGIN_X, top + 9, { width: contentWidth(doc), align: 'center' });
  doc
    .font('Helvetica-Bold')
    .fontSize(26)
    .fillColor(INK)
    .text(value, MARGIN_X, top + 24, { width: contentWidth(doc), align: 'center', lineBreak: false });
  doc.x = MARGIN_X;
  doc.y = top + height + 10;
}

/** A single line that never wraps: the font shrinks until it fits (URLs, numbers). */
function oneLine(doc: Doc, text: string, x: number, width: number, font: string, size: number): void {
  let fontSize = size;
  doc.font(font);
  while (fontSize > 6 && doc.fontSize(fontSize).widthOfString(text) > width) fontSize -= 0.5;
  doc.fontSize(fontSize).text(text, x, doc.y, { width, lineBreak: false });
}

async function render(data: CheckedDocumentData, spec: DocumentSpec): Promise<Uint8Array> {
  const qr = await qrCodePng(data.qrContent);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN_Y, bottom: MARGIN_Y, left: MARGIN_X, right: MARGIN_X },
    pdfVersion: '1.4',
    // No default font: useStandardFonts gives the three we use, on metrics built once per process.
    font: '',
    lang: 'es-EC',
    displayTitle: true,
    info: {
      Title: spec.title,
      Author: 'Instituto Ecuatoriano de Seguridad Social',
      Subject: `${spec.title} ${data.verificationNumber}`,
      Keywords: `${data.verificationNumber} ${data.caseId}`,
      Creator: 'IESS Trámites',
      Producer: 'IESS Trámites (PDFKit)',
      // Fixed from the data: PDFKit derives the file ID from the info dictionary.
      CreationDate: data.issuedAt,
    },
  });
  useStandardFonts(doc, ['Helvetica', 'Helvetica-Bold', 'Helvetica-Oblique']);
  const output = collect(doc);
  const width = contentWidth(doc);

  // Header.
  doc.font('Helvetica-Bold').fontSize(14).fillColor(INK).text(INSTITUTION, MARGIN_X, MARGIN_Y, { width, align: 'center' });
  doc.font('Helvetica').fontSize(10).fillColor(MUTED).text('Trámites para personas extranjeras / Procedures for foreigners', { width, align: 'center' });
  doc.text(`Agencia de emisión: ${data.agencyName}`, { width, align: 'center' });
  doc.font('Helvetica-Oblique').fontSize(8.5).text('English translation in italics; the Spanish text is authoritative.', { width, align: 'center' });
  rule(doc, 10);

  doc.font('Helvetica-Bold').fontSize(15).fillColor(INK).text(spec.title, MARGIN_X, doc.y, { width, align: 'center' });
  doc.font('Helvetica-Oblique').fontSize(10).fillColor(MUTED).text(spec.english.title, MARGIN_X, doc.y, { width, align: 'center' });
  doc.moveDown(0.5);
  spec.intro.forEach((text, i) => paragraph(doc, text, spec.english.intro[i]));

  const { holder } = data;
  fields(doc, 'Datos del titular / Holder', [
    ['Nombres y apellidos', 'Full name', holder.fullName],
    // The country's name, never its code: "Paraguay", not "PRY" (libs/domain/src/validators/nationality-names.ts).
    ['Nacionalidad', 'Nationality', printable('holder.nationality', nationalityName(holder.nationality, 'es'))],
    ['Documento de identidad', 'Identity document', DOCUMENT_TYPE_LABELS[holder.documentType]],
    ['Número de documento', 'Document number', holder.documentNumber],
    ['Fecha de nacimiento', 'Date of birth (dd/mm/yyyy)', formatDateEs(holder.birthDate)],
  ]);
  if (spec.highlight) highlight(doc, `${spec.highlight.label}${spec.english.highlightLabel ? ` / ${spec.english.highlightLabel}` : ''}`, spec.highlight.value);
  spec.closing.forEach((text, i) => paragraph(doc, text, spec.english.closing[i]));

  fields(doc, 'Datos de emisión / Issue', [
    ['Referencia del trámite', 'Case reference', data.caseId],
    ['Fecha y hora de emisión', 'Issued on', formatIssuedAtEs(data.issuedAt)],
    ['Número de verificación', 'Verification number', data.verificationNumber],
  ]);

  // Verification block: the QR code on the left, how to use it on the right.
  rule(doc, 8);
  const top = doc.y;
  doc.image(qr, MARGIN_X, top, { width: QR_SIZE, height: QR_SIZE });
  const textX = MARGIN_X + QR_SIZE + 14;
  const textWidth = width - QR_SIZE - 14;
  doc
    .font('Helvetica-Bold')
    .fontSize(10.5)
    .fillColor(INK)
    .text('Verificación de autenticidad / Check that it is authentic', textX, top + 4, { width: textWidth });
  doc.moveDown(0.4);
  doc.font('Helvetica').fontSize(9.5).text('Verifique la autenticidad en / Check it at', textX, doc.y, { width: textWidth });
  oneLine(doc, data.verifyBaseUrl, textX, textWidth, 'Helvetica-Bold', 9.5);
  doc.moveDown(0.7);
  doc
    .font('Helvetica')
    .fontSize(9.5)
    .text(
      'con el número de verificación o escaneando el código QR, o sin conexión con la clave pública del IESS: ' +
        'el código QR contiene una declaración firmada electrónicamente (Ed25519) con los datos de este documento, ' +
        'que cualquier persona puede comprobar con esa clave.',
      textX,
      doc.y,
      { width: textWidth, lineGap: 1 },
    );
  doc.moveDown(0.2);
  translation(
    doc,
    'with the verification number or the QR code, or offline with the IESS public key: the QR code holds a statement of this document’s data, electronically signed (Ed25519).',
    textX,
    textWidth,
    8.5,
  );
  doc.font('Helvetica').fontSize(9.5).fillColor(MUTED).text('Número de verificación:', textX, doc.y, { width: textWidth });
  oneLine(doc, data.verificationNumber, textX, textWidth, 'Helvetica-Bold', 13);

  // Footer, inside the bottom margin.
  const footerY = doc.page.height - MARGIN_Y - 24;
  doc
    .font('Helvetica')
    .fontSize(8)
    .fillColor(MUTED)
    .text(
      'Documento emitido sin costo. No requiere sello ni firma manuscrita: su validez se comprueba con la firma electrónica del código QR. / ' +
        'Issued free of charge. It needs no stamp or handwritten signature: the QR code’s electronic signature proves it.',
      MARGIN_X,
      footerY - 10,
      { width, align: 'center' },
    );

  doc.end();
  return output;
}

/** Sheets 000 and 001, Resultado: the foreigner identification code, with the data it was issued for. */
export async function renderForeignerCodeReceipt(data: ForeignerCodeReceiptData): Promise<Uint8Array> {
  const checked = checkDocumentData('FOREIGNER_CODE', data);
  return render(checked, {
    title: 'CÓDIGO DE IDENTIFICACIÓN PARA EXTRANJERO',
    intro: [
      'El Instituto Ecuatoriano de Seguridad Social ha asignado a la persona extranjera residente cuyos datos constan a ' +
        'continuación el código de identificación para extranjero indicado en este comprobante, con el que puede acceder ' +
        'al aseguramiento y a los servicios del IESS.',
    ],
    highlight: { label: 'Código de identificación para extranjero', value: formatForeignerCode(checked.code ?? '') },
    english: {
      title: 'Foreigner identification code',
      intro: [
        'The Ecuadorian Social Security Institute has assigned to the foreign resident whose data follow the foreigner ' +
          'identification code shown on this receipt, with which they can be insured and use the IESS services.',
      ],
      highlightLabel: 'Foreigner identification code',
      closing: [
        'Keep this receipt. Use this code before the IESS instead of the identity card, for example to book appointments or set the affiliate password.',
      ],
    },
    closing: [
      'Conserve este comprobante. Use este código ante el IESS en lugar de la cédula de identidad, por ejemplo para ' +
        'solicitar turnos o generar la clave de afiliado.',
    ],
  });
}

/** Sheet 002, Resultado: the certificate of non-affiliation for foreigners. */
export async function renderNonAffiliationCertificate(data: NonAffiliationCertificateData): Promise<Uint8Array> {
  const checked = checkDocumentData('NON_AFFILIATION_CERTIFICATE', data);
  return render(checked, {
    title: 'CERTIFICADO DE NO AFILIACIÓN AL IESS PARA EXTRANJEROS',
    intro: [
      'El Instituto Ecuatoriano de Seguridad Social certifica que, según sus registros a la fecha y hora de emisión de ' +
        'este documento, la persona extranjera cuyos datos constan a continuación no tiene código de identificación para ' +
        'extranjero ni cédula de identidad, y no se encuentra afiliada al Instituto Ecuatoriano de Seguridad Social.',
    ],
    closing: ['Este certificado se emite a pedido de la persona interesada y refleja únicamente los registros del IESS a la ' + 'fecha y hora de emisión.'],
    english: {
      title: 'Certificate of non-affiliation to the IESS for foreigners',
      intro: [
        'The Ecuadorian Social Security Institute certifies that, according to its records at the date and time this document ' +
          'was issued, the foreign person whose data follow has neither a foreigner identification code nor an identity card, ' +
          'and is not affiliated to the Ecuadorian Social Security Institute.',
      ],
      closing: ['This certificate is issued at the request of the person concerned and reflects only the IESS records at the date and time of issue.'],
    },
  });
}
