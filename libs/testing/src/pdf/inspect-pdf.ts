import { inflateSync } from 'node:zlib';

/*
 * Test support: just enough PDF reading to check what the renderers wrote,
 * without a PDF library. It understands the files PDFKit writes (direct
 * /Length, FlateDecode streams, standard fonts with hex-string TJ arrays),
 * not PDFs in general.
 */

export interface PdfObject {
  readonly id: number;
  /** The object's text before its stream (its dictionary). */
  readonly dict: string;
  /** The decoded stream, if any. */
  readonly stream?: Buffer;
}

export function parsePdfObjects(pdf: Uint8Array): PdfObject[] {
  const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const text = bytes.toString('latin1');
  const header = /(\d+) 0 obj\s*/g;
  const objects: PdfObject[] = [];
  for (let m = header.exec(text); m; m = header.exec(text)) {
    const id = Number(m[1]);
    const start = m.index + m[0].length;
    const endobj = text.indexOf('endobj', start);
    const streamAt = text.indexOf('stream', start);
    if (streamAt !== -1 && streamAt < endobj) {
      const dict = text.slice(start, streamAt);
      const length = Number(/\/Length (\d+)/.exec(dict)?.[1] ?? NaN);
      let dataStart = streamAt + 'stream'.length;
      if (text[dataStart] === '\r') dataStart++;
      if (text[dataStart] === '\n') dataStart++;
      const raw = bytes.subarray(dataStart, dataStart + length);
      objects.push({ id, dict, stream: dict.includes('/FlateDecode') ? inflateSync(raw) : Buffer.from(raw) });
      header.lastIndex = text.indexOf('endobj', dataStart + length) + 'endobj'.length;
    } else {
      objects.push({ id, dict: text.slice(start, endobj) });
      header.lastIndex = endobj + 'endobj'.length;
    }
  }
  return objects;
}

/**
 * The text shown by every TJ operator of the content streams, one string
 * per operator (a line of text), in drawing order. Hex strings are read as
 * WinAnsi, which for Spanish letters (á, é, ñ, ¿ ...) is Latin-1.
 */
export function extractTextLines(pdf: Uint8Array): string[] {
  const lines: string[] = [];
  for (const object of parsePdfObjects(pdf)) {
    if (!object.stream || object.dict.includes('/Subtype /Image')) continue;
    const content = object.stream.toString('latin1');
    for (const op of content.matchAll(/\[((?:<[0-9a-fA-F]*>|\s|-?[\d.]+)*)\] TJ/g)) {
      const hexes = [...(op[1] ?? '').matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1] ?? '');
      lines.push(hexes.map((hex) => Buffer.from(hex, 'hex').toString('latin1')).join(''));
    }
  }
  return lines;
}

/** All the text, lines joined by single spaces: phrases that wrap across lines still match. */
export function extractText(pdf: Uint8Array): string {
  return extractTextLines(pdf)
    .map((line) => line.trim())
    .join(' ')
    .replace(/\s+/g, ' ');
}

export interface GrayImage {
  readonly width: number;
  readonly height: number;
  /** 0 (black) .. 255 (white), row by row. */
  pixel(x: number, y: number): number;
}

/**
 * The 8-bit grayscale images of the file (the QR code), un-predicted. PNG filter types 0 (None)
 * and 2 (Up) are supported: the renderer writes those two only.
 */
export function extractGrayImages(pdf: Uint8Array): GrayImage[] {
  return parsePdfObjects(pdf)
    .filter((o) => o.dict.includes('/Subtype /Image') && o.dict.includes('/DeviceGray') && o.stream)
    .map((o) => {
      const width = Number(/\/Width (\d+)/.exec(o.dict)?.[1]);
      const height = Number(/\/Height (\d+)/.exec(o.dict)?.[1]);
      const data = o.stream ?? Buffer.alloc(0);
      const stride = width + 1;
      if (data.length !== stride * height) throw new Error(`image data is ${data.length} bytes, expected ${stride * height}`);
      const pixels = Buffer.alloc(width * height);
      for (let row = 0; row < height; row++) {
        const filter = data[row * stride];
        if (filter !== 0 && filter !== 2) throw new Error(`row ${row} uses PNG filter ${filter}, only 0 and 2 are supported`);
        for (let x = 0; x < width; x++) {
          const above = filter === 2 && row > 0 ? (pixels[(row - 1) * width + x] ?? 0) : 0;
          pixels[row * width + x] = ((data[row * stride + 1 + x] ?? 0) + above) & 0xff;
        }
      }
      return { width, height, pixel: (x: number, y: number) => pixels[y * width + x] ?? NaN };
    });
}
