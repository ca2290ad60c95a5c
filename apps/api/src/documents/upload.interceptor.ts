import { BadRequestException, Injectable, PayloadTooLargeException, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { MAX_UPLOAD_BYTES } from '@tramites/domain';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { ApiError } from '../errors/api-error';

/** The multipart field that carries the file. */
export const UPLOAD_FIELD = 'file';

/**
 * Multer reads at most 1 MB + 1 byte of the file (memory storage, the
 * default). A file of exactly MAX_UPLOAD_BYTES + 1 bytes therefore still
 * reaches sniffUpload, the single place where the rule "JPG or PDF, at most
 * 1 MB" is decided (UPLOAD.TOO_LARGE, 422, with the domain's message). A
 * larger one is cut off while it streams in, so it never fills memory.
 */
export const MULTIPART_FILE_LIMIT = MAX_UPLOAD_BYTES + 1;

/** The declared name, kept from the part header before the body is read (for error messages). */
export type UploadRequest = Request & { uploadName?: string };

/** What multer hands over (typed here: @types/multer is not a dependency). */
export interface UploadedFileBytes {
  fieldname: string;
  originalname: string;
  size: number;
  buffer: Buffer;
}

const MultipartFile = FileInterceptor(UPLOAD_FIELD, {
  // Names of files arrive as raw UTF-8 from browsers and curl ("cédula.pdf").
  defParamCharset: 'utf8',
  limits: { fileSize: MULTIPART_FILE_LIMIT, files: 1, fields: 5, fieldSize: 1024, parts: 6, headerPairs: 20 },
  fileFilter: (req: UploadRequest, file: { originalname: string }, accept: (error: Error | null, acceptFile: boolean) => void) => {
    req.uploadName = file.originalname;
    accept(null, true);
  },
});

const fileLabel = (name: string | undefined): string => (name && name.trim() ? `«${name.trim()}»` : 'cargado');

/**
 * Nest's FileInterceptor, with its errors in our terms. A body over the
 * multipart limit is answered 413 with the domain's code UPLOAD.TOO_LARGE:
 * 413 because the file was not received in full (the status says what
 * happened to the request), the same code as sniffUpload's 422 because it is
 * the same rule (clients match on the code, docs/architecture.md, rule 7).
 */
@Injectable()
export class UploadInterceptor implements NestInterceptor {
  private readonly multipart: NestInterceptor = new MultipartFile();

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    try {
      return await this.multipart.intercept(context, next);
    } catch (error) {
      const name = context.switchToHttp().getRequest<UploadRequest>().uploadName;
      if (error instanceof PayloadTooLargeException) {
        throw new ApiError(
          'UPLOAD.TOO_LARGE',
          `El archivo ${fileLabel(name)} supera el máximo de 1 MB (1.048.576 bytes); no se recibió completo.`,
          { maxBytes: MAX_UPLOAD_BYTES },
          413,
        );
      }
      if (error instanceof BadRequestException) {
        throw new ApiError(
          'UPLOAD.INVALID_MULTIPART',
          `La carga debe ser multipart/form-data con un solo archivo en el campo «${UPLOAD_FIELD}».`,
          { fields: [{ field: UPLOAD_FIELD, message: `adjunte un solo archivo en el campo «${UPLOAD_FIELD}»` }] },
          400,
        );
      }
      throw error;
    }
  }
}
