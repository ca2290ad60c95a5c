import PDFDocument from 'pdfkit';
import { useStandardFonts } from './standard-fonts';

const INFO = { Title: 'T', CreationDate: new Date('2026-01-15T15:32:00.000Z') };

function write(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.font('Helvetica-Bold').fontSize(14).text('CÓDIGO DE IDENTIFICACIÓN PARA EXTRANJERO', { width: 300, align: 'center' });
  doc.font('Helvetica').fontSize(10).text('Verifique la autenticidad en / Check it at: AV To Wa', { width: 300 });
  doc.font('Helvetica-Oblique').text('English translation in italics; the Spanish text is authoritative.', { width: 200 });
  doc.text(`width ${doc.font('Helvetica-Bold').fontSize(9.5).widthOfString('WAVE Tŕámites')}`);
  doc.end();
  return done;
}

describe('useStandardFonts (the standard fonts’ metrics built once per process)', () => {
  it('writes the same bytes as PDFKit loading the fonts itself, the first time and on later documents', async () => {
    const pdfkitsOwn = await write(new PDFDocument({ info: INFO }));
    for (let i = 0; i < 3; i++) {
      const doc = new PDFDocument({ info: INFO, font: '' });
      useStandardFonts(doc, ['Helvetica', 'Helvetica-Bold', 'Helvetica-Oblique']);
      expect((await write(doc)).equals(pdfkitsOwn)).toBe(true);
    }
  });

  it('gives each document its own font objects on the same metrics', () => {
    const docs = [new PDFDocument({ font: '' }), new PDFDocument({ font: '' })];
    const fonts = docs.map((doc) => {
      useStandardFonts(doc, ['Helvetica', 'Helvetica-Bold', 'Helvetica-Oblique']);
      return (doc as unknown as { _fontFamilies: Record<string, { id: string; document: unknown; font: unknown }> })._fontFamilies;
    });
    const [first, second] = fonts as [(typeof fonts)[0], (typeof fonts)[0]];
    expect(Object.keys(first)).toEqual(['Helvetica', 'Helvetica-Bold', 'Helvetica-Oblique']);
    expect(Object.values(second).map((f) => f.id)).toEqual(['F1', 'F2', 'F3']);
    expect(second['Helvetica-Bold']).not.toBe(first['Helvetica-Bold']);
    expect(second['Helvetica-Bold']?.document).toBe(docs[1]);
    expect(second['Helvetica-Bold']?.font).toBe(first['Helvetica-Bold']?.font);
    for (const doc of docs) doc.end();
  });
});
