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
 * An 8-bit grayscale PNG without alpha and with unfiltered rows: PDFKit then
 * embeds the PNG's own compressed data as the image (no re-encoding), and
 * the output is the same bytes for the same text.
 */
const PNG_RENDERER_OPTIONS = { deflateLevel: 9, deflateStrategy: 3, colorType: 0, bitDepth: 8, filterType: 0 };

export async function qrCodePng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, {
    type: 'png',
    errorCorrectionLevel: QR_ERROR_CORRECTION,
    margin: QR_MARGIN_MODULES,
    scale: QR_PIXELS_PER_MODULE,
    color: { dark: '#000000ff', light: '#ffffffff' },
    rendererOpts: PNG_RENDERER_OPTIONS,
  });
}
