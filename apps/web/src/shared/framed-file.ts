import type { Response } from 'express';

/**
 * A stored file sent to an officer's page: inline, framed by this site's pages only (the file
 * itself loads nothing), or downloaded; never cached. The legal unit's deed scan and the
 * provincial office's uploads (legal/, office/).
 */
export function sendFramedFile(res: Response, file: { bytes: ArrayBuffer; mimeType: string; fileName: string; download: boolean }): void {
  const name = file.fileName.replace(/[^\w.-]+/g, '_') || 'documento';
  res
    .status(200)
    .type(file.mimeType)
    .set({
      'Content-Disposition': `${file.download ? 'attachment' : 'inline'}; filename="${name}"`,
      'Content-Security-Policy': "default-src 'none'; frame-ancestors 'self'",
      'X-Frame-Options': 'SAMEORIGIN',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
    })
    .send(Buffer.from(file.bytes));
}
