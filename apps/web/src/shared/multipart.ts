import { MAX_UPLOAD_BYTES } from '@tramites/domain';
import type { NextFunction, Response } from 'express';
import multer, { type MulterError, type MulterFile } from 'multer';
import type { SessionRequest } from '../session/session';

/** The deed's scan on the window's checklist (001, ADR 0028): its file field. */
export const DEED_SCAN_FIELD = 'escritura';

/** The files of the 004 Ventanilla Virtual form, by the API's kind of document. */
export const EMPLOYER_UPLOAD_KINDS = ['ruc', 'key_delivery_request', 'cedula', 'responsibility_agreement'] as const;
export type EmployerUploadKind = (typeof EMPLOYER_UPLOAD_KINDS)[number];

export type MultipartRequest = SessionRequest & { files?: Partial<Record<string, MulterFile[]>>; uploadError?: { field: string; code: string } };

/**
 * Reads a multipart form into memory before the session middleware checks its CSRF token
 * (the hidden field comes first). Each file is cut at 1 MB + 1 byte, as the API does: the
 * rule itself (JPG or PDF, 1 MB, by content) stays the API's; a file cut off here is named
 * as too large on the form instead of an error page.
 */
export function multipartForm(files: readonly string[] = EMPLOYER_UPLOAD_KINDS, opts: { fields?: number; onlyPath?: RegExp } = {}) {
  const parse = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: MAX_UPLOAD_BYTES + 1, files: files.length, fields: opts.fields ?? 10, fieldSize: 4096 },
    defParamCharset: 'utf8',
  }).fields(files.map((name) => ({ name, maxCount: 1 })));
  return (req: MultipartRequest, res: Response, next: NextFunction): void => {
    if (req.method !== 'POST' || !req.is('multipart/form-data')) return next();
    if (opts.onlyPath && !opts.onlyPath.test(req.path)) return next();
    parse(req, res, (err?: unknown) => {
      if (err) req.uploadError = { field: (err as MulterError).field ?? '', code: (err as MulterError).code ?? 'UNKNOWN' };
      req.body ??= {};
      next();
    });
  };
}
