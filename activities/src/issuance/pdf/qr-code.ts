import { crc32, deflateSync } from 'node:zlib';
import QRCode, { type BitMatrix } from 'qrcode';

/**
 * QR code settings shared by the renderer and its tests. Level M restores
 * up to ~15 % of damaged modules (a folded or stained paper); the 4-module
 * quiet zone is what scanners expect.
 */
export const QR_ERROR_CORRECTION = 'M' as const;
export const QR_MARGIN_MODULES = 4;
export const QR_PIXELS_PER_MODULE = 4;

/**
 * The PNG's deflate level. Each pixel row that repeats the one above it is written with PNG's
 * "Up" filter (all zeros), so the data is mostly long runs: level 1 deflates it in about a
 * sixth of level 6's time, for about 2 KB more per document (ADR 0035).
 */
const DEFLATE_LEVEL = 1;

const PNG_FILTER_NONE = 0;
const PNG_FILTER_UP = 2;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * The QR code of a text, encoded as one byte-mode segment. qrcode's default looks for the cheapest mix
 * of modes with a shortest-path search, about half of `QRCode.create`'s time; for our URLs (a signed
 * token in base64url) it only split off two runs of ten digits and chose the same version. The mask is
 * still the one of lowest penalty, as the standard asks.
 */
export function qrMatrix(text: string): BitMatrix {
  return QRCode.create([{ data: Buffer.from(text, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: QR_ERROR_CORRECTION }).modules;
}

/**
 * An 8-bit grayscale PNG without alpha: PDFKit then embeds the PNG's own
 * compressed data as the image (no re-encoding, the PNG predictors declared),
 * and the output is the same bytes for the same text. Each module row is drawn
 * once; the pixel rows that repeat it are "Up" rows of zeros; zlib deflates it
 * all in one call (before, qrcode's PNG renderer went through pngjs pixel by
 * pixel at level 9: ADR 0023).
 */
export async function qrCodePng(text: string): Promise<Buffer> {
  const modules = qrMatrix(text);
  const side = (modules.size + 2 * QR_MARGIN_MODULES) * QR_PIXELS_PER_MODULE;
  const stride = side + 1; // each row starts with its filter type, 0 (none)
  const margin = QR_MARGIN_MODULES * QR_PIXELS_PER_MODULE;
  // Every row an Up row of zeros (the same pixels as the row above) but the first and the first of each module row.
  const raw = Buffer.alloc(stride * side, 0);
  for (let y = 1; y < side; y++) raw[y * stride] = PNG_FILTER_UP;
  raw[0] = PNG_FILTER_NONE;
  raw.fill(0xff, 1, stride); // the quiet zone above the code: white
  for (let row = 0; row < modules.size; row++) {
    const first = (margin + row * QR_PIXELS_PER_MODULE) * stride;
    raw[first] = PNG_FILTER_NONE;
    raw.fill(0xff, first + 1, first + stride);
    for (let col = 0; col < modules.size; col++) {
      if (!modules.get(row, col)) continue;
      const x = first + 1 + margin + col * QR_PIXELS_PER_MODULE;
      raw.fill(0, x, x + QR_PIXELS_PER_MODULE);
    }
  }
  const below = (margin + modules.size * QR_PIXELS_PER_MODULE) * stride; // the quiet zone below: white again
  raw[below] = PNG_FILTER_NONE;
  raw.fill(0xff, below + 1, below + stride);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // colour type: grayscale
  // compression, filter and interlace methods: 0 (deflate, adaptive, none)
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw, { level: DEFLATE_LEVEL })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}
