import { Logger } from '@nestjs/common';
import { BlobStoreError, createFileBlobStore, type BlobRef } from '@tramites/persistence';
import { ApiError } from '../errors/api-error';

/**
 * The API's view of the content-addressed store the worker writes too (same BLOB_DIR,
 * same layout: @tramites/persistence). A missing or damaged file is a 500 for the client
 * (never the path or the hash); the reason goes to the log.
 */
export interface ApiBlobStore {
  put(bytes: Uint8Array): Promise<BlobRef>;
  get(sha256: string): Promise<Buffer>;
}

export const API_BLOB_STORE = Symbol('API_BLOB_STORE');

const logger = new Logger('BlobStore');

export function createApiBlobStore(rootDir: string): ApiBlobStore {
  const store = createFileBlobStore(rootDir);
  return {
    put: (bytes) => store.put(bytes),
    async get(sha256) {
      try {
        return Buffer.from(await store.get(sha256));
      } catch (err) {
        if (!(err instanceof BlobStoreError)) throw err;
        logger.error(`blob ${sha256}: ${err.message}`);
        throw new ApiError('DOCUMENT.CONTENT_UNAVAILABLE', 'El contenido del documento no está disponible; comuníquese con la agencia.', undefined, 500);
      }
    },
  };
}
