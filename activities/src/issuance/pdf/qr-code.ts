import { crc32, deflateSync } from 'node:zlib';
import QRCode from 'qrcode';

/**
 * QR code settings shared by the renderer and its tests. Level M restores
 * up to ~15 % of damaged modules (a folded or stained paper); the 4-module
 * quiet zone is what scanners expect.
 */
export const QR_ERROR_CORRECTION = 'M' as const;
export const QR_MARGIN_MODULES = 4;
export const QR_PIXELS_PER_MODULE = 4;

/**
 * The PNG's deflate level. A QR code is two colours in long runs: level 6 is
 * within a few bytes of level 9 here, at a fraction of the CPU.
 */
const DEFLATE_LEVEL = 6;

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
 * An 8-bit grayscale PNG without alpha and with unfiltered rows: PDFKit then
 * embeds the PNG's own compressed data as the image (no re-encoding), and
 * the output is the same bytes for the same text. The pixels are written
 * here from the QR matrix and deflated by zlib in one call (before, qrcode's
 * PNG renderer went through pngjs pixel by pixel at level 9: ADR 0023).
 */
export async function qrCodePng(text: string): Promise<Buffer> {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: QR_ERROR_CORRECTION });
  const side = (modules.size + 2 * QR_MARGIN_MODULES) * QR_PIXELS_PER_MODULE;
  const stride = side + 1; // each row starts with its filter type, 0 (none)
  const raw = Buffer.alloc(stride * side, 0xff);
  for (let y = 0; y < side; y++) {
    raw[y * stride] = 0;
    const row = Math.floor(y / QR_PIXELS_PER_MODULE) - QR_MARGIN_MODULES;
    if (row < 0 || row >= modules.size) continue;
    for (let x = 0; x < side; x++) {
      const col = Math.floor(x / QR_PIXELS_PER_MODULE) - QR_MARGIN_MODULES;
      if (col >= 0 && col < modules.size && modules.get(row, col)) raw[y * stride + 1 + x] = 0;
    }
  }
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
