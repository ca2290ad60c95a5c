import { Module } from '@nestjs/common';
import { API_BLOB_STORE, createApiBlobStore } from './blob-store';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';

/**
 * Uploaded documents of a case and the issued PDF. The bytes are stored
 * content-addressed in BLOB_DIR (default `.data/blobs`), the worker's folder,
 * so the API serves the PDFs the worker rendered; BLOB_DIR is read when the
 * application is built.
 */
@Module({
  controllers: [DocumentsController],
  providers: [DocumentsService, { provide: API_BLOB_STORE, useFactory: () => createApiBlobStore(process.env['BLOB_DIR'] || '.data/blobs') }],
  // The legal unit reads the deed's scan of the window from the same store (ADR 0028).
  exports: [API_BLOB_STORE],
})
export class DocumentsModule {}
