import { MAX_UPLOAD_BYTES, VIRTUAL_UPLOAD_KINDS, type DocumentKind } from '@tramites/domain';
import type { NextFunction, Response } from 'express';
import multer, { type MulterError, type MulterFile } from 'multer';
import type { SessionRequest } from '../session/session';

/** The deed's scan on the window's checklist (001, ADR 0028): its file field. */
export const DEED_SCAN_FIELD = 'escritura';

/** The file fields of the 004 Ventanilla Virtual form: one per document it may carry (libs/domain virtualUploadSlots). */
export const EMPLOYER_UPLOAD_KINDS = VIRTUAL_UPLOAD_KINDS;
export type EmployerUploadKind = DocumentKind;

/** A file of the form: at most 1 MB + 1 byte of it kept; `size` is what was sent, `truncated` when it was more. */
export type FormFile = MulterFile & { truncated?: boolean };

export type MultipartRequest = SessionRequest & { files?: Partial<Record<string, FormFile[]>>; uploadError?: { field: string; code: string } };

/** Kept of each file: enough to judge it (the API's rule: 1 MB, by content), never more. */
const KEPT_BYTES = MAX_UPLOAD_BYTES + 1;
/** Beyond this a request is not drained any further: it fails whole. */
const DRAINED_BYTES = 64 * MAX_UPLOAD_BYTES;

interface FileStream {
  stream: NodeJS.ReadableStream;
}

/**
 * Multer's storage for the form's files: keeps the first 1 MB + 1 byte of each and counts the rest,
 * so that one file too large is named on the form while the others of the same form still arrive
 * (multer's own fileSize limit would end the whole request at the first one).
 */
const boundedMemory = {
  _handleFile(_req: unknown, file: FileStream, done: (error: Error | null, info?: Partial<FormFile>) => void): void {
    const chunks: Buffer[] = [];
    let kept = 0;
    let size = 0;
    file.stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (kept < KEPT_BYTES) {
        const part = chunk.subarray(0, KEPT_BYTES - kept);
        chunks.push(part);
        kept += part.length;
      }
      if (size > DRAINED_BYTES) file.stream.emit('error', Object.assign(new Error('file too large'), { code: 'LIMIT_FILE_SIZE' }));
    });
    file.stream.on('error', (error: Error) => done(error));
    file.stream.on('end', () => done(null, { buffer: Buffer.concat(chunks), size, truncated: size > MAX_UPLOAD_BYTES }));
  },
  _removeFile(_req: unknown, _file: unknown, done: (error: Error | null) => void): void {
    done(null);
  },
};

/**
 * Reads a multipart form into memory before the session middleware checks its CSRF token
 * (the hidden field comes first). Each file keeps at most 1 MB + 1 byte, as the API reads: the
 * rule itself (JPG or PDF, 1 MB, by content) stays the API's; a file larger than that is marked
 * `truncated` (and named in `uploadError`), and the other files of the form are kept.
 */
export function multipartForm(files: readonly string[] = EMPLOYER_UPLOAD_KINDS, opts: { fields?: number; onlyPath?: RegExp } = {}) {
  const parse = multer({
    storage: boundedMemory,
    limits: { files: files.length, fields: opts.fields ?? 10, fieldSize: 4096 },
    defParamCharset: 'utf8',
  }).fields(files.map((name) => ({ name, maxCount: 1 })));
  return (req: MultipartRequest, res: Response, next: NextFunction): void => {
    if (req.method !== 'POST' || !req.is('multipart/form-data')) return next();
    if (opts.onlyPath && !opts.onlyPath.test(req.path)) return next();
    parse(req, res, (err?: unknown) => {
      if (err) req.uploadError = { field: (err as MulterError).field ?? '', code: (err as MulterError).code ?? 'UNKNOWN' };
      const cut = Object.values(req.files ?? {})
        .flat()
        .find((f) => f?.truncated);
      if (!req.uploadError && cut) req.uploadError = { field: cut.fieldname, code: 'LIMIT_FILE_SIZE' };
      req.body ??= {};
      next();
    });
  };
}
