// The little of multer the web app uses (@types/multer is not a dependency; the API types what it needs the same way).
declare module 'multer' {
  import type { Request, RequestHandler } from 'express';

  interface MulterFile {
    fieldname: string;
    originalname: string;
    size: number;
    buffer: Buffer;
  }
  interface MulterError extends Error {
    code: string;
    field?: string;
  }
  interface Options {
    storage?: unknown;
    limits?: { fileSize?: number; files?: number; fields?: number; fieldSize?: number; parts?: number };
    defParamCharset?: string;
  }
  interface Multer {
    fields(fields: Array<{ name: string; maxCount?: number }>): RequestHandler;
  }
  interface MulterFactory {
    (options?: Options): Multer;
    memoryStorage(): unknown;
  }
  const multer: MulterFactory;
  export default multer;
  export type { MulterError, MulterFile, Request };
}
