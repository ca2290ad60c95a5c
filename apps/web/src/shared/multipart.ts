import { MAX_UPLOAD_BYTES, VIRTUAL_UPLOAD_KINDS, type DocumentKind } from '@tramites/domain';
import type { NextFunction, Response } from 'express';
import multer, { type MulterError, type MulterFile } from 'multer';
import { localeOf, translatorOf, type LocalizedRequest } from '../i18n';
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

/** Beyond the form's own limits (each file 1 MB, each field 4 KB): room for the parts' headers and one file a little too large, named on the form. */
const REQUEST_MARGIN_BYTES = MAX_UPLOAD_BYTES;
const FIELD_BYTES = 4096;

/** The most a form's request may weigh: the sum of its files' and fields' limits plus a margin; beyond it, 413 before the CSRF check. */
export function requestLimitBytes(files: number, fields: number): number {
  return files * MAX_UPLOAD_BYTES + fields * FIELD_BYTES + REQUEST_MARGIN_BYTES;
}

/** The 413 page naming the limit, in the page's language (officers' pages in Spanish); the connection closes, the rest is not read. */
function answerTooLarge(req: MultipartRequest & LocalizedRequest, res: Response, limit: number): void {
  const officers = req.originalUrl.startsWith('/oficina/');
  const locale = officers ? 'es' : localeOf(req);
  const t = translatorOf(locale);
  const megabytes = new Intl.NumberFormat(locale === 'es' ? 'es-EC' : 'en', { maximumFractionDigits: 1 }).format(limit / MAX_UPLOAD_BYTES);
  res.setHeader('Connection', 'close');
  res.status(413).render(officers ? 'oficina/error.njk' : 'error.njk', {
    csrfToken: '',
    currentPath: req.path,
    title: t('errors:page.tooLargeTitle'),
    message: t('errors:page.tooLarge', { limit: megabytes }),
  });
}

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
 * (the hidden field comes first); a request heavier than the form's limits (`requestLimitBytes`)
 * is answered 413 at once. Each file keeps at most 1 MB + 1 byte, as the API reads: the
 * rule itself (JPG or PDF, 1 MB, by content) stays the API's; a file larger than that is marked
 * `truncated` (and named in `uploadError`), and the other files of the form are kept.
 */
export function multipartForm(files: readonly string[] = EMPLOYER_UPLOAD_KINDS, opts: { fields?: number; onlyPath?: RegExp } = {}) {
  const parse = multer({
    storage: boundedMemory,
    limits: { files: files.length, fields: opts.fields ?? 10, fieldSize: FIELD_BYTES },
    defParamCharset: 'utf8',
  }).fields(files.map((name) => ({ name, maxCount: 1 })));
  const limit = requestLimitBytes(files.length, opts.fields ?? 10);
  return (req: MultipartRequest, res: Response, next: NextFunction): void => {
    if (req.method !== 'POST' || !req.is('multipart/form-data')) return next();
    if (opts.onlyPath && !opts.onlyPath.test(req.path)) return next();
    // The declared length first (a browser's form always says it); a body without one is counted as it comes.
    if (Number(req.headers['content-length']) > limit) return answerTooLarge(req, res, limit);
    let received = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (refused || received <= limit) return;
      refused = true;
      req.unpipe();
      answerTooLarge(req, res, limit);
    });
    parse(req, res, (err?: unknown) => {
      if (refused) return;
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
